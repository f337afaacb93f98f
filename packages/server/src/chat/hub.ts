// The live side of the chat core: which sessions are open, who is in which room, and fan-out to topics.

import { encodeEvent, type EventType, type Events } from '@ichat/protocol';
import type { Store } from '../store/contract/store.js';
import type { Broker } from '../transport/connection.js';
import type { ClientSession } from './client-session.js';
import { Presence } from './presence.js';
import { ADMIN_TOPIC, roomTopic, userTopic } from './topics.js';

export class Hub {
  readonly #store: Store;
  readonly #broker: Broker;
  readonly #sessionsByUser = new Map<number, Set<ClientSession>>();
  readonly presence: Presence;

  constructor(store: Store, broker: Broker, presenceGraceMs: number) {
    this.#store = store;
    this.#broker = broker;
    this.presence = new Presence(presenceGraceMs, (userId, online) => {
      void this.#announcePresence(userId, online);
    });
  }

  /** Every open, authenticated session. */
  *sessions(): Iterable<ClientSession> {
    for (const set of this.#sessionsByUser.values()) yield* set;
  }

  sessionsOf(userId: number): Iterable<ClientSession> {
    return this.#sessionsByUser.get(userId) ?? [];
  }

  /** Registers an authenticated session and subscribes it to its user, rooms and (for admins) the admin topic. */
  async join(session: ClientSession, userId: number, isAdmin: boolean): Promise<void> {
    const connection = session.connection;
    connection.subscribe(userTopic(userId));
    if (isAdmin) connection.subscribe(ADMIN_TOPIC);
    for (const roomId of await this.#store.rooms.roomIdsOf(userId)) {
      session.rooms.add(roomId);
      connection.subscribe(roomTopic(roomId));
    }
    let set = this.#sessionsByUser.get(userId);
    if (set === undefined) {
      set = new Set();
      this.#sessionsByUser.set(userId, set);
    }
    set.add(session);
    this.presence.connected(userId);
  }

  leave(session: ClientSession, userId: number): void {
    const set = this.#sessionsByUser.get(userId);
    if (set === undefined || !set.delete(session)) return;
    if (set.size === 0) this.#sessionsByUser.delete(userId);
    this.presence.disconnected(userId);
  }

  /** Subscribes every open session of these users to a room they just joined. */
  addToRoom(roomId: number, userIds: Iterable<number>): void {
    for (const userId of userIds) {
      for (const session of this.sessionsOf(userId)) {
        if (!session.rooms.has(roomId)) {
          session.rooms.add(roomId);
          session.connection.subscribe(roomTopic(roomId));
        }
      }
    }
  }

  removeFromRoom(roomId: number, userId: number): void {
    for (const session of this.sessionsOf(userId)) {
      session.rooms.delete(roomId);
      session.connection.unsubscribe(roomTopic(roomId));
    }
  }

  /** Serialises an event once and publishes the same bytes to every member's socket. */
  publishToRoom<K extends EventType>(roomId: number, type: K, event: Events[K]): void {
    this.#broker.publish(roomTopic(roomId), encodeEvent(type, event));
  }

  publishToUser<K extends EventType>(userId: number, type: K, event: Events[K]): void {
    this.#broker.publish(userTopic(userId), encodeEvent(type, event));
  }

  /** Serialises an event once and publishes the same bytes to each of these users' connections. */
  publishToUsers<K extends EventType>(userIds: Iterable<number>, type: K, event: Events[K]): void {
    const frame = encodeEvent(type, event);
    for (const userId of userIds) this.#broker.publish(userTopic(userId), frame);
  }

  publishToAdmins<K extends EventType>(type: K, event: Events[K]): void {
    this.#broker.publish(ADMIN_TOPIC, encodeEvent(type, event));
  }

  /**
   * Publishes one event to a user's own connections and to everyone who shares a room with them, serialised once: how
   * a profile change reaches every screen that names the user.
   */
  async publishToUserAndContacts<K extends EventType>(userId: number, type: K, event: Events[K]): Promise<void> {
    const frame = encodeEvent(type, event);
    this.#broker.publish(userTopic(userId), frame);
    for (const contactId of await this.#store.rooms.contactIdsOf(userId)) this.#broker.publish(userTopic(contactId), frame);
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
      if (!hidden.has(contactId)) this.#broker.publish(userTopic(contactId), frame);
    }
  }
}
