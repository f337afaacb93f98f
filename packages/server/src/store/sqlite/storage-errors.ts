// Recognises SQLite's and the filesystem's failures to store (disk full, lock held, read-only, I/O) and turns them
// into typed, retryable errors: the client may try again later, and the operator reads what is wrong.

import { IChatError } from '@ichat/protocol';

/** Why storage refused a write, when it is the storage's fault and not the request's. */
export type StorageFault = 'full' | 'locked' | 'readonly' | 'io';

const MESSAGES: Record<StorageFault, string> = {
  full: "The server's storage is full; try again later",
  locked: 'The database is locked by another process; try again later',
  readonly: 'The database cannot be written: its storage is read-only; try again later',
  io: 'The database could not be read or written (disk I/O error); try again later',
};

/** The error's code: SQLite's extended result code name (better-sqlite3), or Node's errno name. */
function codeOf(error: unknown): string {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : '';
}

/** Which storage fault an error is, or undefined when it is something else (a bug, a constraint, a bad request). */
export function storageFault(error: unknown): StorageFault | undefined {
  const code = codeOf(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readonly';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io';
  return undefined;
}

/** `unavailable` (503, retryable) saying what the storage's fault is; the original error is kept as the cause. */
export function storageError(fault: StorageFault, cause: unknown): IChatError {
  return new IChatError('unavailable', MESSAGES[fault], { cause });
}
