// Ranks a search's candidates: BM25 over the window of recent matches the store returned, with the highlights found
// on the way. Done here rather than in the database so every store ranks alike and the index is read only once.

import { textMatches, type Message, type SearchHit, type SearchTerms } from '@ichat/protocol';

/** How many of the most recent matches are ranked: enough for any page a reader scrolls to, bounded in cost. */
export const SEARCH_WINDOW = 500;

// BM25's usual constants: how fast repeats of a word stop adding (k1), and how much a long text is discounted (b).
const K1 = 1.2;
const B = 0.75;

/**
 * Scores each message by BM25, with each word's rarity and the average length taken over the window, and sorts the
 * best first; the window comes newest first and the sort is stable, so the newer of two equal scores comes first.
 */
export function rankMatches(messages: readonly Message[], terms: SearchTerms): SearchHit[] {
  const found = messages.map((message) => ({ message, matches: textMatches(message.text, terms) }));
  const total = found.length;
  const averageWords = found.reduce((sum, { matches }) => sum + matches.words, 0) / Math.max(1, total);
  const idf = terms.words.map((_, index) => {
    const holding = found.filter(({ matches }) => (matches.counts[index] ?? 0) > 0).length;
    return Math.log(1 + (total - holding + 0.5) / (holding + 0.5));
  });
  const scored = found.map(({ message, matches }) => {
    const lengthNorm = K1 * (1 - B + (B * matches.words) / Math.max(1, averageWords));
    const score = matches.counts.reduce((sum, count, index) => sum + ((idf[index] ?? 0) * count * (K1 + 1)) / (count + lengthNorm), 0);
    return { hit: { message, highlights: matches.ranges }, score };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.map(({ hit }) => hit);
}
