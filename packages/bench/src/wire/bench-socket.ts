// One load-generator connection: a raw TCP socket, an HTTP upgrade written by hand, then frames in and out.

import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeClientFrame, OPCODE } from './client-frame.js';
import { FrameReader, type FrameKind } from './frame-reader.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADER_END = Buffer.from('\r\n\r\n');

/** Called for every text frame, with the time (performance.now) its TCP chunk arrived. */
export type TextHandler = (payload: Buffer, arrivedMs: number) => void;

export interface BenchSocketOptions {
  port: number;
  path: string;
  onText: TextHandler;
  /** Called once when the connection ends, however it ends (the soak reconnects from here). */
  onClose?: () => void;
  timeoutMs?: number;
}

/**
 * A WebSocket client on node:net with no per-message abstraction: callers hand it finished frames and get payload
 * buffers back. Pings are answered with pongs; a close frame or a TCP close marks it closed.
 */
export class BenchSocket {
  readonly #socket: Socket;
  readonly #reader: FrameReader;
  readonly #mask = randomBytes(4);
  #closed = false;
  #arrivedMs = 0;

  private constructor(socket: Socket, onText: TextHandler) {
    this.#socket = socket;
    this.#reader = new FrameReader((kind, payload) => this.#frame(kind, payload, onText));
  }

  /** Opens the TCP connection and completes the upgrade; rejects on a non-101 answer or a timeout. */
  static open(options: BenchSocketOptions): Promise<BenchSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: options.port, noDelay: true });
      const bench = new BenchSocket(socket, options.onText);
      const key = randomBytes(16).toString('base64');
      const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
      let head = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new Error(`upgrade of ${options.path} timed out`)), options.timeoutMs ?? 15_000);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const onHandshake = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf(HEADER_END);
        if (end < 0) return;
        const text = head.subarray(0, end).toString('latin1');
        if (!text.startsWith('HTTP/1.1 101') || !text.toLowerCase().includes(accept.toLowerCase())) {
          fail(new Error(`upgrade of ${options.path} refused: ${text.split('\r\n')[0] ?? ''}`));
          return;
        }
        clearTimeout(timer);
        socket.off('data', onHandshake);
        socket.off('error', fail);
        socket.on('data', (data: Buffer) => bench.#data(data));
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          bench.#closed = true;
          options.onClose?.();
        });
        resolve(bench);
        const rest = head.subarray(end + HEADER_END.length);
        if (rest.length > 0) bench.#data(rest);
      };
      socket.on('data', onHandshake);
      socket.on('error', fail);
      socket.on('connect', () => {
        socket.write(
          `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\nUpgrade: websocket\r\n` +
            `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes a finished frame (from a FrameTemplate or `frameText`). */
  write(frame: Buffer): void {
    if (!this.#closed) this.#socket.write(frame);
  }

  /** Encodes and writes a text frame; for setup traffic, where cost does not matter. */
  sendText(text: string): void {
    this.write(encodeClientFrame(OPCODE.text, Buffer.from(text), this.#mask));
  }

  /** Stops reading: the kernel buffers fill and the server sees a slow consumer. */
  pause(): void {
    this.#socket.pause();
  }

  /** Reads again after `pause`: what the kernel buffered arrives at once. */
  resume(): void {
    this.#socket.resume();
  }

  /** Closes abruptly; benchmarks end by tearing the server down anyway. */
  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #data(chunk: Buffer): void {
    this.#arrivedMs = performance.now();
    try {
      this.#reader.push(chunk);
    } catch {
      this.destroy();
    }
  }

  #frame(kind: FrameKind, payload: Buffer, onText: TextHandler): void {
    if (kind === 'text') onText(payload, this.#arrivedMs);
    else if (kind === 'ping') this.write(encodeClientFrame(OPCODE.pong, payload, this.#mask));
    else if (kind === 'close') this.destroy();
  }
}
