// Folder trees in the docs list only folders and files that exist, under their real package names.

import { describe, expect, it } from 'vitest';
import { where } from '../src/fences.js';
import { allBlocks } from '../src/repo.js';
import { checkTree } from '../src/tree-check.js';

const trees = allBlocks().filter((block) => block.lang === 'tree' && block.skipReason === undefined);

describe('folder trees', () => {
  it.each(trees.map((block) => [where(block), block] as const))('%s lists what exists', (_at, block) => {
    expect(checkTree(block.code)).toEqual([]);
  });
});
