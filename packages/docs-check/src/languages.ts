// Which fence languages the docs check can check. Any other block needs a skip comment with its reason.

import type { FencedBlock } from './fences.js';
import { MARKUP_LANGUAGES } from './markup/markup-check.js';
import { SHELL_LANGUAGES } from './shell/shell-check.js';
import { SNIPPET_LANGUAGES } from './typescript/snippet-compiler.js';

/** Every language some check reads. */
export const CHECKED_LANGUAGES: ReadonlySet<string> = new Set([
  ...Object.keys(SNIPPET_LANGUAGES),
  ...SHELL_LANGUAGES,
  ...MARKUP_LANGUAGES,
  'json',
  'http',
  'tree',
]);

/** Why the block goes unchecked, or `undefined` when a check reads it. */
export function uncheckedProblem(block: FencedBlock): string | undefined {
  if (block.skipReason !== undefined) {
    return block.skipReason.length < 10 ? 'give a real reason in <!-- docs-check: skip (reason) -->' : undefined;
  }
  if (CHECKED_LANGUAGES.has(block.lang)) return undefined;
  const language = block.lang === '' ? 'no language' : `the language "${block.lang}"`;
  return `a block with ${language} is not checked: use one of ${[...CHECKED_LANGUAGES].join(', ')}, or put <!-- docs-check: skip (reason) --> on the line before it`;
}
