// Every JSON block in the docs passes the protocol's validators: client frames parseClientFrame, server frames
// parseServerFrame (and a reply's result parseResult for its request), objects and bodies their own validators.

import { describe, expect, it } from 'vitest';
import { where } from '../src/fences.js';
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
