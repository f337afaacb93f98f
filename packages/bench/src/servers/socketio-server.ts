// What the original app used: Socket.IO 4 with rooms, WebSocket transport only.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { announceListening, relayOptions } from './relay-common.js';

const options = relayOptions(process.argv.slice(2));
const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });

io.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack: unknown) => {
    void socket.join(`room:${String(room)}`);
    if (typeof ack === 'function') (ack as () => void)();
  });
  socket.on('msg', (room: unknown, text: unknown) => {
    io.to(`room:${String(room)}`).emit('msg', text);
  });
});

http.listen(options.port, options.host, () => {
  announceListening(options.host, (http.address() as AddressInfo).port);
});
