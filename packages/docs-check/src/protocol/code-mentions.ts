// Finds the error and close codes a doc's prose and tables mention, so each can be checked against the protocol's
// tables (ERROR_CODES, CLOSE_CODES).

/** A code the doc names, where, and the HTTP status it pairs it with (when it does). */
export interface CodeMention {
  readonly code: string;
  readonly line: number;
  readonly status?: number;
}

/** A pipe table: its header cells and rows of cells, with the line each row is on. */
export interface MarkdownTable {
  readonly header: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly line: number }[];
}

/** The lines of `markdown` outside fenced blocks (others are blanked, so line numbers stay right). */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((text) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return '';
    }
    return fence === undefined ? text : '';
  });
}

function cellsOf(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every pipe table outside fenced blocks. */
export function tablesOf(markdown: string): MarkdownTable[] {
  const lines = proseLines(markdown);
  const tables: MarkdownTable[] = [];
  for (let index = 0; index + 1 < lines.length; index += 1) {
    const header = lines[index] ?? '';
    if (!header.trim().startsWith('|') || !/^\s*\|?\s*:?-{3,}/.test(lines[index + 1] ?? '')) continue;
    const rows: { cells: string[]; line: number }[] = [];
    let row = index + 2;
    for (; row < lines.length && (lines[row] ?? '').trim().startsWith('|'); row += 1) {
      rows.push({ cells: cellsOf(lines[row] ?? ''), line: row + 1 });
    }
    tables.push({ header: cellsOf(header).map((cell) => cell.toLowerCase()), rows });
    index = row;
  }
  return tables;
}

/** The first `code span` of a table cell or text, unless it is a JSON object. */
function firstCodeSpan(text: string): string | undefined {
  return /`([a-z_]+)`/.exec(text)?.[1];
}

/**
 * Error codes mentioned in `markdown`: in `"code":"…"` JSON, in the `code` or `error` column of a table, in the
 * paragraphs that start with "Errors:", and as a status with its code (`403 origin_not_allowed`, 404 `not_found`).
 * The close-code table is left to {@link closeCodeRows}: its `code` column holds numbers.
 */
export function errorCodeMentions(markdown: string): CodeMention[] {
  const lines = proseLines(markdown);
  const mentions: CodeMention[] = [];
  lines.forEach((text, index) => {
    for (const match of text.matchAll(/"code"\s*:\s*"([^"]*)"/g)) mentions.push({ code: match[1] ?? '', line: index + 1 });
    for (const match of text.matchAll(/(?<![\d*])(\d{3}) `([a-z_]+)`|`(\d{3}) ([a-z_]+)`/g)) {
      mentions.push({ code: match[2] ?? match[4] ?? '', line: index + 1, status: Number(match[1] ?? match[3]) });
    }
  });
  for (const table of tablesOf(markdown)) {
    if (table.header.includes('reason string')) continue;
    for (const column of ['code', 'error']) {
      const at = table.header.indexOf(column);
      if (at < 0) continue;
      for (const row of table.rows) {
        const code = firstCodeSpan(row.cells[at] ?? '');
        if (code !== undefined) mentions.push({ code, line: row.line });
      }
    }
  }
  let paragraph: { text: string; line: number } | undefined;
  const flush = (): void => {
    if (paragraph === undefined || !paragraph.text.startsWith('Errors:')) return;
    const withoutAsides = paragraph.text.replace(/\([^()]*\)/g, '');
    for (const match of withoutAsides.matchAll(/`([^`]+)`/g)) {
      const code = match[1] ?? '';
      if (!code.startsWith('{')) mentions.push({ code, line: paragraph.line });
    }
  };
  lines.forEach((text, index) => {
    if (text.trim() === '') {
      flush();
      paragraph = undefined;
    } else if (paragraph === undefined) {
      paragraph = { text: text.trim(), line: index + 1 };
    } else {
      paragraph.text += ` ${text.trim()}`;
    }
  });
  flush();
  return mentions;
}

/** The rows of the doc's error-code table (`| code | HTTP status | retryable | … |`). */
export function errorCodeRows(markdown: string): { code: string; status: number; retryable: boolean; line: number }[] {
  const table = tablesOf(markdown).find((candidate) => candidate.header.join('|').startsWith('code|http status|retryable'));
  return (table?.rows ?? []).map((row) => ({
    code: firstCodeSpan(row.cells[0] ?? '') ?? '',
    status: Number(row.cells[1]),
    retryable: /yes/.test(row.cells[2] ?? ''),
    line: row.line,
  }));
}

/** The rows of the doc's close-code table (`| code | name | reason string | … |`). */
export function closeCodeRows(markdown: string): { code: number; name: string; line: number }[] {
  const table = tablesOf(markdown).find((candidate) => candidate.header.includes('reason string'));
  return (table?.rows ?? []).map((row) => ({
    code: Number(row.cells[0]),
    name: firstCodeSpan(row.cells[1] ?? '') ?? '',
    line: row.line,
  }));
}
