// One server and a few registered users per test file, with every client a test connects closed after that test.

import { afterAll, afterEach, beforeAll } from 'vitest';
import { registerUser, type TestClient, type TestUser } from './fixtures.js';
import { TestServer } from './server.js';

export interface SharedServer {
  readonly server: TestServer;
  /** The users registered for the file, by the names given. */
  user(name: string): TestUser;
  /** Closes these clients after the current test. */
  track(...clients: TestClient[]): void;
}

/** Registers the file's hooks; use the result inside tests only (it is filled by `beforeAll`). */
export function useSharedServer(names: readonly string[], flags: string[] = []): SharedServer {
  let server: TestServer | undefined;
  const users = new Map<string, TestUser>();
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start(flags);
    for (const name of names) users.set(name, await registerUser(server, name));
  });
  afterEach(() => {
    for (const { client } of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  return {
    get server(): TestServer {
      if (server === undefined) throw new Error('the server is not started yet');
      return server;
    },
    user: (name) => {
      const found = users.get(name);
      if (found === undefined) throw new Error(`no user "${name}" was registered for this file`);
      return found;
    },
    track: (...tracked) => {
      clients.push(...tracked);
    },
  };
}
