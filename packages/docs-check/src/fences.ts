// Finds the fenced code blocks of a Markdown file, with what the checks need to know about each one.

/** One fenced block, as written in the doc. */
export interface FencedBlock {
  /** The doc's path from the repository root, e.g. `docs/sdk.md`. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, lower-cased; `''` when the fence has none. */
  readonly lang: string;
  /** The block's text, without the fences and without the indentation of the opening fence. */
  readonly code: string;
  /** The reason given by a `<!-- docs-check: skip (reason) -->` comment on the line before the fence, if any. */
  readonly skipReason: string | undefined;
  /** The text of the nearest heading above the block. */
  readonly heading: string;
  /** The paragraph (or list item) just above the block, joined into one line. */
  readonly lead: string;
  /** The bold term that opens the last paragraph of the section before the block, as in `**Chat** is …`. */
  readonly term: string | undefined;
}

const FENCE = /^( {0,12})(`{3,}|~{3,})\s*([^`\s]*)(.*)$/;
const SKIP_COMMENT = /^\s*<!--\s*docs-check:\s*skip\s*\((.*)\)\s*-->\s*$/;
const MALFORMED_SKIP = /^\s*<!--\s*docs-check/;
const HEADING = /^#{1,6}\s+(.*)$/;
const TERM = /^\*\*([^*]+)\*\*/;

/** Where a block is, for messages: `docs/sdk.md:42`. */
export function where(block: Pick<FencedBlock, 'file' | 'line'>): string {
  return `${block.file}:${block.line}`;
}

/**
 * Extracts every fenced block of `markdown`. A fence may be indented (inside a list item); its indentation is
 * removed from the block's lines. An unclosed fence is an error, as is a `docs-check` comment that is not a
 * well-formed skip with a reason.
 */
export function extractFences(file: string, markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let heading = '';
  let term: string | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    const headingMatch = HEADING.exec(text);
    if (headingMatch !== null) {
      heading = headingMatch[1] ?? '';
      term = undefined;
    }
    const termMatch = (lines[index - 1] ?? '').trim() === '' ? TERM.exec(text) : null;
    if (termMatch !== null) term = termMatch[1];
    if (MALFORMED_SKIP.test(text) && !SKIP_COMMENT.test(text)) {
      throw new Error(`${file}:${index + 1}: a docs-check comment must read <!-- docs-check: skip (reason) -->`);
    }
    const open = FENCE.exec(text);
    if (open === null) continue;
    const indent = open[1] ?? '';
    const marker = open[2] ?? '```';
    const start = index;
    const body: string[] = [];
    let closed = false;
    for (index += 1; index < lines.length; index += 1) {
      const inner = lines[index] ?? '';
      const trimmed = inner.trim();
      if (trimmed.startsWith(marker) && trimmed.replaceAll(marker[0] ?? '`', '') === '') {
        closed = true;
        break;
      }
      body.push(inner.startsWith(indent) ? inner.slice(indent.length) : inner.trimStart());
    }
    if (!closed) throw new Error(`${file}:${start + 1}: this fence is never closed`);
    blocks.push({
      file,
      line: start + 1,
      lang: (open[3] ?? '').toLowerCase(),
      code: body.join('\n'),
      skipReason: skipReasonBefore(lines, start),
      heading,
      lead: leadBefore(lines, start),
      term,
    });
  }
  return blocks;
}

function skipReasonBefore(lines: readonly string[], fence: number): string | undefined {
  const previous = lines[fence - 1];
  if (previous === undefined) return undefined;
  const match = SKIP_COMMENT.exec(previous);
  return match === null ? undefined : (match[1] ?? '').trim();
}

/** The non-blank lines just above the fence (skipping a skip comment), up to a blank line, a heading or a fence. */
function leadBefore(lines: readonly string[], fence: number): string {
  const collected: string[] = [];
  let index = fence - 1;
  if (SKIP_COMMENT.test(lines[index] ?? '')) index -= 1;
  while (index >= 0 && (lines[index] ?? '').trim() === '') index -= 1;
  for (; index >= 0; index -= 1) {
    const text = (lines[index] ?? '').trim();
    if (text === '' || HEADING.test(text) || FENCE.test(text)) break;
    collected.unshift(text);
  }
  return collected.join(' ');
}
