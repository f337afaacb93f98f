// Requests that create and change rooms: direct rooms by e-mail or username, and groups with an owner.

import {
  IChatError,
  normaliseEmail,
  normaliseGroupName,
  normaliseUsername,
  type Chat,
  type RequestFrame,
  type Requests,
} from '@ichat/protocol';
import type { RoomRecord, UserRecord } from '../store/contract/store.js';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import type { RoomActions } from './room-actions.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

/** A user's room requests: who may do what, checked here; the change and its fan-out are {@link RoomActions}'. */
export class RoomHandlers {
  readonly #deps: ChatDeps;
  readonly #actions: RoomActions;

  constructor(deps: ChatDeps, actions: RoomActions) {
    this.#deps = deps;
    this.#actions = actions;
  }

  async openDirect(session: ReadySession, frame: RequestFrame<'room.open_direct'>): Result<'room.open_direct'> {
    const peer = await this.#findUser(frame.with, 'with');
    if (peer.id === session.user.id) {
      throw new IChatError('validation_failed', 'You cannot open a chat with yourself', { field: 'with' });
    }
    await this.#limitStrangerChat(session.user.id, peer.id);
    const { roomId } = await this.#actions.openDirect(session.user.id, peer.id);
    return { chat: await this.#chatFor(roomId, session.user.id) };
  }

  async createGroup(session: ReadySession, frame: RequestFrame<'room.create_group'>): Result<'room.create_group'> {
    const name = normaliseGroupName(frame.name);
    const members = await this.#findUsers(frame.members);
    await this.#refuseBlockers(session.user.id, members);
    await this.#deps.userLimits.take('createGroup', session.user.id, this.#deps.monotonicNow());
    const roomId = await this.#actions.createGroup(
      session.user.id,
      name,
      members.map((member) => member.id),
    );
    return { chat: await this.#chatFor(roomId, session.user.id) };
  }

  async addMembers(session: ReadySession, frame: RequestFrame<'room.add_members'>): Result<'room.add_members'> {
    await this.#ownedGroup(session, frame.roomId);
    const users = await this.#findUsers(frame.members);
    await this.#refuseBlockers(session.user.id, users);
    await this.#actions.addMembers(
      frame.roomId,
      users.map((user) => user.id),
    );
    return { chat: await this.#chatFor(frame.roomId, session.user.id) };
  }

  async removeMember(session: ReadySession, frame: RequestFrame<'room.remove_member'>): Result<'room.remove_member'> {
    await this.#ownedGroup(session, frame.roomId);
    if (frame.userId === session.user.id) {
      throw new IChatError('validation_failed', 'Use room.leave to leave a room you own', { field: 'userId' });
    }
    if (!(await this.#actions.removeMember(frame.roomId, frame.userId))) {
      throw new IChatError('not_found', 'That user is not a member of this room', { field: 'userId' });
    }
    return { chat: await this.#chatFor(frame.roomId, session.user.id) };
  }

  async rename(session: ReadySession, frame: RequestFrame<'room.rename'>): Result<'room.rename'> {
    await this.#ownedGroup(session, frame.roomId);
    await this.#actions.rename(frame.roomId, normaliseGroupName(frame.name));
    return { chat: await this.#chatFor(frame.roomId, session.user.id) };
  }

  async leave(session: ReadySession, frame: RequestFrame<'room.leave'>): Result<'room.leave'> {
    const room = await this.#memberRoom(session, frame.roomId);
    if (room.kind === 'direct') throw new IChatError('forbidden', 'Direct chats cannot be left', { field: 'roomId' });
    await this.#actions.removeMember(room.id, session.user.id);
    return { roomId: room.id };
  }

  /** Mutes or unmutes for the caller alone; their other connections get the room's new view as a `chat` event. */
  async mute(session: ReadySession, frame: RequestFrame<'room.mute'>): Result<'room.mute'> {
    const room = await this.#memberRoom(session, frame.roomId);
    if (!(await this.#deps.store.rooms.setMuted(room.id, session.user.id, frame.muted))) {
      throw new IChatError('forbidden', 'You are not a member of this room', { field: 'roomId' });
    }
    const chat = await this.#chatFor(room.id, session.user.id);
    // The same way a read marker reaches the user's other devices: their own topic, so no other member hears of it.
    this.#deps.hub.publishToUser(session.user.id, 'chat', { chat });
    return { chat };
  }

  /**
   * Counts a new direct chat with someone the user shares no room with against their hourly allowance: what a
   * spammer messaging every user would have to do. Chats that exist, and people met in a group, cost nothing.
   */
  async #limitStrangerChat(userId: number, peerId: number): Promise<void> {
    const { store } = this.#deps;
    if ((await store.moderation.directRoomOf(userId, peerId)) !== undefined) return;
    if ((await store.rooms.contactIdsOf(userId)).includes(peerId)) return;
    await this.#deps.userLimits.take('strangerChat', userId, this.#deps.monotonicNow());
  }

  /** Nobody may put someone who has blocked them into a group. */
  async #refuseBlockers(userId: number, users: readonly UserRecord[]): Promise<void> {
    const blockers = new Set(await this.#deps.store.moderation.blockersOf(userId));
    for (const [index, user] of users.entries()) {
      if (blockers.has(user.id)) throw new IChatError('blocked', 'This user cannot be added', { field: `members.${index}` });
    }
  }

  async #chatFor(roomId: number, userId: number): Promise<Chat> {
    const chat = await this.#deps.store.chats.view(roomId, userId);
    if (chat === undefined) throw new IChatError('not_found', 'Room not found', { field: 'roomId' });
    return chat;
  }

  /** The room, if the session's user is a member; the same refusal whether it is missing or someone else's. */
  async #memberRoom(session: ReadySession, roomId: number): Promise<RoomRecord> {
    const room = session.rooms.has(roomId) ? await this.#deps.store.rooms.find(roomId) : undefined;
    if (room === undefined) throw new IChatError('forbidden', 'You are not a member of this room', { field: 'roomId' });
    return room;
  }

  async #ownedGroup(session: ReadySession, roomId: number): Promise<RoomRecord> {
    const room = await this.#memberRoom(session, roomId);
    if (room.kind !== 'group') throw new IChatError('forbidden', 'Direct chats have fixed members', { field: 'roomId' });
    if (room.ownerId !== session.user.id) {
      throw new IChatError('forbidden', 'Only the group owner can do that', { field: 'roomId' });
    }
    return room;
  }

  async #findUser(identifier: string, field: string): Promise<UserRecord> {
    const login = identifier.includes('@') ? normaliseEmail(identifier, field) : normaliseUsername(identifier, field);
    const user = await this.#deps.store.users.findByLogin(login);
    if (user === undefined) throw new IChatError('not_found', `No user with e-mail or username "${login}"`, { field });
    return user;
  }

  async #findUsers(identifiers: readonly string[]): Promise<UserRecord[]> {
    const users = new Map<number, UserRecord>();
    for (const [index, identifier] of identifiers.entries()) {
      const user = await this.#findUser(identifier, `members.${index}`);
      users.set(user.id, user);
    }
    return [...users.values()];
  }
}
