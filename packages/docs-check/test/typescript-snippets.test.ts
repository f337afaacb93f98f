// Every TypeScript and JavaScript block in the docs compiles against the built packages.

import { describe, expect, it } from 'vitest';
import { where } from '../src/fences.js';
import { allBlocks } from '../src/repo.js';
import { preludeFor } from '../src/typescript/preludes.js';
import { checkSnippets, SNIPPET_LANGUAGES } from '../src/typescript/snippet-compiler.js';

const snippets = allBlocks().filter((block) => block.lang in SNIPPET_LANGUAGES && block.skipReason === undefined);
const docs = [...new Set(snippets.map((block) => block.file))];

describe('TypeScript and JavaScript snippets', () => {
  it.each(docs)('%s: every snippet type-checks', (file) => {
    const blocks = snippets.filter((block) => block.file === file);
    const problems = checkSnippets(blocks, preludeFor(file)).map((problem) => `${problem.at}: ${problem.message}`);
    expect(problems, `${blocks.length} snippets from ${blocks.map(where).join(', ')}`).toEqual([]);
  });
});
