// Per-message cost of the word list, for a list of 1000 words and 5 patterns: a clean message (the common case), a
// blocked one, a masked one, and the same clean message with no list at all. Run with `vitest bench --run`.

import { bench, describe } from 'vitest';
import { parseWordList, WordFilter } from '../../src/moderation/word-filter.js';

/** 1000 made-up words of 5–10 letters, deterministic so runs compare. */
function words(count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: 5 + (next() % 6) }, () => letters[next() % 26]).join(''));
}

const list = parseWordList([...words(1000), 'darn', 're:fr[e3]+k', 're:b[a@]d\\s*w[o0]rd', 're:\\d{16}', 're:(.)\\1{9}', 're:sp[a4]m+'].join('\n'));
const block = WordFilter.compile(list, 'block');
const mask = WordFilter.compile(list, 'mask');
const clean = 'Hi Grace, are we still on for the design review at 3? I moved the notes into the shared folder.';
const dirty = 'Hi Grace, darn it, are we still on for the design review at 3? I moved the notes into the shared folder.';

describe('word list, per message (1000 words + 5 patterns, ~95 characters)', () => {
  bench('no list', () => {
    clean.normalize('NFC');
  });
  bench('clean message', () => {
    block.apply(clean);
  });
  bench('blocked message', () => {
    try {
      block.apply(dirty);
    } catch {
      // The refusal is the expected outcome being measured.
    }
  });
  bench('masked message', () => {
    mask.apply(dirty);
  });
});
