// The copy's progress: a bar redrawn in place on a terminal, plain lines elsewhere, with an ETA from this run's rate.

import { describe, expect, it } from 'vitest';
import { duration, ProgressDisplay } from '../../../src/store/copy/progress-display.js';

/** An output that keeps what was written, a terminal or not; and a clock the test moves. */
function recorder(isTTY: boolean): { isTTY: boolean; text: string; write(chunk: string): void } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe('ProgressDisplay', () => {
  it('redraws one line on a terminal, with the bar, the counts and the time left at this run’s rate', () => {
    let now = 0;
    const output = recorder(true);
    // 1,000 rows copied by an earlier run do not count towards the rate.
    const display = new ProgressDisplay(output, 11_000, 1_000, () => now);
    now = 10_000;
    display.advance('messages', 5_000);
    expect(output.text).toBe(`\r[${'#'.repeat(16)}${'-'.repeat(14)}] 6,000 / 11,000 rows (54%), messages, ETA 10 s\u001b[K`);
    now = 10_050;
    display.advance('messages', 10);
    expect(output.text.split('\r')).toHaveLength(2);
    now = 20_000;
    display.advance('messages', 4_990);
    display.finish();
    expect(output.text.endsWith('] 11,000 / 11,000 rows (100%), done in 20 s\u001b[K\n')).toBe(true);
    expect(output.text).not.toContain('\n\r');
  });

  it('writes a plain line at most every five seconds when the output is no terminal', () => {
    let now = 0;
    const output = recorder(false);
    const display = new ProgressDisplay(output, 300, 0, () => now);
    for (let second = 1; second <= 12; second++) {
      now = second * 1_000;
      display.advance('users', 10);
    }
    display.finish();
    expect(output.text.split('\n').filter(Boolean)).toEqual([
      'copied 50 / 300 rows (16%), users, ETA 25 s',
      'copied 100 / 300 rows (33%), users, ETA 20 s',
      'copied 120 / 300 rows (40%), ETA 18 s',
    ]);
  });

  it('spells durations as seconds, minutes or hours', () => {
    expect([duration(9.4), duration(309), duration(3_909)]).toEqual(['9 s', '5:09', '1:05:09']);
  });
});
