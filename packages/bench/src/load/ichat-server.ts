// How the bench starts iChat: the built server's entry point, a fresh database and secret, and the base flags.

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The iChat server's entry point, from the workspace package. */
export function serverMain(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@ichat/server/package.json')), 'dist', 'main.js');
}

/** A new iChat server's database, secret and the arguments every bench run starts it with. */
export interface IChatLaunch {
  readonly database: string;
  readonly secret: string;
  /** The entry point and base flags, `{port}` standing for the port; the caller adds its limits. */
  readonly args: string[];
}

/**
 * A fresh database file in `workdir` (named with `prefix`), or the `database` given (a PostgreSQL URL for a cluster),
 * and a fresh secret, on 127.0.0.1, logging warnings only.
 */
export function ichatLaunch(workdir: string, prefix: string, database = join(workdir, `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}.db`)): IChatLaunch {
  // Hex, and passed as --secret=…: a base64url secret may start with "-", which reads as another flag.
  const secret = randomBytes(32).toString('hex');
  const args = [serverMain(), '--port', '{port}', '--host', '127.0.0.1', '--database', database, `--secret=${secret}`, '--log-level', 'warn'];
  return { database, secret, args };
}
