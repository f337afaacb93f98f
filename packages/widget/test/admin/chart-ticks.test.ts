import { expect } from '@esm-bundle/chai';
import { scaleLinear } from 'd3-scale';
import { wholeTicks } from '../../src/charts/chart-geometry.js';

describe('wholeTicks', () => {
  it('gives a small count range whole-number ticks only, each once', () => {
    // d3 would tick [0, 2] every 0.5 for five ticks; printed as counts those read 0, 1, 1, 2, 2.
    expect(wholeTicks(scaleLinear().domain([0, 2]), 5)).to.deep.equal([0, 1, 2]);
    expect(wholeTicks(scaleLinear().domain([0, 1]), 6)).to.deep.equal([0, 1]);
  });

  it('keeps the ticks of a large range as d3 spaces them', () => {
    expect(wholeTicks(scaleLinear().domain([0, 5000]), 5)).to.deep.equal([0, 1000, 2000, 3000, 4000, 5000]);
  });
});
