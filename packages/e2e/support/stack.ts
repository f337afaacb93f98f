// The system under test: an iChat server (the real command, in a child process from the test kit, on a temp SQLite
// file) and the script-tag example's host site on another origin.

import { freePort, registerUser, ServerProcess } from '@ichat/test-kit';
// The example's own static server, so the test serves the host site exactly as its README does.
import { serveFiles } from '../../../examples/static-server.mjs';
import { SCRIPT_TAG_SITE } from './paths.js';
import type { Person } from './widget-user.js';

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
  /** Creates the person's account over the HTTP API, as a script would, instead of through a page. */
  register(person: Person): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** More browser origins the server must accept (other example sites). */
  extraOrigins?: string[];
  /** More arguments for the server (an SMTP server to send e-mail to). */
  serverArgs?: string[];
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const site = await serveFiles(SCRIPT_TAG_SITE, 0, { '/': 'index.html', '/site.css': 'site.css' });
  const hostOrigin = `http://127.0.0.1:${site.port}`;
  // A fixed port, as in production, so a restart can listen on it again at once. (A port first bound as port 0 is
  // held by the kernel for a minute after connections closed on it.)
  const server = await ServerProcess.start({
    port: await freePort(),
    args: ['--allowed-origins', [hostOrigin, ...(options.extraOrigins ?? [])].join(','), ...(options.serverArgs ?? [])],
  });
  return {
    serverUrl: server.url,
    hostPageUrl: `${hostOrigin}/?server=${encodeURIComponent(server.url)}`,
    databasePath: server.databasePath,
    restartServer: () => server.restart(),
    runCommand: async (args) => {
      const result = await server.command(args);
      const output = `${result.stdout}${result.stderr}`;
      if (result.code !== 0) throw new Error(`ichat-server ${args.join(' ')} failed:\n${output}`);
      return output;
    },
    register: async (person) => {
      await registerUser(server.url, person.username, { email: person.email, password: person.password });
    },
    stop: async () => {
      await server.dispose();
      site.close();
    },
  };
}
