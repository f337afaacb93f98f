// Where attachment files live: an interface keyed by content, so a second implementation (object storage) can follow.

import { createHash } from 'node:crypto';

/** The key of some bytes: their SHA-256 in hex, the same for the same bytes, so a file uploaded twice is kept once. */
export function contentKey(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Files by content, under their {@link contentKey}, computed once by the caller (who needs it first for its lock and
 * row). Every write is atomic: a reader finds a key's whole file or none.
 */
export interface AttachmentStorage {
  /** Stores the bytes under `key`, their {@link contentKey} (again, if stored already). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined when there are none. */
  read(key: string): Promise<Buffer | undefined>;
  /**
   * Deletes the file under `key` unless it was written at or after `writtenBefore` (ms since the epoch), which an
   * upload of the same bytes on any node sharing the storage does before its row names the key. Deleting one that is
   * not there is not an error. Resolves with whether the file went.
   */
  remove(key: string, writtenBefore: number): Promise<boolean>;
  /** Copies every file into `folder` (created if needed), for a backup; returns how many were copied. */
  copyTo(folder: string): Promise<number>;
}
