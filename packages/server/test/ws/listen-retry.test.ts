// A restart on a fixed port that is not free yet (a crashed server's sockets linger) waits for it instead of failing.

import { createServer } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../src/index.js';

function holdPort(): Promise<{ port: number; release: () => void }> {
  return new Promise((resolve) => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1', () => {
      const address = blocker.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ port, release: () => blocker.close() });
    });
  });
}

describe('listening on a fixed port', () => {
  it('keeps trying while the port is taken and starts once it is free', async () => {
    const held = await holdPort();
    const retries: number[] = [];
    const logger = pino({ level: 'warn' }, { write: () => retries.push(Date.now()) });
    setTimeout(held.release, 1500);
    const started = Date.now();
    const server = await startServer(loadConfig({ port: String(held.port), database: ':memory:' }, {}), logger);
    try {
      expect(server.port).toBe(held.port);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      // One warning about the open allow-list, then at least one "retrying".
      expect(retries.length).toBeGreaterThanOrEqual(2);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
