// Users, clients and event waiters for tests against a real server.

import { registerUser as registerAccount, uniqueName } from '@ichat/test-kit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createClient, type ClientEvents, type ClientOptions, type IChatClient, type Message } from '../../src/index.js';
import { testNetwork, type TestNetwork } from './network.js';
import { TestServer } from './server.js';

/** A registered user's credentials. */
export interface TestUser {
  email: string;
  username: string;
  password: string;
  token: string;
  id: number;
}

/** Fast reconnects so outage tests finish quickly. */
const FAST_TIMINGS: Partial<ClientOptions> = { backoff: { initialMs: 20, maxMs: 200 }, requestTimeoutMs: 5000 };

/** Registers a new user with a unique name starting with `name` (through the test kit) and returns their credentials. */
export async function registerUser(server: TestServer, name = 'user'): Promise<TestUser> {
  const { user, token, password } = await registerAccount(server.url, uniqueName(name));
  return { email: user.email, username: user.username, password, token, id: user.id };
}

/** A connected client with its own cuttable network. */
export interface TestClient {
  client: IChatClient;
  network: TestNetwork;
}

/** Connects a client for `user` and waits until it is synced. */
export async function connectClient(server: TestServer, user: TestUser, options: Partial<ClientOptions> = {}): Promise<TestClient> {
  const network = testNetwork();
  const client = createClient({ ...FAST_TIMINGS, url: server.url, token: user.token, WebSocket: network.WebSocket, ...options });
  await client.whenSynced();
  return { client, network };
}

/** Resolves with the next `type` event that satisfies `accept`, or fails after `timeoutMs`. */
export function nextEvent<K extends keyof ClientEvents>(
  client: IChatClient,
  type: K,
  accept: (event: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no "${String(type)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = client.on(type, (event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

/** Records every message a client delivers, and waits for a count. */
export function recordMessages(client: IChatClient): { messages: Message[]; until(count: number, timeoutMs?: number): Promise<Message[]> } {
  const messages: Message[] = [];
  const waiters: { count: number; resolve(): void }[] = [];
  client.on('message', (message) => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (messages.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  return {
    messages,
    until: (count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        if (messages.length >= count) {
          resolve(messages);
          return;
        }
        const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages arrived`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      }),
  };
}

/** Resolves once the client reaches `state`. */
export function reachState(client: IChatClient, state: IChatClient['state']): Promise<void> {
  if (client.state === state) return Promise.resolve();
  return nextEvent(client, 'state', (change) => change.state === state).then(() => undefined);
}

/** Resolves once the client's chat list satisfies `accept` (now or after a later change). */
export function untilChats(client: IChatClient, accept: (chats: IChatClient['chats']) => boolean): Promise<IChatClient['chats']> {
  if (accept(client.chats)) return Promise.resolve(client.chats);
  return nextEvent(client, 'chats', accept);
}

/** A real server with three registered users, for one describe block; read the fields inside tests. */
export interface ThreeUsers {
  readonly server: TestServer;
  readonly ada: TestUser;
  readonly grace: TestUser;
  readonly linus: TestUser;
  /** Connects a client for `user`; every client connected this way is closed after its test. */
  connect(user: TestUser): Promise<TestClient>;
}

/** Starts a server and registers ada, grace and linus before the block's tests, and stops it after them. */
export function useThreeUsers(): ThreeUsers {
  let state: { server: TestServer; ada: TestUser; grace: TestUser; linus: TestUser } | undefined;
  const clients: TestClient[] = [];
  const started = (): NonNullable<typeof state> => {
    if (state === undefined) throw new Error('the server is not started yet');
    return state;
  };
  beforeAll(async () => {
    const server = await TestServer.start();
    state = {
      server,
      ada: await registerUser(server, 'ada'),
      grace: await registerUser(server, 'grace'),
      linus: await registerUser(server, 'linus'),
    };
  });
  afterEach(() => {
    for (const { client } of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await state?.server.stop();
  });
  return {
    get server() {
      return started().server;
    },
    get ada() {
      return started().ada;
    },
    get grace() {
      return started().grace;
    },
    get linus() {
      return started().linus;
    },
    connect: async (user) => {
      const client = await connectClient(started().server, user);
      clients.push(client);
      return client;
    },
  };
}
