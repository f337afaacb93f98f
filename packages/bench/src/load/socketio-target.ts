// Socket.IO 4 spoken by hand over the raw WebSocket: Engine.IO open/ping, namespace connect, events with acks.

import { randomBytes } from 'node:crypto';
import { ServerProcess } from '../harness/server-process.js';
import { BenchSocket, type TextHandler } from '../wire/bench-socket.js';
import { FrameTemplate, slotsOf } from '../wire/client-frame.js';
import { probePayload, serverScript } from './relay-targets.js';
import type { FrameMeaning, Target, TargetOptions } from './target.js';

const EIO_PATH = '/socket.io/?EIO=4&transport=websocket';
const PING = 0x32; // "2": an Engine.IO ping, answered with "3"

/**
 * Engine.IO packets are text frames whose first character is the packet type: `0` open, `2` ping, `3` pong,
 * `4` message. A Socket.IO packet rides in a message: `40` connect, `42[…]` event, `43<id>[…]` ack.
 */
class SocketIoTarget implements Target {
  readonly name = 'socketio' as const;
  readonly server: ServerProcess;
  readonly #waiting = new WeakMap<BenchSocket, (text: string) => void>();

  constructor(server: ServerProcess) {
    this.server = server;
  }

  prepareMembers(): Promise<void> {
    return Promise.resolve();
  }

  async connect(_member: number, room: number | undefined, onText: TextHandler): Promise<BenchSocket> {
    // Frames in the same TCP chunk as the upgrade answer arrive before `open` resolves: keep them for `next`.
    const holder: { socket?: BenchSocket } = {};
    let early: string[] = [];
    const opened = await BenchSocket.open({
      port: this.server.port,
      path: EIO_PATH,
      onText: (payload, arrived) => {
        const socket = holder.socket;
        if (socket === undefined) {
          early.push(payload.toString());
          return;
        }
        const meaning = this.classify(payload, socket);
        if (meaning === 'other') this.#waiting.get(socket)?.(payload.toString());
        else onText(payload, arrived);
      },
    });
    holder.socket = opened;
    const next = (prefix: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const fromEarly = early.find((text) => text.startsWith(prefix));
        if (fromEarly !== undefined) {
          early = early.filter((text) => text !== fromEarly);
          return resolve(fromEarly);
        }
        const timer = setTimeout(() => reject(new Error(`Socket.IO: no "${prefix}" packet`)), 15_000);
        this.#waiting.set(opened, (text) => {
          if (!text.startsWith(prefix)) return;
          clearTimeout(timer);
          this.#waiting.delete(opened);
          resolve(text);
        });
      });
    await next('0{');
    opened.sendText('40');
    await next('40');
    if (room !== undefined) {
      opened.sendText(`421["join",${room}]`);
      await next('431');
    }
    return opened;
  }

  createRooms(): Promise<void> {
    return Promise.resolve();
  }

  messageTemplate(room: number, padTo: number): { template: FrameTemplate; values: (seq: number, sentUs: number) => number[] } {
    const payload = probePayload(`42["msg",${room},"`, '"]', padTo);
    const template = new FrameTemplate(payload, slotsOf(payload, ['room', 'seq', 'sentUs']), randomBytes(4));
    return { template, values: (seq, sentUs) => [room, seq, sentUs] };
  }

  classify(payload: Buffer, socket: BenchSocket): FrameMeaning {
    if (payload.length === 1 && payload[0] === PING) {
      socket.sendText('3');
      return 'other';
    }
    return payload[0] === 0x34 && payload[1] === 0x32 ? 'delivery' : 'other';
  }

  heapUsed(): Promise<number | undefined> {
    return this.server.heapUsed();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** Starts the Socket.IO server on the server core. */
export async function startSocketIo(options: TargetOptions): Promise<Target> {
  const server = await ServerProcess.start(options.plan, {
    args: [serverScript('socketio-server'), '--max-backpressure-bytes', String(options.maxBackpressureBytes)],
    ready: { kind: 'stdout' },
    ipc: true,
  });
  return new SocketIoTarget(server);
}
