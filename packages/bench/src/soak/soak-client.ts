// One soak user: a socket that sends, reads and checks every room's seqs, and reconnects resuming after its last seq.

import {
  IChatError,
  parseResult,
  parseServerFrame,
  encodeRequest,
  WS_PATH,
  type Message,
  type RequestType,
  type Requests,
} from '@ichat/protocol';
import type { LatencyRecorder } from '../accounting/latency.js';
import { BenchSocket } from '../wire/bench-socket.js';

/** A request with no reply within this long fails (and a send stays in the outbox, to be sent again). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Resuming pages through at most this many history pages per room (100 messages each). */
const MAX_RESUME_PAGES = 1000;
/** Deliveries this soon after a slow spell ends are backlog, not latency. */
const SLOW_AFTERMATH_MS = 5000;

/** The counters every client adds to, for the samples and the final check. */
export class SoakBooks {
  sent = 0;
  acked = 0;
  /** Sends resent after a reconnect that the server had already stored (answered `duplicate: true`). */
  resentDuplicates = 0;
  deliveries = 0;
  /** Seqs a client never saw although a later one in the same room arrived (live or while resuming). */
  gaps = 0;
  /** Live deliveries of a seq the client had already had live (a duplicate, or one out of order). */
  duplicates = 0;
  typingSent = 0;
  typingReceived = 0;
  historyPages = 0;
  /** History pages going back whose seqs were not the contiguous run just before the asked one. */
  historyGaps = 0;
  reconnects = 0;
  logins = 0;
  /** Connections the server closed (slow consumers, 4008), each followed by a reconnect. */
  serverCloses = 0;
  errors = new Map<string, number>();
  /** Acked sends by room id: client message id → seq, to compare with the database after the run. */
  readonly acks = new Map<number, Map<string, number>>();
  readonly latency: LatencyRecorder;
  readonly window: LatencyRecorder;

  constructor(latency: LatencyRecorder, window: LatencyRecorder) {
    this.latency = latency;
    this.window = window;
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  get errorCount(): number {
    let total = 0;
    for (const count of this.errors.values()) total += count;
    return total;
  }
}

interface Pending {
  settle: (result: unknown, error: Error | undefined) => void;
  timer: NodeJS.Timeout;
}

interface Unacked {
  roomId: number;
  text: string;
}

export type ClientState = 'offline' | 'connecting' | 'resuming' | 'ready';

export class SoakClient {
  readonly index: number;
  readonly username: string;
  readonly email: string;
  token: string;
  state: ClientState = 'offline';
  /** Room ids: small group, direct chat, large group (filled in during setup). */
  readonly rooms: number[] = [];
  /** The highest seq seen per room id. */
  readonly lastSeq = new Map<number, number>();
  /** Performance time until which the client is slow (not reading), and deliveries do not count for latency. */
  slowUntil = 0;
  readonly #books: SoakBooks;
  readonly #port: number;
  readonly #pending = new Map<string, Pending>();
  readonly #outbox = new Map<string, Unacked>();
  /** Live messages that arrive while a room is being resumed, applied after its history. */
  readonly #held = new Map<number, Message[]>();
  /** The highest seq delivered live per room id (not through history). */
  readonly #liveSeq = new Map<number, number>();
  #socket: BenchSocket | undefined;
  #nextId = 0;
  #nextMessage = 0;
  /** Called when the server (not this client) ends the connection. */
  onLost: (() => void) | undefined;

  constructor(index: number, username: string, email: string, token: string, port: number, books: SoakBooks) {
    this.index = index;
    this.username = username;
    this.email = email;
    this.token = token;
    this.#port = port;
    this.#books = books;
  }

  get unacked(): number {
    return this.#outbox.size;
  }

  get paused(): boolean {
    return this.slowUntil > performance.now();
  }

  /** Opens a socket and authenticates; then, unless `resume` is false (first connect), resumes every room. */
  async connect(resume: boolean): Promise<void> {
    this.state = 'connecting';
    try {
      const socket = await BenchSocket.open({
        port: this.#port,
        path: WS_PATH,
        onText: (payload, arrived) => this.#frame(payload, arrived),
        onClose: () => this.#closed(socket),
      });
      this.#socket = socket;
      // Held from before `auth`: events that share a TCP chunk with its reply are read before the await returns.
      if (resume) for (const roomId of this.rooms) this.#held.set(roomId, []);
      await this.request('auth', { token: this.token });
      if (resume) {
        this.state = 'resuming';
        for (const roomId of this.rooms) await this.#resumeRoom(roomId);
      }
      this.state = 'ready';
      // Sends whose ack the last connection never brought: the same client message id, so stored at most once.
      for (const [clientMsgId, unacked] of this.#outbox) this.#send(clientMsgId, unacked);
    } catch (error) {
      this.drop();
      throw error;
    }
  }

  /** Ends the connection from this side (a network drop, as the server sees it). */
  drop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.state = 'offline';
    socket?.destroy();
    this.#failPending();
  }

  /** Stops reading for `ms`: the server's queue for this socket grows, as for a phone on a bad network. */
  pause(ms: number): void {
    this.slowUntil = performance.now() + ms;
    this.#socket?.pause();
  }

  resume(): void {
    // Keep the aftermath out of the latency figures: the backlog arrives late by design.
    this.slowUntil = Math.min(this.slowUntil, performance.now());
    this.#socket?.resume();
  }

  /** Sends a message to a room; it is acked after the server commits it. */
  sendMessage(roomId: number): void {
    const clientMsgId = `c${this.index}-${this.#nextMessage++}`;
    // The send time, read back by every receiver for latency; the rest pads to a typical short chat line.
    const unacked = { roomId, text: `soak ${performance.now().toFixed(1)} ${'lorem ipsum '.repeat(6)}` };
    this.#outbox.set(clientMsgId, unacked);
    this.#books.sent++;
    this.#send(clientMsgId, unacked);
  }

  typing(roomId: number): void {
    this.#books.typingSent++;
    this.request('typing', { roomId }).catch((error: unknown) => this.#failed(error));
  }

  /** Pages back through a room's history before the last seen seq, checking each page joins the next. */
  async readHistory(roomId: number, pages: number, limit: number): Promise<void> {
    let before = this.lastSeq.get(roomId) ?? 0;
    for (let page = 0; page < pages && before > 1; page++) {
      const { messages } = await this.request('history', { roomId, before, limit });
      this.#books.historyPages++;
      const wanted = Math.min(limit, before - 1);
      const contiguous = messages.every((message, i) => message.seq === before - messages.length + i);
      if (messages.length !== wanted || !contiguous) this.#books.historyGaps++;
      before = messages[0]?.seq ?? 0;
    }
  }

  /** Sends a request and waits for its reply, checked against the protocol's result schema. */
  request<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<Requests[K]['result']> {
    const socket = this.#socket;
    if (socket === undefined || socket.closed) return Promise.reject(new Error('not connected'));
    const id = `r${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${type} timed out`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, {
        timer,
        settle: (result, error) => {
          clearTimeout(timer);
          if (error !== undefined) return reject(error);
          try {
            resolve(parseResult(type, result));
          } catch (invalid) {
            reject(invalid instanceof Error ? invalid : new Error(String(invalid)));
          }
        },
      });
      socket.sendText(encodeRequest(type, id, params));
    });
  }

  #send(clientMsgId: string, unacked: Unacked): void {
    this.request('message.send', { roomId: unacked.roomId, clientMsgId, text: unacked.text }).then(
      ({ message, duplicate }) => {
        if (!this.#outbox.delete(clientMsgId)) return;
        this.#books.acked++;
        if (duplicate) this.#books.resentDuplicates++;
        let room = this.#books.acks.get(message.roomId);
        if (room === undefined) {
          room = new Map();
          this.#books.acks.set(message.roomId, room);
        }
        room.set(clientMsgId, message.seq);
      },
      (error: unknown) => {
        // Refused (not stored): forget it. Lost with the connection: it stays in the outbox for the next one.
        if (error instanceof IChatError) this.#outbox.delete(clientMsgId);
        this.#failed(error);
      },
    );
  }

  /** Reads what the room gained since the last seen seq, in pages, then applies what arrived live meanwhile. */
  async #resumeRoom(roomId: number): Promise<void> {
    for (let page = 0; page < MAX_RESUME_PAGES; page++) {
      const after = this.lastSeq.get(roomId) ?? 0;
      const { messages, hasMore } = await this.request('history', { roomId, after, limit: 100 });
      this.#books.historyPages++;
      for (const message of messages) this.#apply(message, false);
      if (!hasMore) break;
    }
    const held = this.#held.get(roomId) ?? [];
    this.#held.delete(roomId);
    // Live events that history already covered are the expected overlap (see #apply), not duplicates.
    for (const message of held) this.#apply(message, true);
  }

  #apply(message: Message, live: boolean): void {
    const last = this.lastSeq.get(message.roomId) ?? 0;
    this.#books.deliveries++;
    if (live) {
      // A live event may follow the history page that already carried it (the server pushes after it commits, and
      // the page may read the commit first): only a seq already delivered live is a duplicate.
      if (message.seq <= (this.#liveSeq.get(message.roomId) ?? 0)) this.#books.duplicates++;
      this.#liveSeq.set(message.roomId, Math.max(message.seq, this.#liveSeq.get(message.roomId) ?? 0));
    }
    if (message.seq <= last) return;
    if (message.seq > last + 1) this.#books.gaps += message.seq - last - 1;
    this.lastSeq.set(message.roomId, message.seq);
  }

  #frame(payload: Buffer, arrivedMs: number): void {
    let frame: ReturnType<typeof parseServerFrame>;
    try {
      frame = parseServerFrame(payload.toString());
    } catch {
      this.#books.error('invalid_frame');
      return;
    }
    if (frame.type === 'reply' || frame.type === 'error') {
      const pending = frame.id === null ? undefined : this.#pending.get(frame.id);
      if (frame.id !== null && pending !== undefined) {
        this.#pending.delete(frame.id);
        if (frame.type === 'reply') pending.settle(frame.result, undefined);
        else pending.settle(undefined, IChatError.fromWire(frame.error));
      } else if (frame.type === 'error') {
        this.#books.error(frame.error.code);
      }
      return;
    }
    if (frame.type === 'typing') {
      this.#books.typingReceived++;
      return;
    }
    if (frame.type !== 'message') return;
    const { message } = frame;
    const held = this.#held.get(message.roomId);
    if (held !== undefined) {
      held.push(message);
      return;
    }
    this.#apply(message, true);
    if (performance.now() - this.slowUntil < SLOW_AFTERMATH_MS) return;
    const sentMs = Number(/^soak (\d+\.\d)/.exec(message.text)?.[1]);
    if (Number.isFinite(sentMs)) {
      this.#books.latency.record((arrivedMs - sentMs) * 1000);
      this.#books.window.record((arrivedMs - sentMs) * 1000);
    }
  }

  #closed(socket: BenchSocket): void {
    // A socket this client already dropped, or replaced, is not news.
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.state = 'offline';
    this.#failPending();
    this.#books.serverCloses++;
    this.onLost?.();
  }

  #failPending(): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.settle(undefined, new Error('connection closed'));
    }
    this.#held.clear();
  }

  #failed(error: unknown): void {
    if (error instanceof IChatError) this.#books.error(error.code);
    else if (error instanceof Error && error.message.endsWith('timed out')) this.#books.error('timeout');
  }
}
