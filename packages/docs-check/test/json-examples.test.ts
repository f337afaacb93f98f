// Every JSON block in the docs passes the protocol's validators: client frames parseClientFrame, server frames
// parseServerFrame (and a reply's result parseResult for its request), objects and bodies their own validators.

import { describe, expect, it } from 'vitest';
import { where, type FencedBlock } from '../src/fences.js';
import { JsonExampleChecker } from '../src/protocol/json-examples.js';
import { allBlocks } from '../src/repo.js';

const jsonBlocks = allBlocks().filter((block) => block.lang === 'json' && block.skipReason === undefined);

describe('JSON examples', () => {
  const checkers = new Map<string, JsonExampleChecker>();
  const checkerFor = (file: string): JsonExampleChecker => {
    let checker = checkers.get(file);
    if (checker === undefined) {
      checker = new JsonExampleChecker(jsonBlocks.filter((block) => block.file === file));
      checkers.set(file, checker);
    }
    return checker;
  };

  it.each(jsonBlocks.map((block) => [where(block), block] as const))('%s is valid', (_at, block) => {
    expect(checkerFor(block.file).check(block)).toEqual([]);
  });
});

describe('webhook examples', () => {
  const block = (code: string): FencedBlock => ({ file: 'docs/webhooks.md', line: 1, lang: 'json', code, skipReason: undefined, heading: '', lead: '', term: undefined });
  const check = (code: string): string[] => new JsonExampleChecker([]).check(block(code));

  it('accepts a webhook body that fits its type, and names what does not', () => {
    expect(check('{"id":"e1","type":"member.added","createdAt":1,"data":{"roomId":7,"userId":12}}')).toEqual([]);
    expect(check('{"id":"e1","type":"member.added","createdAt":1,"data":{"roomId":7}}')).toEqual([
      'bad_request: "data.userId" must be an integer ≥ 1 (field data.userId)',
    ]);
    expect(check('{"id":"e1","type":"member.added","createdAt":1,"data":{"roomId":7,"userId":12,"by":3}}')).toEqual([
      '$.data.by is not a field of the member.added webhook',
    ]);
  });
});
