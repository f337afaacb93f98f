// A plain request/reply client over `ws` for the search benchmark's setup and queries: one socket, typed results.

import { encodeRequest, IChatError, parseResult, parseServerFrame, WS_PATH, type RequestType, type Requests } from '@ichat/protocol';
import WebSocket from 'ws';

export class SocketRequests {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, { type: RequestType; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => this.#frame(data.toString('utf8')));
  }

  /** Connects to `url` (the server's http:// address) and authenticates with `token`. */
  static async open(url: string, token: string): Promise<SocketRequests> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${WS_PATH}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new SocketRequests(socket);
    await client.request('auth', { token });
    return client;
  }

  request<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<Requests[K]['result']> {
    this.#nextId += 1;
    const id = String(this.#nextId);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { type, resolve: (value) => resolve(parseResult(type, value)), reject });
      this.#socket.send(encodeRequest(type, id, params));
    });
  }

  close(): void {
    this.#socket.close();
  }

  #frame(text: string): void {
    const frame = parseServerFrame(JSON.parse(text));
    if (frame.type !== 'reply' && frame.type !== 'error') return;
    const id = frame.id;
    if (id === undefined || id === null) return;
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    if (frame.type === 'reply') pending.resolve(frame.result);
    else pending.reject(IChatError.fromWire(frame.error));
  }
}
