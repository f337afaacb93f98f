// Each tarball as a registry would get it: its version, its dependencies with every `workspace:` range rewritten,
// only the files it needs and all of its build, and clean reports from publint and attw.

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/commands.js';
import { tarballOf } from '../src/packed.js';
import { packageDir, PUBLISHED, REPOSITORY_ROOT, workspaceManifest, type PublishedPackage } from '../src/workspace.js';

/**
 * attw's profile per package. The protocol and the SDK ship ESM and CommonJS, so every resolution must work
 * (`strict`). The widget (for browsers and bundlers, like Lit itself) and the server (an application; Node 20.19+
 * can `require()` it anyway) are ESM only, which the `esm-only` profile allows and checks the rest of.
 */
const ATTW_PROFILE: Readonly<Record<PublishedPackage, 'strict' | 'esm-only'>> = {
  protocol: 'strict',
  sdk: 'strict',
  widget: 'esm-only',
  server: 'esm-only',
};

/** Ceilings that catch a folder packed by mistake (node_modules, test output), far above today's sizes. */
const MAX_TARBALL_BYTES: Readonly<Record<PublishedPackage, number>> = {
  protocol: 512 * 1024,
  sdk: 512 * 1024,
  widget: 3 * 1024 * 1024,
  server: 1024 * 1024,
};

/** Files npm always packs, whatever `files` says. */
const ALWAYS_PACKED = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md|\.txt)?)$/i;

/** Every file under a folder, relative to `base`. */
function filesUnder(folder: string, base: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path, base) : [relative(base, path)];
  });
}

const bin = (name: string): string => join(REPOSITORY_ROOT, 'node_modules', '.bin', name);

describe.each(PUBLISHED)('the packed @ichat/%s', (folder) => {
  it('has the workspace version, and each workspace range rewritten to the exact version it names', () => {
    const packed = tarballOf(folder).manifest;
    const source = workspaceManifest(folder);
    expect(packed.name).toBe(source.name);
    expect(packed.version).toBe(source.version);
    expect(Object.keys(packed.dependencies).sort()).toEqual(Object.keys(source.dependencies).sort());
    for (const [name, range] of Object.entries(source.dependencies)) {
      const published = packed.dependencies[name];
      if (range.startsWith('workspace:')) {
        const target = PUBLISHED.find((candidate) => workspaceManifest(candidate).name === name);
        expect(target, `${name} is a workspace dependency, so it must be published too`).toBeDefined();
        expect(published).toBe(workspaceManifest(target!).version);
      } else {
        expect(published).toBe(range);
      }
    }
  });

  it('holds only package.json, its README and what its "files" list names, with no tests or sources', () => {
    const { files } = tarballOf(folder);
    const roots = workspaceManifest(folder).files.filter((pattern) => !pattern.startsWith('!'));
    const strays = files.filter((file) => !ALWAYS_PACKED.test(file) && !roots.some((root) => file === root || file.startsWith(`${root}/`)));
    expect(strays).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|src)\/|\.test\.|tsconfig|\.tsbuildinfo$/.test(file))).toEqual([]);
  });

  it('holds every file of its build', () => {
    const dist = join(packageDir(folder), 'dist');
    const missing = filesUnder(dist, packageDir(folder)).filter((file) => !tarballOf(folder).files.includes(file));
    expect(missing).toEqual([]);
  });

  it('stays under its size ceiling', () => {
    const { bytes, manifest } = tarballOf(folder);
    console.log(`${manifest.name}@${manifest.version}: ${(bytes / 1024).toFixed(1)} KB packed, ${tarballOf(folder).files.length} files`);
    expect(bytes).toBeLessThan(MAX_TARBALL_BYTES[folder]);
  });

  it('passes publint, warnings counted as errors', async () => {
    const { file } = tarballOf(folder);
    const result = await run(bin('publint'), ['run', file, '--strict'], { cwd: REPOSITORY_ROOT });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it(`passes attw (Are the Types Wrong?)`, async () => {
    const { file } = tarballOf(folder);
    const result = await run(bin('attw'), [file, '--profile', ATTW_PROFILE[folder], '--no-emoji', '--no-color'], { cwd: REPOSITORY_ROOT });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});

describe('the packed @ichat/server', () => {
  it('keeps the uWebSockets.js npm alias, which installs from the registry', () => {
    const alias = workspaceManifest('server').dependencies['uWebSockets.js'];
    expect(alias).toMatch(/^npm:@trufflesuite\/uws-js-unofficial@/);
    expect(tarballOf('server').manifest.dependencies['uWebSockets.js']).toBe(alias);
  });

  it('depends on @ichat/widget, whose build it serves', () => {
    expect(tarballOf('server').manifest.dependencies['@ichat/widget']).toBe(tarballOf('widget').manifest.version);
  });

  it('links the ichat-server command to a packed file', () => {
    const { bin: commands } = tarballOf('server').manifest;
    const target = commands['ichat-server'];
    expect(target).toBeDefined();
    expect(tarballOf('server').files).toContain(target!.replace(/^\.\//, ''));
  });
});
