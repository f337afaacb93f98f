// The ceiling: a uWebSockets.js relay that publishes every received frame, unchanged, to its room's topic.

import { createRequire } from 'node:module';
import type * as Uws from 'uWebSockets.js';
import { announceListening, relayOptions, roomOfUrl } from './relay-common.js';
import { WS_PATH } from '@ichat/protocol';

interface SocketData {
  topic: string;
}

const options = relayOptions(process.argv.slice(2));
const uws = createRequire(import.meta.url)('uWebSockets.js') as typeof Uws;
const app = uws.App();

app.ws<SocketData>(WS_PATH, {
  maxPayloadLength: 256 * 1024,
  idleTimeout: 60,
  maxBackpressure: options.maxBackpressureBytes,
  closeOnBackpressureLimit: 1,
  upgrade: (res, req, context) => {
    const topic = `room:${roomOfUrl(`${req.getUrl()}?${req.getQuery() ?? ''}`)}`;
    res.upgrade<SocketData>(
      { topic },
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context,
    );
  },
  open: (ws) => {
    ws.subscribe(ws.getUserData().topic);
  },
  message: (ws, message, isBinary) => {
    // app.publish, not ws.publish: the sender hears its own message, as in iChat and Socket.IO rooms.
    app.publish(ws.getUserData().topic, message, isBinary);
  },
});

app.listen(options.host, options.port, (listenSocket) => {
  if (listenSocket === false) {
    process.stderr.write(`cannot listen on ${options.host}:${options.port}\n`);
    process.exit(1);
  }
  announceListening(options.host, uws.us_socket_local_port(listenSocket));
});
