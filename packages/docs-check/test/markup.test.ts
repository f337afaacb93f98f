// HTML and CSS in the docs use only what <ichat-widget> and <ichat-admin> really have: declared attributes, parts
// their templates set, custom properties their styles read, and the bundles the server serves.

import { describe, expect, it } from 'vitest';
import { where } from '../src/fences.js';
import { MARKUP_LANGUAGES, MarkupChecker } from '../src/markup/markup-check.js';
import { allBlocks } from '../src/repo.js';

const markupBlocks = allBlocks().filter((block) => MARKUP_LANGUAGES.has(block.lang) && block.skipReason === undefined);
const checker = new MarkupChecker();

describe('HTML and CSS examples', () => {
  it.each(markupBlocks.map((block) => [where(block), block] as const))('%s uses only what the elements have', (_at, block) => {
    expect(block.lang === 'css' ? checker.checkCss(block.code) : checker.checkHtml(block.code)).toEqual([]);
  });
});
