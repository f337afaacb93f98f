// The SDK on the Node.js running this suite: 20, and 22 and 24 in CI's newer-Node step. On 22+ it needs nothing but
// itself (the global WebSocket); on 20 it asks for one, clearly. The built package loads as ESM and as CommonJS.

import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, IChatError, type IChatClient } from '../src/index.js';
import { nextEvent, registerUser, type TestUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

const hasGlobalWebSocket = typeof globalThis.WebSocket === 'function';
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe(`the SDK on Node.js ${process.versions.node}`, () => {
  it('finds a global WebSocket exactly from Node.js 22 on', () => {
    expect(hasGlobalWebSocket).toBe(nodeMajor >= 22);
  });

  it.runIf(!hasGlobalWebSocket)('refuses to make a client without a WebSocket, saying to pass one', () => {
    let thrown: unknown;
    try {
      createClient({ url: 'http://127.0.0.1:9', autoConnect: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IChatError);
    expect(thrown).toMatchObject({ code: 'bad_request', field: 'WebSocket' });
  });

  it('loads the built package as ESM and as CommonJS, with the same exports', async () => {
    const esm: Record<string, unknown> = await import('../dist/index.js');
    const cjs: unknown = createRequire(import.meta.url)('../dist/index.cjs');
    expect(typeof esm['createClient']).toBe('function');
    expect(Object.keys(cjs as object).sort()).toEqual(Object.keys(esm).filter((name) => name !== 'default').sort());
  });
});

describe.runIf(hasGlobalWebSocket)("the runtime's own WebSocket", () => {
  let server: TestServer;
  let ada: TestUser;
  let grace: TestUser;
  const clients: IChatClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    ada = await registerUser(server, 'ada');
    grace = await registerUser(server, 'grace');
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server.stop();
  });

  /** A client given no WebSocket, so it takes the global one. */
  async function connect(user: TestUser): Promise<IChatClient> {
    const client = createClient({ url: server.url, token: user.token });
    clients.push(client);
    await client.whenSynced();
    return client;
  }

  it('carries a message both ways with no WebSocket passed in', async () => {
    const [adaClient, graceClient] = [await connect(ada), await connect(grace)];
    const chat = await adaClient.openDirect(grace.username);
    const arrived = nextEvent(graceClient, 'message', (message) => message.roomId === chat.roomId);
    const sent = await adaClient.send(chat.roomId, 'sent over the global WebSocket');
    expect(await arrived).toEqual(sent);
  });
});
