// Small filesystems for the fault tests: a tmpfs mounted on a fresh folder, remounted read-only, or filled to the last byte.

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/test-server.js';

/** A filesystem mounted for one test, or why there is none. */
export type Mounted = { dir: string; unmount: () => void } | { skip: string };

/**
 * Mounts a tmpfs of `bytes` on a fresh temporary folder. Needs root (and CAP_SYS_ADMIN); anywhere else the
 * caller skips with the reason returned.
 */
export function mountTmpfs(bytes: number): Mounted {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small filesystem for the data folder' };
  const dir = makeTempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { skip: `could not mount a tmpfs (${why}); containers without CAP_SYS_ADMIN cannot` };
  }
  return {
    dir,
    unmount: () => {
      // Lazy, so a process that still holds a file there (a server that failed to stop) cannot keep it mounted.
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Remounts a tmpfs read-only (nothing may hold a file open for writing on it) or writable again. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

/**
 * Fills the filesystem holding `dir` with a file named `filler`, to the last byte it takes, and returns its path.
 * Bounded by `maxBytes`, the filesystem's size.
 */
export function fillDisk(dir: string, maxBytes: number): string {
  const path = join(dir, 'filler');
  const descriptor = openSync(path, 'w');
  try {
    // Large writes first, then small ones into the last pages the large ones could not take.
    for (const chunk of [Buffer.alloc(256 * 1024, 1), Buffer.alloc(4096, 1), Buffer.alloc(512, 1)]) {
      for (let written = 0; written <= maxBytes; written += chunk.length) {
        try {
          writeSync(descriptor, chunk);
        } catch (error) {
          if (error instanceof Error && Reflect.get(error, 'code') === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(descriptor);
  }
  return path;
}
