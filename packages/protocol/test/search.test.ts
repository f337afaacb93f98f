import { describe, expect, it } from 'vitest';
import { IChatError, LIMITS, matchRanges, searchTermsOf, textMatches } from '../src/index.js';

function refused(query: unknown): IChatError {
  try {
    searchTermsOf(query);
  } catch (error) {
    if (error instanceof IChatError) return error;
  }
  throw new Error(`searchTermsOf(${JSON.stringify(query)}) did not refuse`);
}

describe('searchTermsOf', () => {
  it('reads words folded to lower case without diacritics, once each, the last one as a prefix', () => {
    expect(searchTermsOf('Crème BRÛLÉE crème reci')).toEqual({ words: ['creme', 'brulee', 'reci'], prefixLast: true });
  });

  it('matches the last word exactly once the query ends in a space, or when it is too short to be a useful prefix', () => {
    expect(searchTermsOf('recipe ')).toEqual({ words: ['recipe'], prefixLast: false });
    expect(searchTermsOf('go to')).toEqual({ words: ['go', 'to'], prefixLast: false });
  });

  it('ignores punctuation and search syntax, so nothing typed is read as an operator', () => {
    expect(searchTermsOf('"NEAR(a b)" OR col:* -x^')).toEqual({ words: ['near', 'a', 'b', 'or', 'col', 'x'], prefixLast: false });
  });

  it('refuses a query with no word, too long, or with too many words, with a typed error on `query`', () => {
    for (const query of ['', '  ', '?!… —', 42, null]) expect(refused(query)).toMatchObject({ code: 'validation_failed', field: 'query' });
    expect(refused('a'.repeat(LIMITS.searchQueryMax + 1)).message).toMatch(/at most/);
    expect(refused(Array.from({ length: LIMITS.searchWordsMax + 1 }, (_, i) => `w${i}`).join(' ')).message).toMatch(/words/);
  });
});

describe('matchRanges', () => {
  it('finds each matching word of the text by its folded form, the last query word as a prefix', () => {
    const text = 'Who baked the Crème brûlée? Brûlées are best.';
    const ranges = matchRanges(text, searchTermsOf('creme brul'));
    expect(ranges.map(({ start, end }) => text.slice(start, end))).toEqual(['Crème', 'brûlée', 'Brûlées']);
  });

  it('counts offsets in UTF-16 units, past emoji and astral letters', () => {
    const text = '🎉 party 𝒜lpha party';
    const ranges = matchRanges(text, searchTermsOf('party '));
    expect(ranges.map(({ start, end }) => text.slice(start, end))).toEqual(['party', 'party']);
    expect(ranges[0]?.start).toBe(3);
  });

  it('finds nothing in a text without the words', () => {
    expect(matchRanges('nothing to see', searchTermsOf('missing'))).toEqual([]);
  });
});

describe('textMatches', () => {
  it('counts how many words of the text each query word matched, and the words of the text', () => {
    const found = textMatches('Deploy, then deploy again; deployment done.', searchTermsOf('done deploy'));
    expect(found.counts).toEqual([1, 3]);
    expect(found.words).toBe(6);
    expect(found.ranges).toHaveLength(4);
  });
});
