// Unpacks the binary's runtime files into a private, versioned cache folder, checking every file's SHA-256 at every
// start, so what Node loads from disk (the bundled server, the native addons, the widget) is exactly what was built in.

import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { IChatError } from '@ichat/protocol';
import type { RuntimeManifest } from './runtime-manifest.js';

/** The files to unpack and a way to read each one's bytes out of the executable (uncompressed). */
export interface RuntimeSource {
  readonly manifest: RuntimeManifest;
  read(asset: string): Buffer;
}

/** Where the runtime files are, ready to load. */
export interface PreparedRuntime {
  readonly folder: string;
  /** A private temporary folder for this run only, used when no cache folder is usable; remove it at exit. */
  readonly temporary: boolean;
  /** Why no cache folder was usable, when `temporary`. */
  readonly reason?: string;
}

/**
 * The cache folders to try, best first: systemd's `CacheDirectory=` (`$CACHE_DIRECTORY`), then `$XDG_CACHE_HOME`,
 * `%LOCALAPPDATA%` on Windows, and `~/.cache`. Relative paths are ignored, as the XDG specification asks.
 */
export function cacheRoots(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const roots: string[] = [];
  const systemd = env['CACHE_DIRECTORY']?.split(':')[0];
  if (systemd !== undefined && isAbsolute(systemd)) roots.push(systemd);
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) roots.push(join(xdg, 'ichat'));
  const local = env['LOCALAPPDATA'];
  if (platform === 'win32' && local !== undefined && isAbsolute(local)) roots.push(join(local, 'ichat', 'cache'));
  const home = platform === 'win32' ? env['USERPROFILE'] : env['HOME'];
  if (home !== undefined && isAbsolute(home)) roots.push(join(home, '.cache', 'ichat'));
  return roots;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes `folder` (mode 0700 when new) and checks that only this user can change what is in it: it must be a real
 * folder, not a link, owned by this user and not writable by group or others. Otherwise another account could swap
 * an addon between its check and its loading.
 */
function ensurePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stats = lstatSync(folder);
  if (!stats.isDirectory()) throw new IChatError('unavailable', `${folder} is not a folder`);
  const uid = process.getuid?.();
  if (uid === undefined) return;
  if (stats.uid !== uid) throw new IChatError('unavailable', `${folder} belongs to another user`);
  if ((stats.mode & 0o022) !== 0) {
    throw new IChatError('unavailable', `${folder} is writable by others (mode ${(stats.mode & 0o777).toString(8)})`);
  }
}

/** The SHA-256 of the regular file at `path`, or undefined when there is none (a link counts as none). */
function hashOfFile(path: string): string | undefined {
  if (lstatSync(path, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
  return sha256(readFileSync(path));
}

/**
 * Checks each file in `folder` against its hash and (re)writes any that is missing or differs: written to a temporary
 * name and renamed into place, so a process starting at the same time sees the old file or the whole new one, and a
 * file left half-written by a crash is simply written again.
 */
function unpack(folder: string, source: RuntimeSource): void {
  ensurePrivateFolder(folder);
  for (const file of source.manifest.files) {
    const target = join(folder, ...file.path.split('/'));
    if (hashOfFile(target) === file.sha256) continue;
    const bytes = source.read(file.asset);
    if (sha256(bytes) !== file.sha256) {
      throw new IChatError('internal', `this executable is damaged: ${file.path} does not match its recorded SHA-256`);
    }
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    // 'wx' refuses to open anything already there, a planted link included.
    writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, target);
  }
}

/**
 * Unpacks and checks the runtime files in the first usable cache folder, in `<root>/<version>-<build id>/`. When none
 * is usable (a read-only home, a folder another user owns), it unpacks into a fresh private temporary folder instead
 * and says why; only if that fails too does it throw, with every reason in one line.
 */
export function prepareRuntime(source: RuntimeSource, env: NodeJS.ProcessEnv = process.env): PreparedRuntime {
  const name = `${source.manifest.version}-${source.manifest.id.slice(0, 16)}`;
  const problems: string[] = [];
  for (const root of cacheRoots(env)) {
    try {
      ensurePrivateFolder(root);
      const folder = join(root, name);
      unpack(folder, source);
      return { folder, temporary: false };
    } catch (error) {
      if (error instanceof IChatError && error.code === 'internal') throw error;
      problems.push(messageOf(error));
    }
  }
  const reason = problems.length > 0 ? problems.join('; ') : 'no cache folder is set (no HOME or XDG_CACHE_HOME)';
  let folder: string;
  try {
    // mkdtemp makes the folder with mode 0700 under a name nobody could have guessed in advance.
    folder = mkdtempSync(join(tmpdir(), `ichat-${name}-`));
    unpack(folder, source);
  } catch (error) {
    if (error instanceof IChatError && error.code === 'internal') throw error;
    throw new IChatError('unavailable', `cannot unpack the server's files: ${reason}; and in ${tmpdir()}: ${messageOf(error)}`);
  }
  return { folder, temporary: true, reason };
}
