// The part of a found message a result shows: the text around its first match, cut into plain and matched runs.

/** A UTF-16 range of a message's text, as search hits give them. */
export interface TextRange {
  start: number;
  end: number;
}

/** A run of the excerpt: `match` runs are drawn in `<mark>`. */
export interface ExcerptRun {
  text: string;
  match: boolean;
}

/** How many characters of context to keep before the first match. */
const LEAD = 30;
/** The longest excerpt, in UTF-16 units: about two lines of the list. */
const LENGTH = 140;

/** Where to cut without splitting a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/**
 * The excerpt around the first range: starting at a word boundary shortly before it, an ellipsis where text was left
 * out, each range clipped to the excerpt. Ranges are taken as given (sorted, not overlapping), never as markup.
 */
export function excerptRuns(text: string, ranges: readonly TextRange[]): ExcerptRun[] {
  const first = ranges[0]?.start ?? 0;
  let start = 0;
  if (first > LEAD) {
    const space = text.lastIndexOf(' ', first - LEAD);
    start = safeCut(text, space >= 0 && first - space < LEAD * 2 ? space + 1 : first - LEAD);
  }
  const end = safeCut(text, Math.min(text.length, start + LENGTH));
  const runs: ExcerptRun[] = [];
  const push = (from: number, to: number, match: boolean): void => {
    if (to > from) runs.push({ text: text.slice(from, to), match });
  };
  let at = start;
  for (const range of ranges) {
    const from = Math.max(range.start, at);
    const to = Math.min(range.end, end);
    if (to <= from) continue;
    push(at, from, false);
    push(from, to, true);
    at = to;
  }
  push(at, end, false);
  if (start > 0) runs.unshift({ text: '…', match: false });
  if (end < text.length) runs.push({ text: '…', match: false });
  return runs;
}
