// Password hashing with argon2id at OWASP's recommended cost, off the event loop and a few at a time.

import { hash, verify } from '@node-rs/argon2';
import { IChatError } from '@ichat/protocol';
import { ConcurrencyGate } from './concurrency-gate.js';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane. */
const PARAMETERS = {
  // `Algorithm.Argon2id` is an ambient const enum, which isolated modules cannot read; its value is 2.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes and verifications that may run at once in this process. Each holds 19 MiB and a thread of libuv's pool (4
 * threads by default), which the database's fsyncs need too: two at a time bounds a flood of registrations or logins
 * to about 40 MiB and leaves half the pool to durability. The rest wait in line, up to a bound, then are refused.
 */
const gate = new ConcurrencyGate(2, 256);

async function gated<T>(work: () => Promise<T>): Promise<T> {
  const release = gate.enter();
  if (release === undefined) {
    throw new IChatError('unavailable', 'The server is busy checking passwords; try again shortly', { retryAfterMs: 1000 });
  }
  try {
    await release.ready;
    return await work();
  } finally {
    release.leave();
  }
}

/**
 * Hashes a password into a PHC string that carries its own salt and parameters.
 * @throws {IChatError} `unavailable` when too many hashes are already waiting.
 */
export function hashPassword(password: string): Promise<string> {
  return gated(() => hash(password, PARAMETERS));
}

/**
 * Checks a password against a stored PHC string; false for a malformed hash rather than an exception.
 * @throws {IChatError} `unavailable` when too many checks are already waiting.
 */
export function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  return gated(async () => {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  });
}
