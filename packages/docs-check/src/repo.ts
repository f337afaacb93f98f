// Where things are in this repository, and which docs the check reads.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFences, type FencedBlock } from './fences.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** This package's folder: snippets resolve `@ichat/sdk` and `@ichat/widget` from here. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Every doc whose blocks are checked: the top-level README, docs/*.md, each package's and each example's README. */
export function docFiles(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const examples = readdirSync(join(REPO_ROOT, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `examples/${entry.name}/README.md`)
    .filter((path) => readdirSync(join(REPO_ROOT, path, '..')).includes('README.md'));
  const packages = readdirSync(join(REPO_ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((path) => readdirSync(join(REPO_ROOT, path, '..')).includes('README.md'));
  return ['README.md', ...docs.sort(), ...packages.sort(), ...examples.sort()];
}

/** A repository file's text. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** The fenced blocks of one doc. */
export function blocksOf(file: string): FencedBlock[] {
  return extractFences(file, readRepoFile(file));
}

/** The fenced blocks of every doc. */
export function allBlocks(): FencedBlock[] {
  return docFiles().flatMap(blocksOf);
}
