// Every fenced block of every doc is read by a check, or says why not.

import { describe, expect, it } from 'vitest';
import { extractFences, where } from '../src/fences.js';
import { uncheckedProblem } from '../src/languages.js';
import { allBlocks, docFiles } from '../src/repo.js';

describe('which blocks are checked', () => {
  it('reads the README, every doc and every example README', () => {
    expect(docFiles()).toEqual(expect.arrayContaining(['README.md', 'docs/protocol.md', 'docs/sdk.md', 'examples/self-hosted/README.md']));
  });

  it('every block has a checked language or a skip comment with a reason', () => {
    const problems = allBlocks().flatMap((block) => {
      const problem = uncheckedProblem(block);
      return problem === undefined ? [] : [`${where(block)}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('finds indented fences, their language and the skip reason before them', () => {
    const markdown = ['Intro', '', '<!-- docs-check: skip (an output sample) -->', '```text', 'hello', '```', '', '- item', '', '  ```json', '  {"a": 1}', '  ```'].join('\n');
    const blocks = extractFences('x.md', markdown);
    expect(blocks.map((block) => ({ line: block.line, lang: block.lang, code: block.code, skip: block.skipReason }))).toEqual([
      { line: 4, lang: 'text', code: 'hello', skip: 'an output sample' },
      { line: 10, lang: 'json', code: '{"a": 1}', skip: undefined },
    ]);
  });

  it('refuses an unknown language without a skip comment, and an unclosed fence', () => {
    const [block] = extractFences('x.md', '```yaml\na: 1\n```\n');
    expect(block === undefined ? 'none' : uncheckedProblem(block)).toMatch(/the language "yaml" is not checked/);
    expect(() => extractFences('x.md', '```sh\nls\n')).toThrow(/never closed/);
    expect(() => extractFences('x.md', '<!-- docs-check: skip -->\n```text\nx\n```\n')).toThrow(/must read/);
  });
});
