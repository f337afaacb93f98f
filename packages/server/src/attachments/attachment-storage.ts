// Where attachment files live: an interface keyed by content, so a second implementation (object storage) can follow.

/**
 * Files by content: `put` returns the key it stored the bytes under, the same for the same bytes, so a file uploaded
 * twice is kept once. Every write is atomic: a reader finds a key's whole file or none.
 */
export interface AttachmentStorage {
  /** Stores the bytes (if not stored already) and returns their key. */
  put(bytes: Buffer): Promise<string>;
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
