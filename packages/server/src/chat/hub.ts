// The live side of the chat core: which sessions are open, who is in which room, and fan-out to topics.

import { encodeEvent, type EventType, type Events } from '@ichat/protocol';
import { CLOSE_CODES, type Message } from '@ichat/protocol';
import type { ControlEvent } from '../cluster/control-events.js';
import type { ControlHandler, Fanout } from '../cluster/fanout.js';
import type { Store, UserRecord } from '../store/contract/store.js';
import type { ClientSession } from './client-session.js';
import { Presence } from './presence.js';
import { ADMIN_TOPIC, roomTopic, userTopic } from './topics.js';

export class Hub implements ControlHandler {
  readonly #store: Store;
  readonly #fanout: Fanout;
  readonly #sessionsByUser = new Map<number, Set<ClientSession>>();
  /** The topics each session's socket subscribed to, released when it leaves. */
  readonly #topicsOf = new Map<ClientSession, Set<string>>();
  /** Sessions counted by presence: those whose join completed. */
  readonly #present = new Set<ClientSession>();
  readonly presence: Presence;

  constructor(store: Store, fanout: Fanout, presenceGraceMs: number) {
    this.#store = store;
    this.#fanout = fanout;
    fanout.attach(this);
    // On one node presence is this process's count; in a cluster the nodes tell each other whose sockets they hold.
    const link = fanout.state === 'local' ? undefined : { nodeId: fanout.nodeId, tell: (event: ControlEvent) => fanout.control(event) };
    this.presence = new Presence(
      presenceGraceMs,
      (userId, online) => {
        void this.#announcePresence(userId, online);
      },
      link,
    );
  }

  /** Every open, authenticated session. */
  *sessions(): Iterable<ClientSession> {
    for (const set of this.#sessionsByUser.values()) yield* set;
  }

  sessionsOf(userId: number): Iterable<ClientSession> {
    return this.#sessionsByUser.get(userId) ?? [];
  }

  /**
   * Registers an authenticated session and subscribes it to its user, rooms and (for admins) the admin topic. Resolves
   * once the fan-out is sure to bring this socket every frame published from now on (at once on one node).
   */
  async join(session: ClientSession, userId: number, isAdmin: boolean): Promise<void> {
    // Registered first, so a room joined while its rooms are being read reaches it too.
    let set = this.#sessionsByUser.get(userId);
    if (set === undefined) {
      set = new Set();
      this.#sessionsByUser.set(userId, set);
    }
    set.add(session);
    this.#topicsOf.set(session, new Set());
    const pending: Promise<void>[] = [];
    this.#subscribe(session, userTopic(userId), pending);
    if (isAdmin) this.#subscribe(session, ADMIN_TOPIC, pending);
    for (const roomId of await this.#store.rooms.roomIdsOf(userId)) {
      if (session.rooms.has(roomId) || !this.#topicsOf.has(session)) continue;
      session.rooms.add(roomId);
      this.#subscribe(session, roomTopic(roomId), pending);
    }
    if (pending.length > 0) await Promise.all(pending);
    // A session that left while it joined must not be counted: its leave has been and gone.
    if (this.#topicsOf.has(session)) {
      this.#present.add(session);
      this.presence.connected(userId);
    }
  }

  leave(session: ClientSession, userId: number): void {
    const topics = this.#topicsOf.get(session);
    if (topics === undefined) return;
    this.#topicsOf.delete(session);
    for (const topic of topics) this.#fanout.release(topic);
    const set = this.#sessionsByUser.get(userId);
    if (set?.delete(session) === true && set.size === 0) this.#sessionsByUser.delete(userId);
    if (this.#present.delete(session)) this.presence.disconnected(userId);
  }

  /** Subscribes one session's socket to a topic, here and (through the fan-out) on the broker. */
  #subscribe(session: ClientSession, topic: string, pending?: Promise<void>[]): void {
    const topics = this.#topicsOf.get(session);
    if (topics === undefined || topics.has(topic)) return;
    topics.add(topic);
    session.connection.subscribe(topic);
    const ready = this.#fanout.want(topic);
    if (ready !== undefined) pending?.push(ready);
  }

  #unsubscribe(session: ClientSession, topic: string): void {
    const topics = this.#topicsOf.get(session);
    if (topics === undefined || !topics.delete(topic)) return;
    session.connection.unsubscribe(topic);
    this.#fanout.release(topic);
  }

  /**
   * Subscribes every open session of these users, on every node, to a room they just joined when its last seq was
   * `afterSeq`: they hear every message after it.
   */
  addToRoom(roomId: number, userIds: Iterable<number>, afterSeq: number): void {
    for (const userId of userIds) {
      this.#joinLocally(roomId, userId, afterSeq);
      this.#fanout.control({ type: 'join', userId, roomId, afterSeq });
    }
  }

  /** Unsubscribes the user's sessions, on every node, from a room they left. */
  removeFromRoom(roomId: number, userId: number): void {
    this.#leaveLocally(roomId, userId);
    this.#fanout.control({ type: 'leave', userId, roomId });
  }

  /** Closes every socket signed in with this token, on every node (after logout or a password reset). */
  closeToken(tokenHash: string): void {
    this.#closeTokenLocally(tokenHash);
    this.#fanout.control({ type: 'close_token', tokenHash });
  }

  /** Closes every socket of a banned user, on every node. */
  closeUser(userId: number): void {
    this.#closeUserLocally(userId);
    this.#fanout.control({ type: 'close_user', userId });
  }

  /** The user's sessions, on every node, take their changed record. */
  refreshUser(user: UserRecord): void {
    for (const session of this.sessionsOf(user.id)) session.user = user;
    this.#fanout.control({ type: 'refresh_user', userId: user.id });
  }

  /** Another node changed state that this node holds a part of. */
  applyControl(event: ControlEvent): void {
    switch (event.type) {
      case 'join':
        this.#joinLocally(event.roomId, event.userId, event.afterSeq);
        return;
      case 'leave':
        this.#leaveLocally(event.roomId, event.userId);
        return;
      case 'close_token':
        this.#closeTokenLocally(event.tokenHash);
        return;
      case 'close_user':
        this.#closeUserLocally(event.userId);
        return;
      case 'refresh_user':
        void this.#reloadUser(event.userId);
        return;
      case 'presence':
      case 'alive':
      case 'hello':
      case 'gone':
        this.presence.applyControl(event);
        return;
    }
  }

  #joinLocally(roomId: number, userId: number, afterSeq: number): void {
    const topic = roomTopic(roomId);
    for (const session of this.sessionsOf(userId)) {
      const topics = this.#topicsOf.get(session);
      if (session.rooms.has(roomId) || topics === undefined || topics.has(topic)) continue;
      session.rooms.add(roomId);
      topics.add(topic);
      void this.#fanout.subscribeFrom(session.connection, roomId, afterSeq, () => this.#topicsOf.get(session)?.has(topic) === true);
    }
  }

  #leaveLocally(roomId: number, userId: number): void {
    for (const session of this.sessionsOf(userId)) {
      session.rooms.delete(roomId);
      this.#unsubscribe(session, roomTopic(roomId));
    }
  }

  #closeTokenLocally(tokenHash: string): void {
    for (const session of [...this.sessions()]) {
      if (session.tokenHash === tokenHash) session.connection.close(CLOSE_CODES.unauthorized, 'token_revoked');
    }
  }

  #closeUserLocally(userId: number): void {
    for (const session of [...this.sessionsOf(userId)]) session.connection.close(CLOSE_CODES.banned, 'banned');
  }

  async #reloadUser(userId: number): Promise<void> {
    if (!this.#sessionsByUser.has(userId)) return;
    const user = await this.#store.users.findById(userId);
    if (user === undefined) return;
    for (const session of this.sessionsOf(userId)) session.user = user;
  }

  /** Publishes a stored message to its room: once per seq and in seq order on every node. */
  publishMessage(message: Message): void {
    this.#fanout.publishMessage(message.roomId, message.seq, encodeEvent('message', { message }));
  }

  /** Publishes a stored message again after a duplicate resend, for nodes that never heard of it (see Fanout). */
  republishMessage(message: Message): void {
    // One node: every socket here got the message when it was first stored, so there is no one to tell.
    if (this.#fanout.state === 'local') return;
    this.#fanout.republishMessage(message.roomId, message.seq, encodeEvent('message', { message }));
  }

  /** Serialises an event once and publishes the same bytes to every member's socket. */
  publishToRoom<K extends EventType>(roomId: number, type: K, event: Events[K]): void {
    this.#fanout.publish(roomTopic(roomId), encodeEvent(type, event));
  }

  publishToUser<K extends EventType>(userId: number, type: K, event: Events[K]): void {
    this.#fanout.publish(userTopic(userId), encodeEvent(type, event));
  }

  /** Serialises an event once and publishes the same bytes to each of these users' connections. */
  publishToUsers<K extends EventType>(userIds: Iterable<number>, type: K, event: Events[K]): void {
    const frame = encodeEvent(type, event);
    for (const userId of userIds) this.#fanout.publish(userTopic(userId), frame);
  }

  publishToAdmins<K extends EventType>(type: K, event: Events[K]): void {
    this.#fanout.publish(ADMIN_TOPIC, encodeEvent(type, event));
  }

  /**
   * Publishes one event to a user's own connections and to everyone who shares a room with them, serialised once: how
   * a profile change reaches every screen that names the user.
   */
  async publishToUserAndContacts<K extends EventType>(userId: number, type: K, event: Events[K]): Promise<void> {
    const frame = encodeEvent(type, event);
    this.#fanout.publish(userTopic(userId), frame);
    for (const contactId of await this.#store.rooms.contactIdsOf(userId)) this.#fanout.publish(userTopic(contactId), frame);
  }

  /** Pushes each member their own view of a room (their unread count and read marker differ). */
  async pushChat(roomId: number, userIds: Iterable<number>): Promise<void> {
    const views = await this.#store.chats.views(roomId, [...userIds]);
    for (const [userId, chat] of views) this.publishToUser(userId, 'chat', { chat });
  }

  /**
   * Tells people who have just come to share a room which of them are online. Presence events only report changes,
   * so without this a new contact would look offline until their next reconnect. Nobody is told of someone who has
   * blocked them.
   */
  async introduce(memberIds: readonly number[], newcomerIds: readonly number[]): Promise<void> {
    const newcomers = new Set(newcomerIds);
    const blockedBy = new Map<number, Set<number>>();
    for (const id of new Set([...memberIds, ...newcomerIds])) {
      if (this.presence.isOnline(id)) blockedBy.set(id, new Set(await this.#store.moderation.blockedBy(id)));
    }
    const hides = (subject: number, viewer: number): boolean => blockedBy.get(subject)?.has(viewer) === true;
    for (const newcomer of newcomers) {
      const newcomerOnline = this.presence.isOnline(newcomer);
      for (const member of memberIds) {
        if (member === newcomer || !this.presence.isOnline(member)) continue;
        if (newcomerOnline && !hides(member, newcomer)) this.publishToUser(newcomer, 'presence', { userId: member, online: true });
        // Two newcomers tell each other from both turns of the outer loop; an old member hears only of newcomers.
        if (newcomerOnline && !newcomers.has(member) && !hides(newcomer, member)) {
          this.publishToUser(member, 'presence', { userId: newcomer, online: true });
        }
      }
    }
  }

  /** Tells the user's contacts, except those the user has blocked: a blocked user does not see the blocker's presence. */
  async #announcePresence(userId: number, online: boolean): Promise<void> {
    const frame = encodeEvent('presence', { userId, online });
    const [contacts, blocked] = await Promise.all([this.#store.rooms.contactIdsOf(userId), this.#store.moderation.blockedBy(userId)]);
    const hidden = new Set(blocked);
    for (const contactId of contacts) {
      if (!hidden.has(contactId)) this.#fanout.publish(userTopic(contactId), frame);
    }
  }
}
