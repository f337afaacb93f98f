// The search part of the store contract: the most recent messages that hold a search's words, in given rooms.

import type { Message, SearchTerms } from '@ichat/protocol';

/** What to look for, where, and how many of the most recent matches to return. */
export interface SearchQuery {
  terms: SearchTerms;
  /** The rooms to search: the reader's (the caller checks membership). An empty list finds nothing. */
  roomIds: readonly number[];
  limit: number;
}

/**
 * Full-text search. A message is found once it is stored (in the transaction that stores it), found by its new words
 * once edited, and never again once deleted. A message matches when its text holds every word of the search, case and
 * accents aside, the last word also as the start of a longer one when `prefixLast`. Ranking is not the store's: it
 * returns the most recent matches, newest first, and the caller ranks them (the same way whatever the store).
 */
export interface SearchStore {
  recentMatches(query: SearchQuery): Promise<Message[]>;
}
