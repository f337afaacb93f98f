// The common Node choice: a `ws` relay keeping a set of sockets per room and sending each frame's bytes to the set.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { announceListening, relayOptions, roomOfUrl } from './relay-common.js';
import { WS_PATH } from '@ichat/protocol';

const options = relayOptions(process.argv.slice(2));
const rooms = new Map<string, Set<WebSocket>>();
const http = createServer();
const wss = new WebSocketServer({ server: http, path: WS_PATH, perMessageDeflate: false, maxPayload: 256 * 1024 });

wss.on('connection', (socket, request) => {
  const room = roomOfUrl(request.url ?? '');
  let members = rooms.get(room);
  if (members === undefined) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(socket);
  const set = members;
  socket.on('message', (data, isBinary) => {
    // The received bytes are the broadcast: nothing is re-serialised, only a frame header per member.
    for (const member of set) {
      if (member.bufferedAmount > options.maxBackpressureBytes) member.terminate();
      else member.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => {
    set.delete(socket);
    if (set.size === 0) rooms.delete(room);
  });
});

http.listen(options.port, options.host, () => {
  announceListening(options.host, (http.address() as AddressInfo).port);
});
