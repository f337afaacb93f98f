// Message search as both ends read it: the query's rule, its words, and where they match in a message's text.

import { IChatError } from './errors.js';
import { LIMITS } from './rules.js';

/** A searchable word: letters, digits and marks (as SQLite's unicode61 tokenizer reads words), private-use too. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** What a search looks for: its words, and whether the last one is still being typed (matched as a prefix). */
export interface SearchTerms {
  /** Lower-cased, without diacritics, in the order given; duplicates dropped. */
  words: string[];
  /** Whether the last word also matches longer words that start with it (it has at least `searchPrefixMin` letters). */
  prefixLast: boolean;
}

/** Folds a word the way the search index does: lower case, diacritics removed (`Élan` and `elan` are one word). */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A text's distinct words as a search index holds them: folded, in the order they first appear. */
export function indexedWords(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(WORD), (match) => foldWord(match[0])).filter((word) => word !== ''))];
}

/**
 * Reads a search query: 1–200 characters with at least one word in them, at most 16 words. The last word matches as
 * a prefix when the query does not end in a space and it is long enough, so results follow the typing.
 *
 * @throws {IChatError} `validation_failed` (field `query`).
 */
export function searchTermsOf(value: unknown, field = 'query'): SearchTerms {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'A search query is required', { field });
  if ([...value].length > LIMITS.searchQueryMax) {
    throw new IChatError('validation_failed', `A search query is at most ${LIMITS.searchQueryMax} characters`, { field });
  }
  const words = indexedWords(value);
  if (words.length === 0) throw new IChatError('validation_failed', 'Search for at least one word', { field });
  if (words.length > LIMITS.searchWordsMax) {
    throw new IChatError('validation_failed', `Search for at most ${LIMITS.searchWordsMax} words`, { field });
  }
  const last = words[words.length - 1] ?? '';
  const prefixLast = !/\s$/u.test(value) && [...last].length >= LIMITS.searchPrefixMin;
  return { words, prefixLast };
}

/** Where a search's words occur in a text: UTF-16 offsets, `end` exclusive, in order, not overlapping. */
export interface TextRange {
  start: number;
  end: number;
}

/** What a search found in one text: where its words are, how often each query word matched, and the text's length. */
export interface TextMatches {
  /** The matched words of the text, in order. */
  ranges: TextRange[];
  /** How many words of the text each query word matched, in the order of `terms.words`. */
  counts: number[];
  /** How many words the text has. */
  words: number;
}

/**
 * Reads `text` against a search: each word of the text whose folded form is one of the search's words (or, for the
 * last word when `prefixLast`, starts with it) is a match, counted for that query word.
 */
export function textMatches(text: string, terms: SearchTerms): TextMatches {
  const last = terms.words.length - 1;
  const prefix = terms.prefixLast ? terms.words[last] : undefined;
  const ranges: TextRange[] = [];
  const counts = terms.words.map(() => 0);
  let words = 0;
  for (const match of text.matchAll(WORD)) {
    words += 1;
    const word = foldWord(match[0]);
    let index = terms.words.indexOf(word);
    if (index < 0 && prefix !== undefined && word.startsWith(prefix)) index = last;
    if (index < 0) continue;
    counts[index] = (counts[index] ?? 0) + 1;
    ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return { ranges, counts, words };
}

/** The words of `text` that a search matched, for highlighting (see {@link textMatches}). */
export function matchRanges(text: string, terms: SearchTerms): TextRange[] {
  return textMatches(text, terms).ranges;
}
