// Builds the one-file server for this machine's platform: dist-binary/ichat-server-<platform>-<arch> and SHA256SUMS.
//
// A Node.js single executable application: a copy of the node executable running this script, with a blob injected
// (by postject) that holds a small entry script and, as assets, the runtime files gzip-compressed: the server
// bundled into one CommonJS file, the native addons' packages for this platform only, and the widget's dist. At run
// time the entry unpacks them into a private cache folder, checking each file's SHA-256 (src/binary/).
//
// Native addons are machine code for one platform and Node ABI, so the build runs on the platform it builds for:
// run `pnpm build:binary` on a linux-arm64 or macOS machine to get that platform's binary.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import postject from 'postject';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const WIDGET_DIR = join(SERVER_DIR, '..', 'widget');
const OUT_DIR = join(SERVER_DIR, 'dist-binary');
/** The asset key src/binary/runtime-manifest.ts reads the manifest from. */
const MANIFEST_ASSET = 'runtime-manifest.json';
/** The file in the runtime folder that runs the server. */
const SERVER_MAIN = 'server.cjs';
/** Node's fixed marker in its executable that says a SEA blob is present. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The packages the bundle leaves out because they load native addons: they are unpacked as files beside it. */
const NATIVE_PACKAGES = ['uWebSockets.js', 'better-sqlite3', '@node-rs/argon2'];

const platform = `${process.platform}-${process.arch}`;
const executableName = `ichat-server-${platform}${process.platform === 'win32' ? '.exe' : ''}`;
const started = performance.now();

function fail(message) {
  process.stderr.write(`build-binary: ${message}\n`);
  process.exit(1);
}

function step(name, work) {
  const begin = performance.now();
  const result = work();
  const seconds = (ms) => (ms / 1000).toFixed(1);
  const finish = () => process.stdout.write(`${name}: ${seconds(performance.now() - begin)} s\n`);
  if (result instanceof Promise) return result.then((value) => (finish(), value));
  finish();
  return result;
}

/** Node's lookup of `name` from `from`: the nearest `node_modules/<name>` above it, resolved through pnpm's links. */
function findPackage(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

const uwsAddon = `binaries/uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
const argon2Package = JSON.parse(readFileSync(join(findPackage('@node-rs/argon2', SERVER_DIR), 'package.json'), 'utf8'));
const isLicence = (path) => /^licen[cs]e(\.md|\.txt)?$/i.test(path);

/**
 * What the runtime folder's node_modules holds: each package under the name the code requires it by, the files it
 * needs at run time (not its C sources or other platforms' addons), and the packages it requires in turn.
 */
const RUNTIME_PACKAGES = {
  'uWebSockets.js': {
    keep: (path) => path === 'src/uws.js' || path === uwsAddon || /^dist\/[^/]+\.js$/.test(path),
    // Its JavaScript fallback (dist/) uses ws; the server refuses the fallback unless --allow-uws-fallback is given.
    requires: ['ws'],
  },
  ws: { keep: (path) => path === 'index.js' || /^lib\/[^/]+\.js$/.test(path), requires: [] },
  'better-sqlite3': {
    keep: (path) => /^lib\/.+\.js$/.test(path) || path === 'build/Release/better_sqlite3.node',
    // prebuild-install only runs at npm install time.
    requires: ['bindings'],
  },
  bindings: { keep: (path) => path === 'bindings.js', requires: ['file-uri-to-path'] },
  'file-uri-to-path': { keep: (path) => path === 'index.js', requires: [] },
  '@node-rs/argon2': {
    keep: (path) => path === 'index.js',
    // One package per platform, of which the package manager installed the ones for this machine.
    requires: Object.keys(argon2Package.optionalDependencies ?? {}),
    optional: true,
  },
};

/** Adds `name` (found from `from`) and what it requires to `files`, as `{ path, source }` pairs. */
function addPackage(name, from, files, optional = false) {
  const dir = findPackage(name, from);
  if (dir === undefined) {
    if (optional) return;
    fail(`${name} is not installed; run pnpm install`);
  }
  const rule = RUNTIME_PACKAGES[name] ?? { keep: (path) => path.endsWith('.node'), requires: [] };
  for (const path of filesUnder(dir)) {
    if (path === 'package.json' || isLicence(path) || rule.keep(path)) {
      files.push({ path: `node_modules/${name}/${path}`, source: join(dir, path) });
    }
  }
  for (const dependency of rule.requires) addPackage(dependency, dir, files, rule.optional === true);
}

function runtimeFiles(bundle) {
  const files = [{ path: SERVER_MAIN, source: bundle }];
  for (const name of NATIVE_PACKAGES) addPackage(name, SERVER_DIR, files);
  if (!files.some((file) => file.path.endsWith(uwsAddon))) {
    fail(`uWebSockets.js has no native binary for ${platform} and Node ABI ${process.versions.modules}`);
  }
  if (!files.some((file) => file.path.startsWith('node_modules/@node-rs/argon2-') && file.path.endsWith('.node'))) {
    fail(`@node-rs/argon2 has no native binary installed for ${platform}`);
  }
  // The widget as an installed @ichat/widget, where the server looks for it.
  if (!existsSync(join(WIDGET_DIR, 'dist', 'widget.js'))) fail('the widget is not built; run pnpm build first');
  files.push({ path: 'node_modules/@ichat/widget/package.json', source: join(WIDGET_DIR, 'package.json') });
  for (const path of filesUnder(join(WIDGET_DIR, 'dist'))) {
    files.push({ path: `node_modules/@ichat/widget/dist/${path}`, source: join(WIDGET_DIR, 'dist', path) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function bundle(stage) {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', legalComments: 'none' };
  const server = join(stage, SERVER_MAIN);
  await build({
    ...common,
    entryPoints: [join(SERVER_DIR, 'src', 'main.ts')],
    outfile: server,
    // sharp is not carried (its libvips is a shared library the runtime folder does not unpack yet): the binary runs
    // with image attachments off, as any server does where sharp does not load.
    external: [...NATIVE_PACKAGES, 'sharp'],
    // The server finds its addons and the widget with createRequire(import.meta.url): in the CommonJS bundle that is
    // the bundle's own file, inside the runtime folder.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const entry = join(stage, 'sea-main.cjs');
  await build({ ...common, entryPoints: [join(SERVER_DIR, 'src', 'binary-main.ts')], outfile: entry });
  return { server, entry };
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Compresses each file into the stage and writes the SEA config that lists them as assets. */
function writeSeaConfig(stage, files, entry) {
  const version = JSON.parse(readFileSync(join(SERVER_DIR, 'package.json'), 'utf8')).version;
  const assets = {};
  const listed = files.map((file, index) => {
    const bytes = readFileSync(file.source);
    const asset = `runtime/${index}`;
    const compressed = join(stage, 'assets', `${index}.gz`);
    writeFileSync(compressed, gzipSync(bytes, { level: 9 }));
    assets[asset] = compressed;
    return { path: file.path, asset, sha256: sha256(bytes), size: bytes.length };
  });
  const id = sha256(listed.map((file) => `${file.sha256}  ${file.path}\n`).join(''));
  const manifest = join(stage, MANIFEST_ASSET);
  writeFileSync(manifest, JSON.stringify({ version, id, main: SERVER_MAIN, files: listed }));
  assets[MANIFEST_ASSET] = manifest;
  const config = join(stage, 'sea-config.json');
  const blob = join(stage, 'sea.blob');
  writeFileSync(
    config,
    JSON.stringify({ main: entry, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }),
  );
  return { config, blob, version, id };
}

/** A copy of this node executable with the blob injected (and, on macOS, signed again, which it must be to run). */
async function inject(blob, executable) {
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', executable]);
  await postject.inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    machoSegmentName: process.platform === 'darwin' ? 'NODE_SEA' : undefined,
  });
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', executable]);
}

// The copy must stand alone and carry Node's SEA support: a node linked to a shared libnode (some distributions'
// packages) would need that library installed beside the binary, and one built without SEA has no fuse to flip.
if (process.config.variables.node_shared === true) fail(`${process.execPath} uses a shared libnode; build with an official Node.js build`);
if (!readFileSync(process.execPath).includes(SEA_FUSE)) fail(`${process.execPath} was built without single executable support`);

const stage = mkdtempSync(join(tmpdir(), 'ichat-binary-'));
try {
  mkdirSync(join(stage, 'assets'));
  const { server, entry } = await step('bundle', () => bundle(stage));
  const files = runtimeFiles(server);
  const sea = step('compress and write the SEA blob', () => {
    const written = writeSeaConfig(stage, files, entry);
    execFileSync(process.execPath, ['--experimental-sea-config', written.config], { stdio: ['ignore', 'ignore', 'inherit'] });
    return written;
  });
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const executable = join(OUT_DIR, executableName);
  await step('inject into a copy of node', () => inject(sea.blob, executable));
  writeFileSync(join(OUT_DIR, 'SHA256SUMS'), `${sha256(readFileSync(executable))}  ${executableName}\n`);
  const megabytes = (statSync(executable).size / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `${relative(process.cwd(), executable)}: ${megabytes} MiB, server ${sea.version} (build ${sea.id.slice(0, 16)}), ` +
      `${files.length} runtime files, Node ${process.version}, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  rmSync(stage, { recursive: true, force: true });
}
