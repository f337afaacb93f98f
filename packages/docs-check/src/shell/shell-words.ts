// Splits the docs' shell lines into simple commands and their words, as far as the docs use the shell: quotes,
// backslashes, `$(…)`, `&&`, `||`, `;`, `|`, comments, and `<placeholders with spaces>`.

/** One simple command: its words with quotes removed. */
export type SimpleCommand = readonly string[];

/** A cron schedule (`0 3 * * *`) before a command, as crontab lines in the docs have. */
const CRON_SCHEDULE = /^\s*(?:[\d*/,-]+\s+){5}/;

/**
 * The logical lines of a shell block: continuation backslashes joined, blank and comment-only lines dropped, and a
 * leading cron schedule removed.
 */
export function shellLines(code: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  code.split('\n').forEach((raw, index) => {
    const text = pending === undefined ? raw : `${pending.text} ${raw.trim()}`;
    const start = pending?.line ?? index;
    if (/(^|[^\\])\\$/.test(text)) {
      pending = { text: text.slice(0, -1), line: start };
      return;
    }
    pending = undefined;
    if (text.trim() === '' || text.trim().startsWith('#')) return;
    lines.push({ text: text.replace(CRON_SCHEDULE, ''), line: start });
  });
  if (pending !== undefined) lines.push(pending);
  return lines;
}

/** Splits one line into simple commands. Throws on an unclosed quote or `$(`. */
export function splitCommands(line: string): SimpleCommand[] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] ?? '';
    if (char === ' ' || char === '\t') {
      endWord();
    } else if (char === '#' && word === undefined) {
      break;
    } else if (char === "'") {
      const close = line.indexOf("'", index + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${line}`);
      word = (word ?? '') + line.slice(index + 1, close);
      index = close;
    } else if (char === '"') {
      let text = '';
      for (index += 1; index < line.length && line[index] !== '"'; index += 1) {
        if (line[index] === '\\' && index + 1 < line.length) index += 1;
        text += line[index] ?? '';
      }
      if (index >= line.length) throw new Error(`unclosed " in: ${line}`);
      word = (word ?? '') + text;
    } else if (char === '\\') {
      word = (word ?? '') + (line[index + 1] ?? '');
      index += 1;
    } else if (char === '$' && line[index + 1] === '(') {
      let depth = 0;
      const start = index;
      for (; index < line.length; index += 1) {
        if (line[index] === '(') depth += 1;
        if (line[index] === ')' && --depth === 0) break;
      }
      if (index >= line.length) throw new Error(`unclosed $( in: ${line}`);
      word = (word ?? '') + line.slice(start, index + 1);
    } else if (char === '<' && word === undefined && line.indexOf('>', index) > index) {
      const close = line.indexOf('>', index);
      word = line.slice(index, close + 1);
      index = close;
    } else if (char === '&' || char === '|' || char === ';') {
      if (line[index + 1] === char) index += 1;
      endCommand();
    } else {
      word = (word ?? '') + char;
    }
  }
  endCommand();
  return commands;
}

/** Whether a word is a `NAME=value` assignment. */
export function isAssignment(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
}
