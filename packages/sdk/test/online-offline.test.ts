import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, nextEvent, reachState, registerUser, type TestUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

// The browser's online/offline signals, recreated on Node's globals for this file only (each file runs in its own fork).
const browser = new EventTarget();
const navigatorState = { onLine: true };

describe('browser online and offline events', () => {
  let server: TestServer;
  let ada: TestUser;

  beforeAll(async () => {
    Object.assign(globalThis, {
      addEventListener: browser.addEventListener.bind(browser),
      removeEventListener: browser.removeEventListener.bind(browser),
    });
    Object.defineProperty(globalThis, 'navigator', { value: navigatorState, configurable: true });
    server = await TestServer.start();
    ada = await registerUser(server, 'ada');
  });

  afterAll(async () => {
    await server.stop();
  });

  it('drops the socket when the browser goes offline and reconnects as soon as it is back online', async () => {
    const { client, network } = await connectClient(server, ada, { backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const dials = network.dials;
    const lost = reachState(client, 'reconnecting');
    navigatorState.onLine = false;
    browser.dispatchEvent(new Event('offline'));
    await lost;
    expect(network.dials).toBe(dials);

    // The backoff is a minute; only the online event can bring the client back within the test's time.
    const resumed = nextEvent(client, 'resumed');
    navigatorState.onLine = true;
    browser.dispatchEvent(new Event('online'));
    await resumed;
    expect(client.state).toBe('open');
    expect(network.dials).toBe(dials + 1);
    client.close();
  });

  it('reconnects at once when asked, skipping the backoff', async () => {
    const { client, network } = await connectClient(server, ada, { backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const resumed = nextEvent(client, 'resumed');
    client.reconnect();
    await resumed;
    expect(network.dials).toBe(2);
    client.close();
  });
});
