// The word list the configuration names, read and compiled once at start.

import { readFileSync } from 'node:fs';
import { IChatError } from '@ichat/protocol';
import { OPTIONS } from '../config.js';
import { parseWordList, WORD_LIST_ACTIONS, WordFilter } from './word-filter.js';

/**
 * The configured word filter, or undefined when no list is set.
 *
 * @throws {IChatError} `validation_failed` naming `--word-list` when its file cannot be read, holds an invalid
 * regular expression, or holds nothing to match.
 */
export function loadWordFilter(config: { readonly wordList: string; readonly wordListAction: string }): WordFilter | undefined {
  if (config.wordList === '') return undefined;
  const spec = OPTIONS.wordList;
  const refuse = (what: string): never => {
    throw new IChatError('validation_failed', `--${spec.flag} / ${spec.env} ${what}`, { field: 'wordList' });
  };
  // The configuration has checked the action already; this only narrows its type.
  const action = WORD_LIST_ACTIONS.find((item) => item === config.wordListAction) ?? 'block';
  let text: string;
  try {
    text = readFileSync(config.wordList, 'utf8');
  } catch (error) {
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    return refuse(`names ${config.wordList}, which cannot be read (${typeof code === 'string' ? code : 'unreadable'})`);
  }
  let filter: WordFilter;
  try {
    filter = WordFilter.compile(parseWordList(text), action);
  } catch (error) {
    return refuse(`names ${config.wordList}, whose ${error instanceof Error ? error.message : 'content is invalid'}`);
  }
  if (filter.patternCount === 0) return refuse(`names ${config.wordList}, which lists no word or pattern`);
  return filter;
}
