// The attachment storage in a local folder: each file under its SHA-256, written to a temporary name and renamed.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentStorage } from './attachment-storage.js';

const KEY = /^[0-9a-f]{64}$/;

/** Whether an error is Node's "no such file or directory". */
function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * Files in `root/ab/abcdef…` (the first two hex digits as a subfolder, so no folder grows past a few thousand
 * entries). Temporary files start with `.`; a crash can leave one behind, and nothing ever reads it.
 */
export class FolderStorage implements AttachmentStorage {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  #path(key: string): string {
    // Keys come from the database; one that is not a hash must never become a path outside the folder.
    if (!KEY.test(key)) throw new RangeError(`Not an attachment key: ${key}`);
    return join(this.#root, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.#path(key);
    const folder = join(this.#root, key.slice(0, 2));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temporary = join(folder, `.${key}.${randomBytes(6).toString('hex')}`);
    await writeFile(temporary, bytes, { mode: 0o600, flush: true });
    // Renaming over a file with the same bytes is harmless, and it keeps a concurrent remove from winning the race.
    await rename(temporary, path);
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async remove(key: string, writtenBefore: number): Promise<boolean> {
    const path = this.#path(key);
    // Moved aside first, atomically: a `put` of the same bytes (another node's upload) landing from now on makes a new
    // file at `path`, and one that landed before shows in the moved file's mtime, since every `put` writes anew.
    const aside = join(this.#root, key.slice(0, 2), `.${key}.removing.${randomBytes(6).toString('hex')}`);
    try {
      await rename(path, aside);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    if ((await stat(aside)).mtimeMs >= writtenBefore) {
      // Written since the cutoff: an upload whose row is not in yet. Put back (over a newer copy: the same bytes).
      await rename(aside, path);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  async copyTo(folder: string): Promise<number> {
    let copied = 0;
    let shards: string[];
    try {
      shards = await readdir(this.#root);
    } catch (error) {
      if (isMissing(error)) shards = [];
      else throw error;
    }
    await mkdir(folder, { recursive: true, mode: 0o700 });
    for (const shard of shards.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      await mkdir(join(folder, shard), { recursive: true, mode: 0o700 });
      for (const name of await readdir(join(this.#root, shard))) {
        if (!KEY.test(name)) continue;
        // A copy already there has the same bytes (the name is their hash): a repeated backup copies only new files.
        try {
          await copyFile(join(this.#root, shard, name), join(folder, shard, name), constants.COPYFILE_EXCL);
          copied += 1;
        } catch (error) {
          // EEXIST: copied by an earlier backup; ENOENT: the sweep removed it meanwhile, unused.
          if (!(error instanceof Error && 'code' in error && (error.code === 'EEXIST' || error.code === 'ENOENT'))) throw error;
        }
      }
    }
    return copied;
  }
}
