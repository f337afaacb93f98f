// The workspace's packages as package.json files describe them: names, folders, scripts and dependencies.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { custom, isFields, object, optional, parseWith, string, type Infer, type Place } from '@ichat/protocol';
import { REPO_ROOT } from '../repo.js';

export interface WorkspacePackage {
  readonly name: string;
  /** Folder from the repository root; `''` for the root package. */
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Every package it depends on, of any kind. */
  readonly dependencies: readonly string[];
}

/** Names to strings: scripts, or dependencies and their version ranges. */
const StringsSchema = custom((value: unknown, place: Place): Record<string, string> => {
  if (!isFields(value)) return place.fail(`${place.quoted} must be an object`);
  const strings: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) strings[key] = string().read(item, place.at(key));
  return strings;
});

/** The fields of a package.json the checks read; the rest is ignored. */
const PackageJsonSchema = object({
  name: optional(string()),
  scripts: optional(StringsSchema),
  dependencies: optional(StringsSchema),
  devDependencies: optional(StringsSchema),
  peerDependencies: optional(StringsSchema),
});
export type PackageJson = Infer<typeof PackageJsonSchema>;

/** Reads the package.json in a folder (from the repository root), failing with the field it gets wrong. */
export function readPackageJson(dir: string): PackageJson {
  const path = join(REPO_ROOT, dir, 'package.json');
  try {
    return parseWith(PackageJsonSchema, JSON.parse(readFileSync(path, 'utf8')), 'internal');
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readPackage(dir: string): WorkspacePackage {
  const json = readPackageJson(dir);
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
