// Free TCP ports, for servers that must know their port before they start (a restart on the same address).

import { createServer } from 'node:net';

/** A port on 127.0.0.1 that was free a moment ago: bound as port 0, then released. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
