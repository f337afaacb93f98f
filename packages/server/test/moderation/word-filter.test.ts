// The word list: Unicode-aware whole-word matching (NFKC, case, invisible characters), regular expressions, blocking
// without echoing the word, and masking that maps matches back onto the original characters.

import { describe, expect, it } from 'vitest';
import { parseWordList, WordFilter } from '../../src/moderation/word-filter.js';

const LIST = ['# house rules', 'darn', 'Heck  ', '', 'dang it', 're:fr[e3]+k(?:ing)?', 're:\\bsp(a|4)m\\1'].join('\n');

function filter(action: 'block' | 'mask'): WordFilter {
  return WordFilter.compile(parseWordList(LIST), action);
}

describe('parseWordList', () => {
  it('reads words and re: patterns, skipping blanks and comments, trimming each line', () => {
    expect(parseWordList(LIST)).toEqual([
      { kind: 'word', text: 'darn' },
      { kind: 'word', text: 'Heck' },
      { kind: 'word', text: 'dang it' },
      { kind: 'regex', source: 'fr[e3]+k(?:ing)?', line: 6 },
      { kind: 'regex', source: '\\bsp(a|4)m\\1', line: 7 },
    ]);
  });
});

describe('blocking', () => {
  const words = filter('block');

  it('passes clean text through untouched', () => {
    expect(words.apply('Darning socks in Scunthorpe')).toBe('Darning socks in Scunthorpe');
  });

  it.each([
    ['plain', 'well darn'],
    ['any case', 'DARN it'],
    ['full-width letters (NFKC)', 'ｄａｒｎ'],
    ['styled letters (NFKC)', '𝐝𝐚𝐫𝐧'],
    ['a zero-width space inside', 'da\u200Brn'],
    ['a phrase', 'oh dang it all'],
    ['a pattern', 'what the fr33k'],
    ['a pattern whose backreference stays its own', 'spam4'.replace('4', 'a')],
  ])('refuses %s with message_rejected that does not echo the word', (_what, text) => {
    let thrown: unknown;
    try {
      words.apply(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'message_rejected', field: 'text' });
    expect(String((thrown as Error).message).toLowerCase()).not.toMatch(/darn|dang|fr|spa/);
  });

  it('matches whole words only', () => {
    expect(words.apply('Heckler and darned')).toBe('Heckler and darned');
  });
});

describe('masking', () => {
  const words = filter('mask');

  it('masks each match with one asterisk per character, keeping the rest as written', () => {
    expect(words.apply('Well DARN, freeking heck!')).toBe('Well ****, ******** ****!');
  });

  it('masks the original characters of a match found in their folded form', () => {
    expect(words.apply('ｄａｒｎ it')).toBe('**** it');
    expect(words.apply('oh da\u200Brn')).toBe('oh *****');
  });

  it('counts a letter with its combining accents as one character', () => {
    const accented = WordFilter.compile(parseWordList('café'), 'mask');
    expect(accented.apply('un cafe\u0301 noir')).toBe('un **** noir');
  });
});

describe('compiling', () => {
  it('names the line of an invalid pattern', () => {
    expect(() => WordFilter.compile(parseWordList('ok\nre:(unclosed'), 'block')).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining('line 2') }),
    );
  });
});
