// A WebSocket constructor for tests whose "network" can be cut and restored, built on the `ws` package.

import { WebSocket } from 'ws';
import type { WebSocketConstructor } from '../../src/index.js';

/** One client's network: every socket it opened, and a switch to take them all down. */
export interface TestNetwork {
  readonly WebSocket: WebSocketConstructor;
  /** How many sockets were opened so far. */
  readonly dials: number;
  /** Drops every open socket abruptly (no close handshake, like a pulled cable) and refuses new ones until `up()`. */
  down(): void;
  /** Lets new sockets through again. */
  up(): void;
  /** Closes the open sockets with a clean close handshake (frames already sent still reach the server first). */
  closeSockets(): void;
}

/** Creates a network for one client. */
export function testNetwork(): TestNetwork {
  const open = new Set<WebSocket>();
  let isDown = false;
  let dials = 0;
  class TestWebSocket extends WebSocket {
    constructor(url: string) {
      // While down, dial a port nothing listens on, so the attempt fails the way a real outage does.
      super(isDown ? 'ws://127.0.0.1:9/ws' : url);
      dials += 1;
      open.add(this);
      this.addEventListener('close', () => open.delete(this));
    }
  }
  return {
    WebSocket: TestWebSocket,
    get dials() {
      return dials;
    },
    down: () => {
      isDown = true;
      for (const socket of open) socket.terminate();
    },
    up: () => {
      isDown = false;
    },
    closeSockets: () => {
      for (const socket of open) socket.close();
    },
  };
}
