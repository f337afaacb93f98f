// Recognises PostgreSQL's and the network's failures to store (server unreachable or restarting, disk full) and turns
// them into typed, retryable errors, so a client tries again later instead of seeing a bug.

import { IChatError } from '@ichat/protocol';

/** Why PostgreSQL refused or lost a write, when it is the database's fault and not the request's. */
export type PostgresFault = 'full' | 'unreachable';

/** The error's code: PostgreSQL's SQLSTATE, or Node's errno name for a socket that failed. */
function codeOf(error: unknown): string {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : '';
}

const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Which fault an error is, or undefined when it is something else (a bug, a constraint, a bad request). */
export function postgresFault(error: unknown): PostgresFault | undefined {
  const code = codeOf(error);
  // 53100 disk_full, 53200 out_of_memory, 53300 too_many_connections: the server has no room for this write now.
  if (code === '53100' || code === '53200' || code === '53300') return 'full';
  // Class 08: connection exceptions; 57P01–57P03: the server is shutting down, crashed or not yet accepting.
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || NETWORK_CODES.has(code)) return 'unreachable';
  // node-postgres ends a query whose connection dropped with a plain Error and no code.
  if (error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)) {
    return 'unreachable';
  }
  return undefined;
}

const MESSAGES: Record<PostgresFault, string> = {
  full: 'The database has no room for this write (disk, memory or connections); try again later',
  unreachable: 'The database cannot be reached; try again later',
};

/** `unavailable` (503, retryable) saying what the database's fault is; the original error is kept as the cause. */
export function postgresError(fault: PostgresFault, cause: unknown): IChatError {
  return new IChatError('unavailable', MESSAGES[fault], { cause });
}

/** Reads PostgreSQL's error for a broken unique constraint or index, by the constraint's name. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof Error && codeOf(error) === '23505' && Reflect.get(error, 'constraint') === constraint;
}
