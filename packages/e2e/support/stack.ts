// The system under test: an iChat server (the real command, in a child process, on a temp SQLite file) and the
// script-tag example's host site on another origin.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The example's own static server, so the test serves the host site exactly as its README does.
import { serveFiles } from '../../../examples/static-server.mjs';
import { SCRIPT_TAG_SITE, SERVER_MAIN } from './paths.js';
import { startNode, type Child } from './processes.js';

export interface Stack {
  /** The iChat server's origin, e.g. http://127.0.0.1:41234. */
  readonly serverUrl: string;
  /** The host site's page with the widget, pointed at the server. */
  readonly hostPageUrl: string;
  readonly databasePath: string;
  /** Stops the server (SIGTERM: graceful) and starts it again on the same port and database. */
  restartServer(): Promise<void>;
  /** Runs `ichat-server <args>` against the same database (admin grant, backup). */
  runCommand(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export interface StackOptions {
  /** More browser origins the server must accept (other example sites). */
  extraOrigins?: string[];
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'ichat-e2e-'));
  const databasePath = join(dir, 'ichat.db');
  const site = await serveFiles(SCRIPT_TAG_SITE, 0, { '/': 'index.html', '/site.css': 'site.css' });
  const hostOrigin = `http://127.0.0.1:${site.port}`;
  const flags = (port: string): string[] => [
    '--port',
    port,
    '--database',
    databasePath,
    '--allowed-origins',
    [hostOrigin, ...(options.extraOrigins ?? [])].join(','),
    '--presence-grace-ms',
    '0',
    // Every browser in the suite registers from 127.0.0.1.
    '--registrations-per-hour',
    '10000',
    '--log-level',
    'info',
  ];
  // A fixed port, as in production, so a restart can listen on it again at once. (A port first bound as port 0 is
  // held by the kernel for a minute after connections closed on it.)
  const port = String(await freePort());
  let server: Child = startNode(SERVER_MAIN, flags(port));
  const match = await server.waitFor(/"url":"(http:\/\/[^"]+)"/, 'the server to listen');
  const serverUrl = match[1] ?? '';
  return {
    serverUrl,
    hostPageUrl: `${hostOrigin}/?server=${encodeURIComponent(serverUrl)}`,
    databasePath,
    restartServer: async () => {
      await server.stop('SIGTERM');
      server = startNode(SERVER_MAIN, flags(port));
      await server.waitFor(/iChat server listening/, 'the restarted server to listen');
    },
    runCommand: async (args) => {
      const command = startNode(SERVER_MAIN, [...args, '--database', databasePath]);
      await new Promise<void>((resolve) => command.process.on('exit', () => resolve()));
      if (command.process.exitCode !== 0) throw new Error(`ichat-server ${args.join(' ')} failed:\n${command.output()}`);
      return command.output();
    },
    stop: async () => {
      await server.stop('SIGTERM');
      site.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
