// The workspace's packages as package.json files describe them: names, folders, scripts and dependencies.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo.js';

export interface WorkspacePackage {
  readonly name: string;
  /** Folder from the repository root; `''` for the root package. */
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Every package it depends on, of any kind. */
  readonly dependencies: readonly string[];
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(dir: string): WorkspacePackage {
  const json = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as PackageJson;
  return {
    name: json.name ?? dir,
    dir,
    scripts: json.scripts ?? {},
    dependencies: [json.dependencies, json.devDependencies, json.peerDependencies].flatMap((deps) => Object.keys(deps ?? {})),
  };
}

/** The root package and every package under the workspace folders (packages/*, examples/*). */
export function workspacePackages(): WorkspacePackage[] {
  const members = ['packages', 'examples'].flatMap((folder) =>
    readdirSync(join(REPO_ROOT, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, folder, entry.name, 'package.json')))
      .map((entry) => readPackage(`${folder}/${entry.name}`)),
  );
  return [readPackage(''), ...members];
}
