// The chat core: takes frames from connections, authenticates, dispatches requests and answers. No sockets here.

import {
  CLOSE_CODES,
  DEFAULT_REACTIONS,
  IChatError,
  LIMITS,
  PROTOCOL_VERSION,
  encodeError,
  encodeReply,
  parseClientFrame,
  readRequestId,
  type ClientFrame,
  type AttachmentLink,
  type Events,
  type ReadyResult,
  type ReplyFrame,
  type Requests,
  type ServerLimits,
} from '@ichat/protocol';
import type { Accounts } from '../auth/accounts.js';
import { toMe, toPublicUser } from '../auth/accounts.js';
import { monotonicNow } from '../clock.js';
import type { Store, UserRecord } from '../store/contract/store.js';
import type { Fanout } from '../cluster/fanout.js';
import type { LimitUnavailable } from '../limits/attempt-limit.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { Connection } from '../transport/connection.js';
import type { SocketHandler } from '../transport/socket-handler.js';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import { ClientSession, type SessionLimits } from './client-session.js';
import { CommitQueue } from './commit-queue.js';
import { Hub } from './hub.js';
import { MessageActions } from './message-actions.js';
import { MessageHandlers } from './message-handlers.js';
import { ReactionHandlers } from './reaction-handlers.js';
import { ReceiptHandlers } from './receipt-handlers.js';
import { RoomActions } from './room-actions.js';
import { ModerationHandlers } from './moderation-handlers.js';
import { RoomHandlers } from './room-handlers.js';
import { UserLimits, type UserLimitRates } from './user-limits.js';
import type { WordFilter } from '../moderation/word-filter.js';

/** Hooks for metrics and logs, so the core needs neither. */
export interface ChatObserver {
  connections(delta: 1 | -1): void;
  messagesStored(count: number): void;
  commit(batchSize: number, seconds: number): void;
  error(code: string, cause?: unknown): void;
}

export interface ChatOptions extends SessionLimits {
  maxFrameBytes: number;
  authTimeoutMs: number;
  presenceGraceMs: number;
  /** Password accounts whose e-mail is not verified may only read: the requests in {@link WRITING_REQUESTS} are refused. */
  unverifiedMayOnlyRead?: boolean;
  /** Per-user allowances per hour. */
  userLimits: UserLimitRates;
  /** The cluster's counts, when a broker is configured: per-user allowances then hold across nodes. */
  sharedLimits?: SharedLimits;
  /** Told when the shared counts could not be read (this node's own decided). */
  sharedUnavailable?: LimitUnavailable;
  /** The word list for users' messages; undefined when none is configured. */
  wordFilter: WordFilter | undefined;
  /** How long a group commit under steady load waits for more messages (see {@link CommitQueue}); 0 or absent: none. */
  commitDelayMs?: number;
  /** Signs attachment links, and knows the upload limit announced to clients. */
  attachments: AttachmentLinks;
  /** The emoji users may react with, announced after `auth`; the default set when absent. */
  reactions?: readonly string[];
}

/** What the chat core needs of attachments: links for a reader, and the largest upload. */
export interface AttachmentLinks {
  readonly maxBytes: number;
  links(readerId: number, ids: readonly number[], now: number): Promise<AttachmentLink[]>;
}

/** The requests that write something others see; marking read, typing and leaving are not among them. */
const WRITING_REQUESTS: ReadonlySet<ClientFrame['type']> = new Set([
  'room.open_direct',
  'room.create_group',
  'room.add_members',
  'room.rename',
  'message.send',
  'message.edit',
  'reaction.add',
  'reaction.remove',
]);

const EXPIRY_SWEEP_MS = 30_000;
/** The longest a shutdown waits for clients to stop sending before it refuses new requests. */
const SHUTDOWN_QUIET_LIMIT_MS = 2000;

function isReady(session: ClientSession): session is ReadySession {
  return session.state === 'ready' && session.user !== undefined;
}

/** The chat core's entry points: a transport hands it every socket, the HTTP routes call its hooks. */
export class ChatService implements SocketHandler<ClientSession> {
  readonly #store: Store;
  readonly #accounts: Accounts;
  readonly #options: ChatOptions;
  readonly #observer: ChatObserver;
  readonly #hub: Hub;
  readonly #commits: CommitQueue;
  readonly #rooms: RoomHandlers;
  readonly #messages: MessageHandlers;
  readonly #receipts: ReceiptHandlers;
  readonly #moderation: ModerationHandlers;
  readonly #reactions: ReactionHandlers;
  readonly #reactionSet: readonly string[];
  readonly #userLimits: UserLimits;
  /** Room changes with their fan-out, for the server API: the same code a user's requests run. */
  readonly roomActions: RoomActions;
  /** Message changes with their fan-out, for the server API: the same group commit and broadcast as `message.send`. */
  readonly messageActions: MessageActions;
  readonly #open = new Set<ClientSession>();
  readonly #sweep: NodeJS.Timeout;
  #accepting = true;
  /** Counts every frame received, so a shutdown can tell when the sockets have gone quiet. */
  #framesReceived = 0;

  constructor(store: Store, accounts: Accounts, fanout: Fanout, options: ChatOptions, observer: ChatObserver) {
    this.#store = store;
    this.#accounts = accounts;
    this.#options = options;
    this.#observer = observer;
    this.#reactionSet = options.reactions ?? DEFAULT_REACTIONS;
    this.#hub = new Hub(store, fanout, options.presenceGraceMs);
    this.#commits = new CommitQueue(store, (size, seconds) => observer.commit(size, seconds), options.commitDelayMs);
    this.#userLimits = new UserLimits(options.userLimits, options.sharedLimits, options.sharedUnavailable);
    const deps: ChatDeps = {
      store,
      hub: this.#hub,
      now: () => Date.now(),
      monotonicNow,
      wordFilter: options.wordFilter,
      userLimits: this.#userLimits,
    };
    this.roomActions = new RoomActions(deps);
    this.messageActions = new MessageActions(deps, this.#commits, (count) => observer.messagesStored(count));
    this.#rooms = new RoomHandlers(deps, this.roomActions);
    this.#receipts = new ReceiptHandlers(deps);
    this.#messages = new MessageHandlers(deps, this.messageActions, this.#receipts);
    this.#moderation = new ModerationHandlers(deps);
    this.#reactions = new ReactionHandlers(deps, this.#reactionSet);
    this.#sweep = setInterval(() => {
      const now = monotonicNow();
      this.#closeExpired(now);
      this.#userLimits.prune(now);
    }, EXPIRY_SWEEP_MS);
    this.#sweep.unref();
  }

  /** The limits announced to clients in the `auth` reply. */
  get limits(): ServerLimits {
    return {
      maxFrameBytes: this.#options.maxFrameBytes,
      maxTextLength: LIMITS.textMax,
      messagesPerSecond: this.#options.messagesPerSecond,
      messageBurst: this.#options.messageBurst,
      maxAttachmentBytes: this.#options.attachments.maxBytes,
    };
  }

  /** A new connection. The returned session is handed back with each of its frames and at its close. */
  connect(connection: Connection): ClientSession {
    const session = new ClientSession(connection, this.#options, monotonicNow());
    this.#open.add(session);
    this.#observer.connections(1);
    session.authTimer = setTimeout(() => {
      if (session.state === 'open') connection.close(CLOSE_CODES.auth_timeout, 'auth_timeout');
    }, this.#options.authTimeoutMs);
    session.authTimer.unref();
    return session;
  }

  /**
   * One text frame from a connection. Never throws: every problem becomes an error frame. Every frame counts against
   * the connection's frame rate, malformed or not, before any other work is done for it.
   */
  receive(session: ClientSession, text: string, byteLength: number): void {
    if (session.state === 'closed') return;
    this.#framesReceived += 1;
    const allowed = session.frames.take(monotonicNow());
    if (byteLength > this.#options.maxFrameBytes) {
      const tooLarge = new IChatError('frame_too_large', `Frames are limited to ${this.#options.maxFrameBytes} bytes`);
      this.#refuse(session, null, allowed.ok ? tooLarge : tooFast(allowed.retryAfterMs));
      return;
    }
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(text);
    } catch (error) {
      this.#refuse(session, readRequestIdOf(text), allowed.ok ? error : tooFast(allowed.retryAfterMs));
      return;
    }
    if (!allowed.ok) {
      this.#refuse(session, frame.id, tooFast(allowed.retryAfterMs));
      return;
    }
    this.#handle(session, frame).then(
      (result) => this.#reply(session, frame.id, result),
      (error: unknown) => this.#sendError(session, frame.id, error),
    );
  }

  /** One binary frame from a connection: never valid, but counted like any other frame. */
  receiveBinary(session: ClientSession): void {
    if (session.state === 'closed') return;
    this.#framesReceived += 1;
    const allowed = session.frames.take(monotonicNow());
    const binary = new IChatError('invalid_frame', 'Frames must be JSON text');
    this.#refuse(session, null, allowed.ok ? binary : tooFast(allowed.retryAfterMs));
  }

  /** The connection closed (either side). */
  disconnect(session: ClientSession): void {
    if (session.state === 'closed') return;
    const user = session.user;
    session.state = 'closed';
    clearTimeout(session.authTimer);
    this.#open.delete(session);
    this.#observer.connections(-1);
    if (user !== undefined) this.#hub.leave(session, user.id);
  }

  /** Closes every socket that authenticated with this token (after logout), on every node. */
  revokeToken(tokenHash: string): void {
    this.#hub.closeToken(tokenHash);
  }

  /**
   * Bans a user (keeping the first ban's time) or lifts their ban; the one path the server API and the moderation view
   * share. A ban deletes the user's session tokens, then closes every socket of theirs with 4003 at once: a client
   * must not reconnect as them, and a socket still signing in finds its token gone. Undefined when there is no such
   * user.
   */
  async setBanned(userId: number, banned: boolean): Promise<UserRecord | undefined> {
    const user = await this.#store.users.findById(userId);
    if (user === undefined) return undefined;
    const updated = await this.#store.users.setBanned(userId, banned ? (user.bannedAt ?? Date.now()) : null);
    if (banned) {
      await this.#store.tokens.deleteAllOf(userId);
      this.#hub.closeUser(userId);
    }
    return updated;
  }

  /** Tells administrators' open sockets about a moderation event (a new report, an action taken). */
  announceToAdmins<K extends 'report.created' | 'moderation.action'>(type: K, event: Events[K]): void {
    this.#hub.publishToAdmins(type, event);
  }

  /** Whether the user has an open, authenticated connection to this server. */
  isOnline(userId: number): boolean {
    return this.#hub.presence.isOnline(userId);
  }

  /** The user's open sessions take a changed record (a verified address), without anything announced to others. */
  refreshUser(user: UserRecord): void {
    this.#hub.refreshUser(user);
  }

  /** Tells administrators' open sockets about a new account. */
  announceRegistration(user: { id: number; username: string; createdAt: number }): void {
    this.#hub.publishToAdmins('user.registered', { user });
  }

  /**
   * Tells everyone who shares a room with this user, and the user's own sessions, that their profile changed (event
   * `user.updated`). The user's open sessions take the new record too, so what they send next (typing) carries it.
   * Callers: the profile edit route, a host site's sign-in that changed the profile, and the server API. Never
   * rejects: the change is already stored, so a failed contacts lookup is reported to the observer, not to the caller
   * (contacts then see the new profile in their next chat list).
   */
  async announceProfile(user: UserRecord): Promise<void> {
    this.#hub.refreshUser(user);
    try {
      await this.#hub.publishToUserAndContacts(user.id, 'user.updated', { user: toPublicUser(user) });
    } catch (error) {
      this.#observer.error('internal', error);
    }
  }

  /**
   * Graceful stop: serve until clients stop sending, then refuse new work, commit and ack everything already
   * accepted, and close every socket with 1001.
   */
  async shutdown(): Promise<void> {
    await this.#untilQuiet(monotonicNow() + SHUTDOWN_QUIET_LIMIT_MS);
    this.#accepting = false;
    clearInterval(this.#sweep);
    await this.#commits.drain();
    // Acks are written by promise callbacks queued by the drain; let them run before the sockets go.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#hub.presence.stop();
    for (const session of [...this.#open]) session.connection.close(CLOSE_CODES.going_away, 'server_shutdown');
  }

  /**
   * Frames that clients sent before the shutdown began may still be in flight or unread in the kernel's buffers.
   * Serving on until the sockets have been quiet for two turns of the event loop's I/O phase means their senders get
   * acks rather than a close with no answer; the deadline keeps a client that never stops from holding the shutdown.
   */
  async #untilQuiet(deadline: number): Promise<void> {
    let quietTurns = 0;
    while (quietTurns < 2 && monotonicNow() < deadline) {
      const before = this.#framesReceived;
      // A timer then an immediate: the I/O poll phase runs between them, whichever phase this started in.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      await new Promise<void>((resolve) => setImmediate(resolve));
      quietTurns = this.#framesReceived === before ? quietTurns + 1 : 0;
    }
  }

  async #handle(session: ClientSession, frame: ClientFrame): Promise<Requests[ClientFrame['type']]['result']> {
    if (!this.#accepting) throw new IChatError('unavailable', 'Server is shutting down');
    if (frame.type === 'auth') return this.#authenticate(session, frame.token);
    if (!isReady(session)) throw new IChatError('unauthorized', 'Send an auth frame first');
    if (this.#options.unverifiedMayOnlyRead === true && WRITING_REQUESTS.has(frame.type)) {
      const user = session.user;
      if (user.host === null && user.emailVerifiedAt === null) {
        throw new IChatError('email_not_verified', 'Confirm your e-mail address first: open the link we sent you');
      }
    }
    switch (frame.type) {
      case 'ping':
        return { serverTime: Date.now() };
      case 'chats.list':
        return this.#chatList(session);
      case 'room.open_direct':
        return this.#rooms.openDirect(session, frame);
      case 'room.create_group':
        return this.#rooms.createGroup(session, frame);
      case 'room.add_members':
        return this.#rooms.addMembers(session, frame);
      case 'room.remove_member':
        return this.#rooms.removeMember(session, frame);
      case 'room.rename':
        return this.#rooms.rename(session, frame);
      case 'room.leave':
        return this.#rooms.leave(session, frame);
      case 'room.mute':
        return this.#rooms.mute(session, frame);
      case 'message.send':
        return this.#messages.send(session, frame);
      case 'message.edit':
        return this.#messages.edit(session, frame);
      case 'message.delete':
        return this.#messages.delete(session, frame);
      case 'reaction.add':
        return this.#reactions.add(session, frame);
      case 'reaction.remove':
        return this.#reactions.remove(session, frame);
      case 'reaction.list':
        return this.#reactions.list(session, frame);
      case 'history':
        return this.#messages.history(session, frame);
      case 'message.changes':
        return this.#messages.changes(session, frame);
      case 'message.search':
        return this.#messages.search(session, frame);
      case 'read':
        return this.#messages.read(session, frame);
      case 'room.receipts':
        return this.#receipts.receipts(session, frame);
      case 'receipts.share':
        return this.#receipts.share(session, frame);
      case 'attachment.links':
        return { links: await this.#options.attachments.links(session.user.id, frame.ids, Date.now()) };
      case 'typing':
        return this.#messages.typing(session, frame);
      case 'user.block':
        return this.#moderation.block(session, frame);
      case 'user.unblock':
        return this.#moderation.unblock(session, frame);
      case 'user.blocked':
        return this.#moderation.blocked(session);
      case 'message.report':
        return this.#moderation.report(session, frame);
    }
  }

  async #authenticate(session: ClientSession, token: string): Promise<ReadyResult> {
    if (session.state !== 'open') throw new IChatError('bad_request', 'This connection is already authenticated');
    session.state = 'authenticating';
    const resolved = await this.#accounts.resolve(token, Date.now());
    if (session.state !== 'authenticating') throw new IChatError('disconnected', 'Connection closed');
    if (resolved === undefined) {
      session.state = 'open';
      // Answer first so the client learns why, then close: a bad token will not get better by retrying.
      setImmediate(() => session.connection.close(CLOSE_CODES.unauthorized, 'unauthorized'));
      throw new IChatError('unauthorized', 'Token is invalid, expired or revoked');
    }
    clearTimeout(session.authTimer);
    // A cleared timer object is still ~150 bytes: an idle signed-in socket should not hold it for its lifetime.
    session.authTimer = undefined;
    session.user = resolved.user;
    session.tokenHash = resolved.tokenHash;
    // The stored expiry is wall-clock (it must outlive this process); what is left of it runs on the monotonic clock.
    session.expiresAtMonotonic = monotonicNow() + (resolved.expiresAt - Date.now());
    await this.#hub.join(session, resolved.user.id, resolved.user.isAdmin);
    if (session.state !== 'authenticating') {
      this.#hub.leave(session, resolved.user.id);
      throw new IChatError('disconnected', 'Connection closed');
    }
    session.state = 'ready';
    return { protocol: PROTOCOL_VERSION, user: toMe(resolved.user), serverTime: Date.now(), limits: this.limits, shareReceipts: resolved.user.shareReceipts, reactions: [...this.#reactionSet] };
  }

  /** The chat list, and which contacts are online: never one who has blocked the user. */
  async #chatList(session: ReadySession): Promise<Requests['chats.list']['result']> {
    const [chats, contacts, blockers] = await Promise.all([
      this.#store.chats.list(session.user.id),
      this.#store.rooms.contactIdsOf(session.user.id),
      this.#store.moderation.blockersOf(session.user.id),
    ]);
    const hidden = new Set(blockers);
    return { chats, online: contacts.filter((id) => this.#hub.presence.isOnline(id) && !hidden.has(id)) };
  }

  #reply(session: ClientSession, id: string, result: ReplyFrame['result']): void {
    if (session.state === 'closed') return;
    session.connection.send(encodeReply(id, result));
  }

  /**
   * Answers a frame refused before it was handled (malformed, too large, binary or over the frame rate). A connection
   * that keeps sending such frames is closed with 1008 rather than answered forever: refusals have a bucket of their
   * own, so a client that only now and then sends a bad frame is never closed.
   */
  #refuse(session: ClientSession, id: string | null, error: unknown): void {
    this.#sendError(session, id, error);
    if (session.state !== 'closed' && !session.refusals.take(monotonicNow()).ok) {
      session.connection.close(CLOSE_CODES.policy_violation, 'policy_violation');
    }
  }

  #sendError(session: ClientSession, id: string | null, error: unknown): void {
    const typed =
      error instanceof IChatError ? error : new IChatError('internal', 'Something went wrong on the server', { cause: error });
    this.#observer.error(typed.code, typed.code === 'internal' ? error : undefined);
    if (session.state === 'closed') return;
    session.connection.send(encodeError(id, typed.toWire()));
  }

  #closeExpired(now: number): void {
    for (const session of [...this.#hub.sessions()]) {
      if (session.expiresAtMonotonic <= now) session.connection.close(CLOSE_CODES.unauthorized, 'token_expired');
    }
  }
}

function tooFast(retryAfterMs: number): IChatError {
  return new IChatError('rate_limited', 'Too many frames', { retryAfterMs });
}

function readRequestIdOf(text: string): string | null {
  try {
    return readRequestId(JSON.parse(text));
  } catch {
    return null;
  }
}
