// Every HTTP exchange in the docs, replayed against a real server: same method and path, the status shown, the
// headers shown, and a body of the same shape.

import { registerUser } from '@ichat/test-kit';
import { describe, expect, it } from 'vitest';
import { startDocServer } from '../src/doc-server.js';
import { exchangesOf } from '../src/http/exchanges.js';
import { replayExchanges } from '../src/http/replay.js';
import { allBlocks } from '../src/repo.js';

const httpBlocks = allBlocks().filter((block) => block.lang === 'http' && block.skipReason === undefined);
const docs = [...new Set(httpBlocks.map((block) => block.file))];

/**
 * What makes every documented answer reachable on a fresh server: the origin the CORS example uses, a login
 * throttle that trips after one failure (the 429 example follows one wrong password), and no sockets allowed per
 * address (the 429 upgrade example).
 */
const REPLAY_FLAGS = ['--allowed-origins', 'https://shop.example', '--login-max-failures', '1', '--max-connections-per-ip', '0'];

describe('HTTP exchanges', () => {
  it.each(docs)('%s: every exchange answers as shown', async (file) => {
    const exchanges = exchangesOf(httpBlocks.filter((block) => block.file === file));
    const server = await startDocServer(REPLAY_FLAGS);
    try {
      const admin = await registerUser(server.url, 'root');
      const granted = await server.command(['admin', 'grant', admin.user.email]);
      expect(granted.code, granted.stderr).toBe(0);
      // The server API's examples (integration.md) use `<api-key>`: a key made as the doc says to make one.
      const created = await server.command(['api-key', 'create', 'docs']);
      expect(created.code, created.stderr).toBe(0);
      const apiKey = created.stdout.split('\n')[0] ?? '';
      expect(await replayExchanges(server.url, exchanges, { adminToken: admin.token, apiKey })).toEqual([]);
    } finally {
      await server.dispose();
    }
  });
});
