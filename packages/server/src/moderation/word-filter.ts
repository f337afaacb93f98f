// The word list: words and regular expressions that block or mask a message's text, compiled once, checked per message.

import { IChatError } from '@ichat/protocol';

/** What a match does: refuse the message (`message_rejected`), or store it with each match replaced by asterisks. */
export const WORD_LIST_ACTIONS = ['block', 'mask'] as const;
export type WordListAction = (typeof WORD_LIST_ACTIONS)[number];

/** A line that starts with this holds a regular expression rather than a word. */
export const REGEX_PREFIX = 're:';

/** Format characters (zero-width joiners and spaces, direction marks): invisible, so they must not split a word. */
const FORMAT_CHARS = /\p{Cf}/gu;
/** A base character with the combining marks that follow it: the unit masking replaces by one asterisk. */
const CHARACTER = /\P{M}\p{M}*|\p{M}+/gu;

/**
 * How text is compared: compatibility forms folded (NFKC: full-width letters, ligatures, circled and styled letters
 * become plain ones), invisible format characters dropped. Case is folded by the `iu` flags of every pattern.
 */
function fold(text: string): string {
  return text.normalize('NFKC').replace(FORMAT_CHARS, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One entry of the list as written: a word (or phrase) or a regular expression's source. */
export type WordListEntry = { kind: 'word'; text: string } | { kind: 'regex'; source: string; line: number };

/**
 * Reads a word list file: one word or phrase per line, `re:` then a regular expression for patterns; blank lines and
 * lines starting with `#` are skipped.
 */
export function parseWordList(text: string): WordListEntry[] {
  const entries: WordListEntry[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith(REGEX_PREFIX)) entries.push({ kind: 'regex', source: line.slice(REGEX_PREFIX.length).trim(), line: index + 1 });
    else entries.push({ kind: 'word', text: line });
  }
  return entries;
}

/**
 * A compiled word list. Words become one regular expression (longest first, whole words only, so "class" does not
 * match "ass"); each `re:` pattern stays its own, so its groups and backreferences mean what they meant. The common
 * case, a clean message, costs one NFKC pass and one test per pattern.
 *
 * @example
 * ```ts
 * const filter = WordFilter.compile(parseWordList('darn\nre:fr[e3]+k'), 'mask');
 * filter.apply('Darn it'); // '**** it'
 * ```
 */
export class WordFilter {
  readonly action: WordListAction;
  /** Non-global, for the yes/no test on every message. */
  readonly #tests: readonly RegExp[];
  /** Global copies, for finding every match when masking. */
  readonly #finds: readonly RegExp[];

  private constructor(action: WordListAction, patterns: readonly RegExp[]) {
    this.action = action;
    this.#tests = patterns;
    this.#finds = patterns.map((pattern) => new RegExp(pattern.source, `${pattern.flags}g`));
  }

  /**
   * Compiles a list.
   *
   * @throws {IChatError} `validation_failed` when a `re:` line is not a valid regular expression (naming its line).
   */
  static compile(entries: readonly WordListEntry[], action: WordListAction): WordFilter {
    const words = [...new Set(entries.flatMap((entry) => (entry.kind === 'word' ? [fold(entry.text).toLowerCase()] : [])))]
      .filter((word) => word !== '')
      .sort((a, b) => b.length - a.length);
    const patterns: RegExp[] = [];
    if (words.length > 0) {
      patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu'));
    }
    for (const entry of entries) {
      if (entry.kind !== 'regex') continue;
      try {
        patterns.push(new RegExp(entry.source, 'iu'));
      } catch (error) {
        const why = error instanceof Error ? error.message : 'invalid';
        throw new IChatError('validation_failed', `line ${entry.line} is not a valid regular expression (${why})`, { field: 'wordList' });
      }
    }
    return new WordFilter(action, patterns);
  }

  /** How many patterns a message is tested against. */
  get patternCount(): number {
    return this.#tests.length;
  }

  /**
   * The text to store: unchanged when nothing matches, masked when the action is `mask`.
   *
   * @throws {IChatError} `message_rejected` when something matches and the action is `block` — the error never names
   * what matched, so the list cannot be read back by probing.
   */
  apply(text: string): string {
    const folded = fold(text);
    if (!this.#tests.some((pattern) => pattern.test(folded))) return text;
    if (this.action === 'mask') {
      const masked = this.#mask(text);
      if (masked !== undefined) return masked;
    }
    throw new IChatError('message_rejected', 'This message contains words this server does not allow', { field: 'text' });
  }

  /**
   * Masks every match, one asterisk per character matched. Matching runs on the folded text of each character, and a
   * match is mapped back to the characters it came from. Undefined in the rare case where folding character by
   * character finds nothing that folding the whole text found (a composition across characters): the caller then
   * refuses the message rather than let it through.
   */
  #mask(text: string): string | undefined {
    const pieces = text.match(CHARACTER) ?? [];
    const starts: number[] = [];
    let folded = '';
    for (const piece of pieces) {
      starts.push(folded.length);
      folded += fold(piece);
    }
    const hit = new Array<boolean>(pieces.length).fill(false);
    let found = false;
    for (const pattern of this.#finds) {
      pattern.lastIndex = 0;
      for (const match of folded.matchAll(pattern)) {
        if (match[0] === '') continue;
        found = true;
        const from = match.index;
        const to = from + match[0].length;
        for (const [index, start] of starts.entries()) {
          const end = starts[index + 1] ?? folded.length;
          // An invisible character folds to nothing; inside a match it goes with it.
          if (end > start ? start < to && end > from : start > from && start < to) hit[index] = true;
        }
      }
    }
    if (!found) return undefined;
    return pieces.map((piece, index) => (hit[index] === true ? '*' : piece)).join('');
  }
}
