import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../../src/accounting/latency.js';

describe('LatencyRecorder', () => {
  it('reports percentiles in milliseconds from microsecond records', () => {
    const recorder = new LatencyRecorder();
    for (let us = 1; us <= 1000; us++) recorder.record(us * 10);
    const summary = recorder.summary();
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(5, 1);
    expect(summary.p99).toBeCloseTo(9.9, 1);
    expect(summary.max).toBeCloseTo(10, 1);
  });

  it('keeps a rare slow delivery in the tail instead of dropping it', () => {
    const recorder = new LatencyRecorder();
    for (let i = 0; i < 999; i++) recorder.record(1000);
    recorder.record(2_000_000);
    expect(recorder.percentileMs(99.95)).toBeGreaterThan(1900);
    expect(recorder.summary().max).toBeCloseTo(2000, -1);
  });

  it('counts negative latencies (timer granularity) as zero and starts empty after reset', () => {
    const recorder = new LatencyRecorder();
    recorder.record(-5);
    expect(recorder.summary().max).toBe(0);
    recorder.reset();
    expect(recorder.summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });
});
