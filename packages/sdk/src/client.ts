// The public facade: one client object with typed methods and events, built from the socket, feed, sync and outbox.
// Over 400 lines because every public method carries its documentation and an example, which editors show; the
// logic lives in reconnecting-socket.ts, sync-machine.ts, message-feed.ts, outbox.ts and chat-list.ts.

import { ChatList } from './chat-list.js';
import { newClientMsgId, type ClientOptions, type HistoryOptions, type SearchOptions, type SendOptions } from './client-options.js';
import { ReconnectingSocket, type ConnectionState, type StateChange } from './reconnecting-socket.js';
import { Emitter, type Listener, type Unsubscribe } from './emitter.js';
import type { ClientEvents } from './events.js';
import { HttpApi, type FetchFunction } from './http-api.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import { defaultStorage, type StoredSend } from './outbox-storage.js';
import { describeUpload, uploadFile, type UploadBody, type UploadOptions } from './upload.js';
import { SessionRefresher } from './session-refresher.js';
import {
  IChatError,
  LIMITS,
  normaliseText,
  ATTACHMENT_LIMITS,
  type Attachment,
  type AttachmentLink,
  type AuthResult,
  type Chat,
  type EventFrame,
  type LoginBody,
  type Me,
  type Message,
  type ProfileEditBody,
  type PublicUser,
  type Reader,
  type RegisterBody,
  type ReportReason,
  type Requests,
  type ServerLimits,
  type StatsQuery,
  type StatsResult,
} from '@ichat/protocol';
import { ChangeFeed } from './change-feed.js';
import { MessageFeed } from './message-feed.js';
import { SyncMachine, type SyncHost } from './sync-machine.js';
import { globalWebSocket } from './websocket.js';

/**
 * The iChat client. Create one with {@link createClient}.
 *
 * @example
 * ```ts
 * const client = createClient({ url: 'https://chat.example.com' });
 * await client.login({ email: 'ada@example.com', password: 'correct horse' });
 * client.on('message', (m) => console.log(m.roomId, m.seq, m.text));
 * const chat = await client.openDirect('grace');
 * await client.send(chat.roomId, 'Hello!');
 * ```
 */
export class IChatClient {
  readonly #events = new Emitter<ClientEvents>();
  readonly #socket: ReconnectingSocket;
  readonly #http: HttpApi;
  readonly #outbox: Outbox;
  readonly #autoConnect: boolean;
  readonly #restored: Promise<void>;
  #feed: MessageFeed;
  #changes: ChangeFeed;
  #chats = new ChatList();
  #token: string | undefined;
  #user: Me | undefined;
  #limits: ServerLimits | undefined;
  #sharesReceipts: boolean | undefined;
  #reactionSet: readonly string[] = [];
  /** The emoji the user reacted with, by message id (see {@link IChatClient.react}). */
  readonly #mine = new Map<number, string[]>();
  readonly #sync: SyncMachine;
  readonly #refresher: SessionRefresher | undefined;

  /** Use {@link createClient}. */
  constructor(options: ClientOptions) {
    const WebSocket = options.WebSocket ?? globalWebSocket();
    if (WebSocket === undefined) {
      throw new IChatError(
        'bad_request',
        'This runtime has no global WebSocket (Node 20): pass one, e.g. createClient({ url, WebSocket }) with `ws`',
        { field: 'WebSocket' },
      );
    }
    const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#token = options.token;
    this.#autoConnect = options.autoConnect ?? true;
    this.#http = new HttpApi(options.url, fetchFunction);
    const connectionOptions = { ...options, WebSocket, token: () => this.#token };
    this.#socket = new ReconnectingSocket(connectionOptions);
    this.#feed = this.#newFeed();
    this.#changes = this.#newChanges();
    this.#sync = new SyncMachine(this.#syncHost());
    this.#outbox = new Outbox(
      options.storage ?? defaultStorage(`ichat.outbox:${options.url}`),
      {
        isOpen: () => this.#socket.state === 'open',
        userId: () => this.#user?.id,
        send: async (entry) => {
          const params: Requests['message.send']['params'] = { roomId: entry.roomId, clientMsgId: entry.clientMsgId, text: entry.text };
          if (entry.attachments !== undefined) params.attachments = entry.attachments;
          if (entry.replyTo !== undefined) params.replyTo = entry.replyTo;
          const result = await this.#socket.request('message.send', params);
          this.#feed.receive(result.message);
          return result;
        },
      },
      {
        changed: (pending) => this.#events.emit('outbox', this.#ownPending(pending)),
        sent: (pending, message, duplicate) => this.#events.emit('sent', { pending, message, duplicate }),
        failed: (pending, error) => this.#events.emit('send.failed', { pending, error }),
        storageError: (error) => this.#events.emit('error', error),
      },
    );
    this.#socket.events.on('state', (change) => this.#onState(change));
    this.#socket.events.on('ready', (ready) => void this.#sync.run(ready));
    this.#socket.events.on('event', (frame) => this.#onEvent(frame));
    const provider = options.tokenProvider;
    this.#refresher =
      provider === undefined
        ? undefined
        : new SessionRefresher({
            provider,
            exchange: (jwt) => this.#http.jwtLogin({ token: jwt }),
            renewed: (result) => this.#renewed(result),
            failed: (error) => this.#events.emit('unauthorized', error),
          });
    // With a provider a refused or expired session is renewed, not reported: only a failed renewal is.
    this.#socket.events.on('unauthorized', (error) => {
      if (this.#refresher === undefined) this.#events.emit('unauthorized', error);
      else void this.#refresher.refresh();
    });
    this.#socket.events.on('banned', (error) => this.#events.emit('banned', error));
    this.#socket.events.on('error', (error) => this.#events.emit('error', error));
    this.#restored = this.#outbox.restore().then(() => this.#outbox.flush());
    if (this.#token !== undefined && this.#autoConnect) this.#socket.connect();
    else if (this.#refresher !== undefined && this.#autoConnect) void this.#refresher.refresh();
  }

  /** The connection state. */
  get state(): ConnectionState {
    return this.#socket.state;
  }

  /** The signed-in user, once known (after `login`, `register` or the first connection). */
  get user(): Me | undefined {
    return this.#user;
  }

  /** The current bearer token. */
  get token(): string | undefined {
    return this.#token;
  }

  /** The emoji the server accepts as reactions, in the order to offer them (empty until the first connection). */
  get reactions(): readonly string[] {
    return this.#reactionSet;
  }

  /** The limits the server announced on the last connection. */
  get limits(): ServerLimits | undefined {
    return this.#limits;
  }

  /**
   * Whether the user shares read receipts, as the server said on the last connection or since (`receipts.sharing`).
   * While false, {@link IChatClient.receipts} answers no one and no `receipt` events arrive.
   */
  get sharesReceipts(): boolean | undefined {
    return this.#sharesReceipts;
  }

  /** The chat list, newest activity first. */
  get chats(): readonly Chat[] {
    return this.#chats.list;
  }

  /** The ids of contacts online now. */
  get online(): ReadonlySet<number> {
    return this.#chats.online;
  }

  /**
   * The signed-in user's messages sent but not yet acknowledged, oldest first. Storage is shared per server, so
   * another account's sends left from an earlier session on this device are kept (and sent when that account signs
   * in again) but not listed here.
   */
  get pending(): OutboxEntry[] {
    return this.#ownPending(this.#outbox.pending);
  }

  #ownPending(entries: readonly OutboxEntry[]): OutboxEntry[] {
    const userId = this.#user?.id;
    return entries.filter((entry) => entry.userId === null || entry.userId === userId);
  }

  /** Listens to an event; returns a function that stops listening. */
  on<K extends keyof ClientEvents>(type: K, listener: Listener<ClientEvents, K>): Unsubscribe {
    return this.#events.on(type, listener);
  }

  /** Listens to the next occurrence of an event only. */
  once<K extends keyof ClientEvents>(type: K, listener: Listener<ClientEvents, K>): Unsubscribe {
    return this.#events.once(type, listener);
  }

  /** Stops a listener added with {@link IChatClient.on}. */
  off<K extends keyof ClientEvents>(type: K, listener: Listener<ClientEvents, K>): void {
    this.#events.off(type, listener);
  }

  /**
   * Connects (or reconnects after `close()` or `unauthorized`), optionally with a new token.
   *
   * @throws {IChatError} `unauthorized` when there is no token (neither given nor kept from a login).
   * @example
   * ```ts
   * client.connect(savedToken);
   * await client.whenSynced();
   * ```
   */
  connect(token?: string): void {
    if (token === undefined && this.#token === undefined && this.#refresher !== undefined) {
      // Nothing to connect with yet: the provider's next token connects.
      void this.#refresher.refresh();
      return;
    }
    if (token !== undefined && token !== this.#token) {
      this.#socket.close('client');
      this.#token = token;
    }
    this.#outbox.reopen();
    this.#socket.connect();
    this.#outbox.flush();
  }

  /**
   * Drops the current socket and reconnects at once, skipping the backoff: for when the app knows the network just
   * came back (the browser's `online` event is already handled).
   *
   * @example
   * ```ts
   * app.on('resume', () => client.reconnect());
   * ```
   */
  reconnect(): void {
    this.#socket.reconnectNow();
  }

  /** Closes the connection for good; pending sends stay stored and their promises reject with `disconnected`. */
  close(): void {
    this.#refresher?.stop();
    this.#socket.close('client');
    this.#outbox.close();
  }

  /**
   * Resolves once the client is open and caught up: the chat list loaded and, after an outage, every followed room
   * resumed. Rejects with `disconnected` if the client closes first, or `timeout` after `timeoutMs`.
   */
  whenSynced(timeoutMs = 30_000): Promise<void> {
    if (this.#socket.state === 'open' && this.#sync.phase === 'live') return Promise.resolve();
    // With a token provider, a closed client that is renewing its session is about to connect, not closed for good.
    const renewing = (reason?: string): boolean =>
      this.#refresher !== undefined && (this.#refresher.renewing || reason === 'unauthorized');
    if (this.#socket.state === 'closed' && !renewing()) {
      return Promise.reject(new IChatError('disconnected', 'The client is closed'));
    }
    return new Promise((resolve, reject) => {
      const stops: Unsubscribe[] = [];
      const done = (error?: IChatError): void => {
        clearTimeout(timer);
        for (const stop of stops) stop();
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(() => done(new IChatError('timeout', `Not synced within ${timeoutMs} ms`)), timeoutMs);
      stops.push(this.on('ready', () => done()));
      // A failed renewal (tokenProvider) leaves the client closed with no session coming.
      stops.push(this.on('unauthorized', (error) => done(error)));
      stops.push(this.on('resumed', () => done()));
      stops.push(
        this.on('state', (change) => {
          if (change.state === 'closed' && !renewing(change.reason)) {
            done(new IChatError('disconnected', `The client is closed (${change.reason ?? 'client'})`));
          }
        }),
      );
    });
  }

  // ── Accounts (HTTP) ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates an account, keeps its token and connects.
   *
   * @throws {IChatError} `validation_failed` (with `field`), `email_taken`, `username_taken`.
   * @example
   * ```ts
   * const { user, token } = await client.register({ email, username: 'ada', password });
   * ```
   */
  async register(body: RegisterBody): Promise<AuthResult> {
    return this.#signedIn(await this.#http.register(body));
  }

  /**
   * Logs in, keeps the token and connects.
   *
   * @throws {IChatError} `validation_failed`, `invalid_credentials`, `rate_limited` (with `retryAfterMs`).
   * @example
   * ```ts
   * await client.login({ email: 'ada@example.com', password });
   * ```
   */
  async login(body: LoginBody): Promise<AuthResult> {
    return this.#signedIn(await this.#http.login(body));
  }

  /**
   * Signs in with a JWT the host site signed for its signed-in user, keeps the token and connects. To keep the
   * session alive without calling this again, pass `tokenProvider` to {@link createClient} instead.
   *
   * @throws {IChatError} `invalid_token` (with `reason`: expired, bad_signature, …), `forbidden` (the server has no
   * JWT key), `rate_limited`.
   * @example
   * ```ts
   * await client.jwtLogin(await (await fetch('/ichat-token')).text());
   * ```
   */
  async jwtLogin(jwt: string): Promise<AuthResult> {
    return this.#signedIn(await this.#http.jwtLogin({ token: jwt }));
  }

  /**
   * Revokes the token on the server and closes the connection; the user, chat list and delivery cursors are
   * forgotten. Every other socket using the token is closed by the server with `unauthorized`.
   *
   * @example
   * ```ts
   * await client.logout();
   * ```
   */
  async logout(): Promise<void> {
    const token = this.#requireToken();
    this.#refresher?.stop();
    this.#socket.close('client');
    this.#token = undefined;
    this.#forgetUser();
    this.#user = undefined;
    this.#emitChats();
    await this.#http.logout(token);
  }

  /**
   * The signed-in user, fresh from the server.
   *
   * @throws {IChatError} `unauthorized`.
   */
  async me(): Promise<Me> {
    const me = await this.#http.me(this.#requireToken());
    this.#user = me;
    return me;
  }

  /**
   * Changes the signed-in user's display name or avatar (an https URL); a field left out is kept and `null` clears it.
   * Resolves with the user as stored, already in {@link IChatClient.user}; contacts and the user's other devices
   * receive `user.updated`. A host site's users are refused: their profile comes from the site's sign-in token.
   *
   * @throws {IChatError} `validation_failed` (with `field`: `displayName` or `avatarUrl`), `forbidden` (a host site's
   * user), `unauthorized`.
   * @example
   * ```ts
   * await client.updateProfile({ displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/ada.png' });
   * ```
   */
  async updateProfile(profile: ProfileEditBody): Promise<Me> {
    const me = await this.#http.updateProfile(this.#requireToken(), profile);
    this.#user = me;
    // Only the public fields go into the chat list: the e-mail stays in `user`.
    this.#applyUser({ id: me.id, username: me.username, displayName: me.displayName, avatarUrl: me.avatarUrl, data: me.data });
    return me;
  }

  /**
   * Counts of a statistics series in day, week or month buckets, for administrators.
   *
   * @example
   * const weekly = await client.stats({ series: 'registrations', bucket: 'week', from: 'first', tz: 'Europe/Paris' });
   * @throws {IChatError} `unauthorized`, `forbidden` (not an administrator), `validation_failed` (a bad zone or
   * range), `cancelled` (the signal fired).
   */
  async stats(query: StatsQuery, options: { signal?: AbortSignal } = {}): Promise<StatsResult> {
    return await this.#http.stats(this.#requireToken(), query, options.signal);
  }

  // ── Rooms ───────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Opens (or finds) the direct room with the user of this e-mail or username.
   *
   * @throws {IChatError} `not_found`, `validation_failed` (yourself).
   * @example
   * ```ts
   * const chat = await client.openDirect('grace@example.com');
   * ```
   */
  async openDirect(withUser: string): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.open_direct', { with: withUser })).chat);
  }

  /**
   * Creates a group owned by the caller, with these members (e-mails or usernames).
   *
   * @throws {IChatError} `validation_failed`, `not_found`.
   * @example
   * ```ts
   * const team = await client.createGroup('Team', ['grace', 'linus@example.com']);
   * ```
   */
  async createGroup(name: string, members: string[]): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.create_group', { name, members })).chat);
  }

  /**
   * Adds members to a group the caller owns.
   *
   * @throws {IChatError} `forbidden`, `not_found`.
   * @example
   * ```ts
   * await client.addMembers(team.roomId, ['margaret']);
   * ```
   */
  async addMembers(roomId: number, members: string[]): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.add_members', { roomId, members })).chat);
  }

  /**
   * Removes a member from a group the caller owns.
   *
   * @throws {IChatError} `forbidden`, `not_found`, `validation_failed` (yourself: use `leave`).
   * @example
   * ```ts
   * await client.removeMember(team.roomId, userId);
   * ```
   */
  async removeMember(roomId: number, userId: number): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.remove_member', { roomId, userId })).chat);
  }

  /**
   * Renames a group the caller owns.
   *
   * @throws {IChatError} `forbidden`, `validation_failed`.
   * @example
   * ```ts
   * await client.rename(team.roomId, 'Core team');
   * ```
   */
  async rename(roomId: number, name: string): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.rename', { roomId, name })).chat);
  }

  /**
   * Leaves a group; it disappears from the chat list.
   *
   * @throws {IChatError} `forbidden` (direct rooms cannot be left, or not a member).
   * @example
   * ```ts
   * await client.leave(team.roomId);
   * ```
   */
  async leave(roomId: number): Promise<void> {
    await this.#socket.request('room.leave', { roomId });
    this.#removeRoom(roomId);
  }

  /**
   * Mutes (`muted: true`) or unmutes a room for the signed-in user alone. The chat list shows it at once, and the
   * user's other devices get it as a `chat` event. A muted room keeps its unread count; an app leaves it out of
   * notifications and of unread totals.
   *
   * @throws {IChatError} `forbidden` (not a member).
   * @example
   * ```ts
   * await client.muteRoom(team.roomId, true);
   * const quiet = client.chats.filter((chat) => chat.muted);
   * ```
   */
  async muteRoom(roomId: number, muted: boolean): Promise<Chat> {
    return this.#adopt((await this.#socket.request('room.mute', { roomId, muted })).chat);
  }

  // ── Messages ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a message. Resolves with the stored message (with its `seq`) only after the server's durable ack. While
   * offline the message waits in the outbox (visible in {@link IChatClient.pending}) and goes out on reconnect with
   * the same `clientMsgId`, so it is stored once however often it is resent.
   *
   * @throws {IChatError} `validation_failed` (empty or too long, checked before queueing), `forbidden`,
   *   `cancelled` (see {@link IChatClient.cancel}), `disconnected` (the client was closed first).
   * @example
   * ```ts
   * const message = await client.send(roomId, 'Hello!');
   * console.log(message.seq);
   * ```
   */
  async send(roomId: number, text: string, options: SendOptions = {}): Promise<Message> {
    const attachments = (options.attachments ?? []).map((item) => (typeof item === 'number' ? item : item.id));
    if (attachments.length > ATTACHMENT_LIMITS.perMessage) {
      throw new IChatError('validation_failed', `A message carries at most ${ATTACHMENT_LIMITS.perMessage} attachments`, {
        field: 'attachments',
      });
    }
    // A message of files alone may have no text.
    const normalised = attachments.length > 0 && text.trim() === '' ? '' : normaliseText(text);
    if (!Number.isSafeInteger(roomId) || roomId < 1) {
      throw new IChatError('validation_failed', 'roomId must be a positive integer', { field: 'roomId' });
    }
    const clientMsgId = options.clientMsgId ?? newClientMsgId();
    if (clientMsgId.length === 0 || clientMsgId.length > LIMITS.clientMsgIdMax) {
      throw new IChatError('validation_failed', `clientMsgId must be 1–${LIMITS.clientMsgIdMax} characters`, {
        field: 'clientMsgId',
      });
    }
    const entry: StoredSend = { clientMsgId, roomId, text: normalised, createdAt: Date.now(), userId: this.#user?.id ?? null };
    if (attachments.length > 0) entry.attachments = attachments;
    // The server checks it (validation_failed, field replyTo): a message no longer there is its to know.
    if (options.replyTo !== undefined) entry.replyTo = options.replyTo;
    return this.#outbox.enqueue(entry);
  }

  /**
   * Reacts to a message with one of the server's emoji ({@link IChatClient.reactions}). Reacting twice with the same
   * emoji changes nothing. Resolves with the message as it is now, `myReactions` included; the room's members get it
   * as `message.updated`.
   *
   * @throws {IChatError} `validation_failed` (field `emoji`: not one of the server's), `not_found` (no such message,
   *   or deleted), `forbidden` (not a member).
   * @example
   * ```ts
   * await client.react(roomId, message.seq, '👍');
   * ```
   */
  async react(roomId: number, seq: number, emoji: string): Promise<Message> {
    return this.#reacted('reaction.add', roomId, seq, emoji);
  }

  /**
   * Takes back the caller's reaction with this emoji; taking back one that is not there changes nothing.
   *
   * @throws {IChatError} `not_found` (no such message, or deleted), `forbidden` (not a member).
   * @example
   * ```ts
   * await client.unreact(roomId, message.seq, '👍');
   * ```
   */
  async unreact(roomId: number, seq: number, emoji: string): Promise<Message> {
    return this.#reacted('reaction.remove', roomId, seq, emoji);
  }

  /**
   * Everyone who reacted to a message with one emoji, earliest first (a message's `reactions` name only the first
   * ten), and how many did.
   *
   * @throws {IChatError} `not_found`, `forbidden`.
   * @example
   * ```ts
   * const { userIds, count } = await client.reactors(roomId, message.seq, '❤️');
   * ```
   */
  reactors(roomId: number, seq: number, emoji: string): Promise<Requests['reaction.list']['result']> {
    return this.#socket.request('reaction.list', { roomId, seq, emoji });
  }

  /**
   * Uploads a file for a message: resolves with the stored attachment, which {@link IChatClient.send} then carries
   * (`attachments` option). An upload no message takes is removed by the server after a while (an hour by default).
   * A file over the server's announced limit is refused here, before any byte goes out.
   *
   * @throws {IChatError} `attachment_too_large`, `attachment_type_not_allowed` (the bytes are of no accepted type, or
   * not of the declared one), `unauthorized`, `cancelled` (the signal fired), `unavailable`.
   * @example
   * ```ts
   * const photo = await client.upload(fileInput.files[0], { onProgress: ({ loaded, total }) => show(loaded / total) });
   * await client.send(roomId, 'Look!', { attachments: [photo] });
   * ```
   */
  async upload(file: UploadBody, options: UploadOptions = {}): Promise<Attachment> {
    const max = this.#limits?.maxAttachmentBytes;
    const size = file instanceof Uint8Array ? file.byteLength : file.size;
    if (max !== undefined && size > max) {
      throw new IChatError('attachment_too_large', `Files may be at most ${max} bytes`);
    }
    const { name, type } = describeUpload(file, options);
    const query = new URLSearchParams({ name });
    return uploadFile({ http: this.#http, query, token: this.#requireToken() }, file, type, options);
  }

  /**
   * Signed links to attachments of messages in the caller's rooms (or the caller's own unsent uploads), as absolute
   * URLs for `<img src>` or a download: no token needed, valid until `expiresAt` and while the caller stays a member.
   * Ids the caller may not read are left out.
   *
   * @example
   * ```ts
   * const [link] = await client.attachmentLinks([message.attachments[0].id]);
   * img.src = link.thumbnailUrl ?? link.url;
   * ```
   */
  async attachmentLinks(ids: readonly number[]): Promise<AttachmentLink[]> {
    const { links } = await this.#socket.request('attachment.links', { ids: [...ids] });
    return links.map((link) => ({
      ...link,
      url: this.#http.url(link.url),
      thumbnailUrl: link.thumbnailUrl === null ? null : this.#http.url(link.thumbnailUrl),
    }));
  }

  /**
   * Cancels a pending send that has not gone on the wire; its promise rejects with `cancelled`. Returns false when
   * it is unknown or already awaiting the server's answer.
   *
   * @example
   * ```ts
   * for (const p of client.pending) if (p.state === 'queued') client.cancel(p.clientMsgId);
   * ```
   */
  cancel(clientMsgId: string): boolean {
    return this.#outbox.cancel(clientMsgId);
  }

  /**
   * Edits one of the caller's messages.
   *
   * @throws {IChatError} `forbidden` (someone else's), `not_found`, `validation_failed`.
   * @example
   * ```ts
   * await client.edit(roomId, message.seq, 'Hello, world!');
   * ```
   */
  async edit(roomId: number, seq: number, text: string): Promise<Message> {
    const message = this.#withMine((await this.#socket.request('message.edit', { roomId, seq, text })).message);
    this.#changes.receive(message);
    return message;
  }

  /**
   * Deletes one of the caller's messages (it stays in history with `deleted: true` and empty text).
   *
   * @throws {IChatError} `forbidden`, `not_found`.
   * @example
   * ```ts
   * await client.delete(roomId, message.seq);
   * ```
   */
  async delete(roomId: number, seq: number): Promise<Message> {
    const { message } = await this.#socket.request('message.delete', { roomId, seq });
    this.#changes.receive(message);
    return message;
  }

  /**
   * A page of a room's messages in ascending seq order: the newest page by default, older ones with `before`.
   *
   * @throws {IChatError} `forbidden`, `invalid_frame` (both `before` and `after`, or `limit` over 100).
   * @example
   * ```ts
   * let page = await client.history(roomId);
   * while (page.hasMore) page = await client.history(roomId, { before: page.messages[0].seq });
   * ```
   */
  async history(roomId: number, options: HistoryOptions = {}): Promise<Requests['history']['result']> {
    return this.#learnPage(await this.#socket.request('history', { roomId, ...options }));
  }

  /**
   * Finds messages by their words in the caller's rooms, best matches first, each with the ranges of its text that
   * matched (UTF-16 offsets, for highlighting). Case and accents do not matter; the last word also matches longer words
   * that start with it while it is being typed (from three letters, and unless the query ends in a space).
   *
   * @throws {IChatError} `validation_failed` (field `query`: no word, over 200 characters or 16 words), `forbidden`
   * (`roomId` of a room the caller is not in).
   * @example
   * ```ts
   * const { hits } = await client.search('launch checklist');
   * for (const { message, highlights } of hits) console.log(message.roomId, message.seq, highlights);
   * ```
   */
  search(query: string, options: SearchOptions = {}): Promise<Requests['message.search']['result']> {
    return this.#socket.request('message.search', { query, ...options });
  }

  /**
   * Moves the read marker to `seq` (default: the newest message the chat list knows). Markers never move back.
   *
   * @throws {IChatError} `forbidden`.
   * @example
   * ```ts
   * const { unread } = await client.markRead(roomId);
   * ```
   */
  async markRead(roomId: number, seq?: number): Promise<Requests['read']['result']> {
    const upTo = seq ?? this.#chats.get(roomId)?.lastSeq ?? this.#feed.cursor(roomId) ?? 0;
    const result = await this.#socket.request('read', { roomId, seq: upTo });
    if (this.#chats.applyRead(result)) this.#emitChats();
    return result;
  }

  /**
   * Read receipts: how far each other member of the room who shares them has read (`readSeq`). A direct room's sender
   * shows "Seen" under a message once the peer's `readSeq` reaches its seq; a group counts the readers past it. Live
   * changes come as `receipt` events. Empty while the caller does not share their own.
   *
   * @throws {IChatError} `forbidden` (not a member).
   * @example
   * ```ts
   * const readers = await client.receipts(roomId);
   * const seenBy = readers.filter((reader) => reader.readSeq >= message.seq).length;
   * ```
   */
  async receipts(roomId: number): Promise<Reader[]> {
    return (await this.#socket.request('room.receipts', { roomId })).readers;
  }

  /**
   * Turns sharing read receipts on or off, for every device of the user. Off, others no longer see how far the user
   * read, and the user sees no one's either.
   *
   * @example
   * ```ts
   * await client.shareReceipts(false);
   * ```
   */
  async shareReceipts(share: boolean): Promise<void> {
    const result = await this.#socket.request('receipts.share', { share });
    this.#sharesReceipts = result.share;
  }

  /**
   * Tells the room's other members the caller is typing (the server sends at most one a second per room).
   *
   * @example
   * ```ts
   * input.addEventListener('input', () => void client.typing(roomId));
   * ```
   */
  async typing(roomId: number): Promise<void> {
    await this.#socket.request('typing', { roomId });
  }

  /**
   * Round-trips a `ping`; resolves with the server's clock.
   *
   * @example
   * ```ts
   * const { serverTime } = await client.ping();
   * ```
   */
  ping(): Promise<Requests['ping']['result']> {
    return this.#socket.request('ping', {});
  }

  // ── Blocks and reports ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Blocks a user: no new direct chat between the two, no messages or typing either way in the one they share (both
   * get `blocked`), and they stop seeing this user's presence. Group chats are unaffected. The user's other devices
   * get a `user.blocks` event.
   *
   * @throws {IChatError} `not_found` (no such user), `validation_failed` (yourself).
   * @example
   * ```ts
   * if (chat.peer) await client.blockUser(chat.peer.id);
   * ```
   */
  async blockUser(userId: number): Promise<void> {
    await this.#socket.request('user.block', { userId });
  }

  /**
   * Lifts a block made by this user.
   *
   * @throws {IChatError} `not_found` (no such user), `validation_failed` (yourself).
   * @example
   * ```ts
   * await client.unblockUser(userId);
   * ```
   */
  async unblockUser(userId: number): Promise<void> {
    await this.#socket.request('user.unblock', { userId });
  }

  /**
   * The users this user has blocked, most recently blocked first.
   *
   * @example
   * ```ts
   * const blocked = new Set((await client.blockedUsers()).map((user) => user.id));
   * ```
   */
  async blockedUsers(): Promise<PublicUser[]> {
    return (await this.#socket.request('user.blocked', {})).users;
  }

  /**
   * Reports someone else's message to the server's administrators, with a reason (`other` needs a note). The
   * message and a few around it are kept as they are now. Reporting a message again while the first report is open
   * answers the same report id.
   *
   * @throws {IChatError} `not_found` (no such message), `validation_failed` (your own message, a note too long, or
   *   `other` without one), `forbidden` (not a member), `rate_limited` (too many reports this hour).
   * @example
   * ```ts
   * await client.reportMessage(message.roomId, message.seq, 'spam');
   * ```
   */
  async reportMessage(roomId: number, seq: number, reason: ReportReason, note?: string): Promise<{ reportId: number }> {
    return this.#socket.request('message.report', { roomId, seq, reason, ...(note === undefined ? {} : { note }) });
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

  #newFeed(): MessageFeed {
    return new MessageFeed(
      async (roomId, after) => this.#learnPage(await this.#socket.request('history', { roomId, after, limit: LIMITS.historyPageMax })),
      (message) => this.#deliver(message),
    );
  }

  #newChanges(): ChangeFeed {
    return new ChangeFeed(
      async (roomId, after) => this.#learnPage(await this.#socket.request('message.changes', { roomId, after, limit: LIMITS.historyPageMax })),
      (message) => this.#applyChange(this.#withMine(message)),
    );
  }

  /**
   * Remembers the emoji the user reacted with, from an answer that carries them (`myReactions`): events do not, so
   * the messages they bring get them from here. Only messages with some of the user's reactions are kept.
   */
  #learnMine(message: Message): void {
    const mine = message.myReactions;
    if (mine?.length) this.#mine.set(message.id, mine);
    else if (mine) this.#mine.delete(message.id);
  }

  #learnPage<P extends { messages: Message[] }>(page: P): P {
    page.messages.forEach((message) => this.#learnMine(message));
    return page;
  }

  /** The message with the user's own reactions, when it has reactions and does not carry them yet. */
  #withMine(message: Message): Message {
    return message.myReactions || !message.reactions ? message : { ...message, myReactions: this.#mine.get(message.id) ?? [] };
  }

  /** A reaction event: the user's own reaction (from this or another device) changes what they reacted with. */
  #learnReaction(message: Message, reaction: { userId: number; emoji: string; added: boolean } | undefined): void {
    if (reaction === undefined || reaction.userId !== this.#user?.id) return;
    const before = (this.#mine.get(message.id) ?? []).filter((emoji) => emoji !== reaction.emoji);
    this.#learnMine({ ...message, myReactions: reaction.added ? [...before, reaction.emoji] : before });
  }

  async #reacted(type: 'reaction.add' | 'reaction.remove', roomId: number, seq: number, emoji: string): Promise<Message> {
    const { message } = await this.#socket.request(type, { roomId, seq, emoji });
    this.#learnMine(message);
    this.#changes.receive(message);
    return message;
  }

  /** An edit, deletion or reaction change, once: folded into a message not delivered yet, else reported as `message.updated`. */
  #applyChange(message: Message): void {
    if (this.#feed.amend(message)) return;
    if (this.#user !== undefined && this.#chats.applyMessageUpdate(message, this.#user.id)) this.#emitChats();
    this.#events.emit('message.updated', message);
  }

  #deliver(message: Message): void {
    const me = this.#user?.id;
    if (me !== undefined && this.#chats.applyMessage(message, me)) this.#emitChats();
    this.#events.emit('message', message);
  }

  #signedIn(result: AuthResult): AuthResult {
    if (this.#user !== undefined && this.#user.id !== result.user.id) this.#forgetUser();
    this.#user = result.user;
    if (this.#autoConnect) this.connect(result.token);
    else this.#token = result.token;
    return result;
  }

  /**
   * A session from the host's token. While the socket is up on the old session it is switched to the new one now,
   * before the old one expires; the outbox resends what was in flight and the feed resumes from its cursors.
   */
  #renewed(result: AuthResult): void {
    if (this.#user !== undefined && this.#user.id !== result.user.id) this.#forgetUser();
    this.#user = result.user;
    this.#token = result.token;
    if (!this.#autoConnect) return;
    if (this.#socket.state === 'closed') {
      this.#outbox.reopen();
      this.#socket.connect();
      this.#outbox.flush();
    } else {
      this.#socket.reconnectNow();
    }
  }

  #requireToken(): string {
    if (this.#token === undefined) throw new IChatError('unauthorized', 'Not signed in');
    return this.#token;
  }

  #adopt(chat: Chat): Chat {
    if (this.#feed.cursor(chat.roomId) === undefined) this.#feed.follow(chat.roomId, chat.lastSeq);
    this.#changes.follow(chat.roomId, chat.changeSeq);
    if (this.#chats.applyChat(chat)) this.#emitChats();
    return this.#chats.get(chat.roomId) ?? chat;
  }

  #removeRoom(roomId: number): void {
    this.#feed.unfollow(roomId);
    this.#changes.unfollow(roomId);
    if (this.#chats.remove(roomId)) this.#emitChats();
  }

  #forgetUser(): void {
    this.#feed.pause();
    this.#feed = this.#newFeed();
    this.#changes.pause();
    this.#changes = this.#newChanges();
    this.#chats = new ChatList();
    this.#mine.clear();
    this.#sync.forget();
  }

  #onState(change: StateChange): void {
    if (change.previous === 'open') {
      this.#feed.pause();
      this.#changes.pause();
    }
    this.#sync.socketChanged(change.previous, change.state);
    this.#events.emit('state', change);
  }

  #syncHost(): SyncHost {
    return {
      feed: () => this.#feed,
      changes: () => this.#changes,
      chats: () => this.#chats,
      restored: () => this.#restored,
      listChats: () => this.#socket.request('chats.list', {}),
      adoptUser: (ready) => {
        if (this.#user !== undefined && this.#user.id !== ready.user.id) this.#forgetUser();
        this.#user = ready.user;
        this.#limits = ready.limits;
        this.#sharesReceipts = ready.shareReceipts;
        this.#reactionSet = ready.reactions;
      },
      flushOutbox: () => this.#outbox.flush(),
      emitChats: () => this.#emitChats(),
      emit: (type, payload) => this.#events.emit(type, payload),
      dropSocket: () => this.#socket.drop(),
    };
  }

  #onEvent(frame: EventFrame): void {
    switch (frame.type) {
      case 'message':
        this.#feed.receive(frame.message);
        return;
      case 'message.updated':
        this.#learnReaction(frame.message, frame.reaction);
        this.#changes.receive(frame.message);
        return;
      case 'chat':
        this.#adopt(frame.chat);
        this.#events.emit('chat', frame.chat);
        return;
      case 'chat.removed':
        this.#removeRoom(frame.roomId);
        this.#events.emit('chat.removed', { roomId: frame.roomId });
        return;
      case 'read':
        if (this.#chats.applyRead(frame)) this.#emitChats();
        this.#events.emit('read', { roomId: frame.roomId, readSeq: frame.readSeq, unread: frame.unread, mentioned: frame.mentioned });
        return;
      case 'typing':
        this.#events.emit('typing', { roomId: frame.roomId, user: frame.user });
        return;
      case 'receipt':
        this.#events.emit('receipt', { roomId: frame.roomId, userId: frame.userId, readSeq: frame.readSeq });
        return;
      case 'receipts.sharing':
        this.#sharesReceipts = frame.share;
        this.#events.emit('receipts.sharing', { share: frame.share });
        return;
      case 'presence':
        this.#chats.applyPresence(frame.userId, frame.online);
        this.#events.emit('presence', { userId: frame.userId, online: frame.online });
        return;
      case 'user.updated':
        this.#applyUser(frame.user);
        this.#events.emit('user.updated', { user: frame.user });
        return;
      case 'user.registered':
        this.#events.emit('user.registered', { user: frame.user });
        return;
      case 'user.blocks':
        this.#events.emit('user.blocks', { userId: frame.userId, blocked: frame.blocked });
        return;
      case 'report.created':
        this.#events.emit('report.created', { reportId: frame.reportId });
        return;
      case 'moderation.action':
        this.#events.emit('moderation.action', { entryId: frame.entryId });
        return;
    }
  }

  /** A user's new profile: into every chat that lists them, and into {@link IChatClient.user} when it is this user. */
  #applyUser(user: PublicUser): void {
    if (this.#user?.id === user.id) {
      this.#user = { ...this.#user, displayName: user.displayName, avatarUrl: user.avatarUrl, data: user.data };
    }
    if (this.#chats.applyUser(user)) this.#emitChats();
  }

  #emitChats(): void {
    this.#events.emit('chats', this.#chats.list);
  }
}

/**
 * Creates a client. With a `token` it connects at once; otherwise call `login`, `register` or `connect(token)`.
 *
 * @example Browser
 * ```ts
 * const client = createClient({ url: 'https://chat.example.com', token: localStorage.token });
 * ```
 * @example Node 20 (no global WebSocket)
 * ```ts
 * import { WebSocket } from 'ws';
 * const client = createClient({ url: 'http://localhost:5000', token, WebSocket });
 * ```
 */
export function createClient(options: ClientOptions): IChatClient {
  return new IChatClient(options);
}
