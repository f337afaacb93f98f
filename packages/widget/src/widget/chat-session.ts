// A reactive controller around the SDK client: one client per signed-in session, and the room data views render.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  IChatError,
  createClient,
  normaliseText,
  type AuthResult,
  type Chat,
  type ClosedReason,
  type ConnectionState,
  type IChatClient,
  type LoginBody,
  type Me,
  type Message,
  type PendingMessage,
  type RegisterBody,
  type Unsubscribe,
} from '@ichat/sdk';

/** Where the session is: no account yet, waiting for the first sync, or live. */
export type SessionStatus = 'signed-out' | 'connecting' | 'ready';

/** A send the server refused for good; the user may retry (as a new message) or discard it. */
export interface FailedSend {
  clientMsgId: string;
  roomId: number;
  text: string;
  createdAt: number;
  error: IChatError;
}

/** The loaded part of a room's history: a contiguous run of messages ending at the newest. */
export interface RoomHistory {
  messages: Message[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loaded: boolean;
}

/** What the session tells the element, beyond re-rendering it. */
export interface SessionObserver {
  ready(user: Me): void;
  message(message: Message): void;
  unread(total: number): void;
  unauthorized(): void;
}

/** How long a "typing" signal shows without another one. */
const TYPING_SHOW_MS = 4000;
/** The server relays at most one typing signal a second per room; sending more is wasted. */
const TYPING_SEND_EVERY_MS = 2000;

export class ChatSession implements ReactiveController {
  status: SessionStatus = 'signed-out';
  connection: ConnectionState = 'closed';
  closedReason: ClosedReason | undefined;
  failed: FailedSend[] = [];

  readonly #host: ReactiveControllerHost;
  readonly #observer: SessionObserver;
  #client: IChatClient | undefined;
  #server = '';
  #stops: Unsubscribe[] = [];
  #rooms = new Map<number, RoomHistory>();
  /** Rooms whose first page failed to load (offline too long): loaded again on the next sync. */
  #reopen = new Set<number>();
  #typing = new Map<number, Map<number, { name: string; until: number }>>();
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #typingSent = new Map<number, number>();
  #unread = -1;

  constructor(host: ReactiveControllerHost, observer: SessionObserver) {
    this.#host = host;
    this.#observer = observer;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  get started(): boolean {
    return this.#client !== undefined;
  }

  get user(): Me | undefined {
    return this.#client?.user;
  }

  get chats(): readonly Chat[] {
    return this.#client?.chats ?? [];
  }

  get online(): ReadonlySet<number> {
    return this.#client?.online ?? new Set();
  }

  get totalUnread(): number {
    return this.chats.reduce((sum, chat) => sum + chat.unread, 0);
  }

  chat(roomId: number): Chat | undefined {
    return this.chats.find((chat) => chat.roomId === roomId);
  }

  history(roomId: number): RoomHistory | undefined {
    return this.#rooms.get(roomId);
  }

  /** This user's unacknowledged sends in a room, oldest first. */
  pending(roomId: number): PendingMessage[] {
    const me = this.user?.id;
    return (this.#client?.pending ?? []).filter((p) => p.roomId === roomId && (p.userId === null || p.userId === me));
  }

  failedIn(roomId: number): FailedSend[] {
    return this.failed.filter((f) => f.roomId === roomId);
  }

  /** Usernames typing in a room now. */
  typers(roomId: number): string[] {
    const now = Date.now();
    return [...(this.#typing.get(roomId)?.values() ?? [])].filter((t) => t.until > now).map((t) => t.name);
  }

  /** Starts a client for this server: signed in at once with a token, else waiting for `login` or `register`. */
  start(server: string, token: string): void {
    this.stop();
    this.#server = server;
    const client = createClient(token === '' ? { url: server } : { url: server, token });
    this.#client = client;
    this.status = token === '' ? 'signed-out' : 'connecting';
    this.connection = client.state;
    this.#listen(client);
    this.#host.requestUpdate();
  }

  /** Closes the client and forgets everything it held. */
  stop(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.#client?.close();
    this.#client = undefined;
    this.#rooms.clear();
    this.#reopen.clear();
    this.#typing.clear();
    this.#typingSent.clear();
    clearTimeout(this.#typingTimer);
    this.failed = [];
    this.status = 'signed-out';
    this.connection = 'closed';
    this.closedReason = undefined;
    this.#unread = -1;
  }

  async login(body: LoginBody): Promise<AuthResult> {
    const result = await this.#require().login(body);
    this.status = 'connecting';
    this.#host.requestUpdate();
    return result;
  }

  async register(body: RegisterBody): Promise<AuthResult> {
    const result = await this.#require().register(body);
    this.status = 'connecting';
    this.#host.requestUpdate();
    return result;
  }

  /** Revokes the token (best effort: an offline logout still signs out here) and starts a fresh signed-out client. */
  async logout(): Promise<void> {
    const client = this.#client;
    this.start(this.#server, '');
    await client?.logout().catch(() => undefined);
  }

  /** Reconnects after the server closed the connection (another tab took over, for instance). */
  reconnect(): void {
    this.#client?.connect();
  }

  /** Redials at once instead of waiting out the reconnect backoff. */
  retryNow(): void {
    this.#client?.reconnect();
  }

  async openDirect(withUser: string): Promise<Chat> {
    return this.#require().openDirect(withUser);
  }

  async createGroup(name: string, members: string[]): Promise<Chat> {
    return this.#require().createGroup(name, members);
  }

  /** Loads the newest page of a room the first time it is shown. */
  async openRoom(roomId: number): Promise<void> {
    if (this.#rooms.get(roomId)?.loaded === true) return;
    const room: RoomHistory = { messages: [], hasOlder: false, loadingOlder: true, loaded: false };
    this.#rooms.set(roomId, room);
    this.#host.requestUpdate();
    try {
      const page = await this.#require().history(roomId);
      room.messages = merge(page.messages, room.messages);
      room.hasOlder = page.hasMore;
      room.loaded = true;
    } catch {
      this.#rooms.delete(roomId);
      this.#reopen.add(roomId);
    } finally {
      room.loadingOlder = false;
      this.#host.requestUpdate();
    }
  }

  /** Loads the page before the oldest loaded message; resolves with how many messages came. */
  async loadOlder(roomId: number): Promise<number> {
    const room = this.#rooms.get(roomId);
    const oldest = room?.messages[0]?.seq;
    if (room === undefined || !room.loaded || !room.hasOlder || room.loadingOlder || oldest === undefined) return 0;
    room.loadingOlder = true;
    this.#host.requestUpdate();
    try {
      const page = await this.#require().history(roomId, { before: oldest });
      room.messages = merge(page.messages, room.messages);
      room.hasOlder = page.hasMore;
      return page.messages.length;
    } catch {
      return 0;
    } finally {
      room.loadingOlder = false;
      this.#host.requestUpdate();
    }
  }

  /**
   * Queues a message; the outbox delivers it, and a final refusal arrives as `send.failed`.
   *
   * @throws {IChatError} `validation_failed` when the text is empty or too long (nothing is queued).
   */
  send(roomId: number, text: string): void {
    normaliseText(text);
    // Refusals arrive as `send.failed`; `cancelled` and `disconnected` need nothing.
    this.#require().send(roomId, text).catch(() => undefined);
  }

  /** Sends a failed message again, as a new message. */
  retry(clientMsgId: string): void {
    const failed = this.failed.find((f) => f.clientMsgId === clientMsgId);
    if (failed === undefined) return;
    this.discard(clientMsgId);
    this.send(failed.roomId, failed.text);
  }

  discard(clientMsgId: string): void {
    this.failed = this.failed.filter((f) => f.clientMsgId !== clientMsgId);
    this.#host.requestUpdate();
  }

  cancel(clientMsgId: string): void {
    this.#client?.cancel(clientMsgId);
  }

  async edit(roomId: number, seq: number, text: string): Promise<void> {
    this.#replace(await this.#require().edit(roomId, seq, text));
  }

  async remove(roomId: number, seq: number): Promise<void> {
    this.#replace(await this.#require().delete(roomId, seq));
  }

  /** Tells the room this user is typing, at most once per interval. */
  typing(roomId: number): void {
    const now = Date.now();
    if (now - (this.#typingSent.get(roomId) ?? 0) < TYPING_SEND_EVERY_MS || this.connection !== 'open') return;
    this.#typingSent.set(roomId, now);
    this.#client?.typing(roomId).catch(() => undefined);
  }

  /** Marks everything in the room read, when anything is unread. */
  markRead(roomId: number): void {
    const chat = this.chat(roomId);
    if (chat === undefined || this.connection !== 'open' || (chat.unread === 0 && chat.readSeq >= chat.lastSeq)) return;
    this.#client?.markRead(roomId).catch(() => undefined);
  }

  #require(): IChatClient {
    if (this.#client === undefined) throw new IChatError('disconnected', 'The widget is not connected');
    return this.#client;
  }

  #listen(client: IChatClient): void {
    const update = (): void => this.#host.requestUpdate();
    this.#stops.push(
      client.on('state', (change) => {
        this.connection = change.state;
        this.closedReason = change.reason;
        update();
      }),
      client.on('ready', ({ user }) => {
        this.status = 'ready';
        update();
        this.#observer.ready(user);
        this.#reportUnread();
      }),
      client.on('resumed', () => {
        const rooms = [...this.#reopen];
        this.#reopen.clear();
        for (const roomId of rooms) void this.openRoom(roomId);
      }),
      client.on('unauthorized', () => {
        this.#observer.unauthorized();
      }),
      client.on('chats', () => {
        update();
        this.#reportUnread();
      }),
      client.on('message', (message) => {
        const room = this.#rooms.get(message.roomId);
        if (room !== undefined) room.messages = merge(room.messages, [message]);
        this.#typing.get(message.roomId)?.delete(message.senderId);
        update();
        this.#observer.message(message);
      }),
      client.on('message.updated', (message) => this.#replace(message)),
      client.on('outbox', update),
      client.on('presence', update),
      client.on('send.failed', ({ pending, error }) => {
        this.failed = [...this.failed, { clientMsgId: pending.clientMsgId, roomId: pending.roomId, text: pending.text, createdAt: pending.createdAt, error }];
        update();
      }),
      client.on('typing', ({ roomId, user }) => {
        if (user.id === this.user?.id) return;
        const room = this.#typing.get(roomId) ?? new Map<number, { name: string; until: number }>();
        room.set(user.id, { name: user.username, until: Date.now() + TYPING_SHOW_MS });
        this.#typing.set(roomId, room);
        clearTimeout(this.#typingTimer);
        this.#typingTimer = setTimeout(update, TYPING_SHOW_MS + 50);
        update();
      }),
    );
  }

  #replace(message: Message): void {
    const room = this.#rooms.get(message.roomId);
    if (room !== undefined) room.messages = room.messages.map((m) => (m.seq === message.seq ? message : m));
    this.#host.requestUpdate();
  }

  #reportUnread(): void {
    const total = this.totalUnread;
    if (total === this.#unread) return;
    this.#unread = total;
    this.#observer.unread(total);
  }
}

/** Two seq-ordered runs of one room's messages as one, newest version of each seq winning. */
function merge(older: readonly Message[], newer: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const message of [...older, ...newer]) {
    const known = bySeq.get(message.seq);
    const newer = known === undefined || message.deleted || (!known.deleted && (message.editedAt ?? 0) >= (known.editedAt ?? 0));
    if (newer) bySeq.set(message.seq, message);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
