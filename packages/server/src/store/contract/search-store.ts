// The search part of the store contract: messages found by their words, in the rooms a reader may read.

import type { Message, SearchTerms } from '@ichat/protocol';

/** One search: what to look for, where, and which page of the ranked results. */
export interface SearchQuery {
  terms: SearchTerms;
  /** The rooms to search: the reader's (the caller checks membership). An empty list finds nothing. */
  roomIds: readonly number[];
  limit: number;
  offset: number;
}

/** A page of results, best first. */
export interface SearchPage {
  messages: Message[];
  hasMore: boolean;
}

/**
 * Full-text search. A message is found once it is stored (in the transaction that stores it), found by its new words
 * once edited, and never again once deleted. Results are ranked by relevance (BM25) among the most recent matches,
 * newer first among equals; `searchWindow` bounds how many recent matches are ranked, so a word found in millions of
 * messages costs no more than one found in hundreds.
 */
export interface SearchStore {
  search(query: SearchQuery): Promise<SearchPage>;
}
