// What the PostgreSQL search index holds for a text: its words folded as the protocol folds a query's, as lexemes.

import { indexedWords } from '@ichat/protocol';

/** PostgreSQL refuses a lexeme of 2 KiB or more; a "word" that long is no word anyone searches for. */
const MAX_LEXEME_BYTES = 2_046;

/**
 * The text's folded words, space-separated, for `array_to_tsvector(string_to_array(…, ' '))`: the words are letters,
 * digits and private-use characters only, so a space never occurs inside one and PostgreSQL's parser never sees them
 * (it would split `v1.2` or an address differently from the protocol).
 */
export function searchWords(text: string): string {
  return indexedWords(text)
    .filter((word) => Buffer.byteLength(word) <= MAX_LEXEME_BYTES)
    .join(' ');
}
