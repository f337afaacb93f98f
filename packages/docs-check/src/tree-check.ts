// Checks the docs' folder trees (```tree blocks): every folder and file they list exists, and a package name written
// beside a folder is that folder's package.json name.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';
import { readPackageJson } from './shell/workspace.js';

/** One name, or several separated by commas: `main.ts, config.ts`, `ws/uws-adapter.ts`, `sdk/`. */
const ENTRY = /^[\w.@-]+(?:\/[\w.@-]+)*\/?(?:, [\w.@-]+(?:\/[\w.@-]+)*\/?)*$/;

/**
 * Problems with a tree. A line is an entry when its first column (up to two spaces) is a name list; its indentation
 * says which folder above it holds it. Other lines continue a description and are ignored.
 */
export function checkTree(code: string): string[] {
  const problems: string[] = [];
  const folders: { indent: number; path: string }[] = [];
  code.split('\n').forEach((line, index) => {
    const indent = line.length - line.trimStart().length;
    const [first = '', second = ''] = line.trim().split(/\s{2,}/);
    if (!ENTRY.test(first)) return;
    while ((folders.at(-1)?.indent ?? -1) >= indent) folders.pop();
    const parent = folders.at(-1)?.path ?? '';
    for (const name of first.split(', ')) {
      const path = `${parent}${name}`;
      if (!existsSync(join(REPO_ROOT, path))) {
        problems.push(`line ${index + 1}: ${path} does not exist`);
        continue;
      }
      const packageName = /^(@[\w-]+\/[\w-]+)$/.exec(second.split(/\s/)[0] ?? '')?.[1];
      if (packageName !== undefined && name.endsWith('/')) {
        const json = readPackageJson(path);
        if (json.name !== packageName) problems.push(`line ${index + 1}: ${path} is ${json.name ?? 'unnamed'}, not ${packageName}`);
      }
      if (name.endsWith('/')) folders.push({ indent, path });
    }
  });
  return problems;
}
