// The Node.js versions the server runs on: what `engines` says, and the one line that refuses any other.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE, unsupportedNodeProblem } from '../src/node-support.js';

describe('unsupportedNodeProblem', () => {
  it('accepts Node.js 20 from 20.19, the version this suite runs on included', () => {
    for (const version of ['20.19.0', '20.20.2', '20.99.1', process.versions.node]) expect(unsupportedNodeProblem(version)).toBeUndefined();
  });

  it('refuses 22, 24 and later in one line naming what runs and pointing to the binary', () => {
    for (const version of ['22.12.0', '24.3.0', '26.0.0']) {
      const problem = unsupportedNodeProblem(version) ?? '';
      expect(problem).toContain(`Node.js v${version} is not supported: the server runs on Node.js 20.19 or a later 20.x`);
      expect(problem).toContain('no native binary for newer ones');
      expect(problem).toContain('ichat-server binary, which brings its own Node.js');
      expect(problem).not.toContain('\n');
    }
  });

  it('refuses Node.js 20 before 20.19, and older lines', () => {
    for (const version of ['20.18.3', '18.20.4']) expect(unsupportedNodeProblem(version)).toContain('older ones lack what it uses');
  });

  it('matches the range package.json declares in engines', () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest).toMatchObject({ engines: { node: SUPPORTED_NODE.range } });
  });
});
