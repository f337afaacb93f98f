// Changes to rooms and who is in them, stored and then told to every live socket concerned: what a user's socket
// requests and the server API both do, checked by each caller beforehand in its own way.

import { blockedError } from './blocked-error.js';
import type { ChatDeps } from './chat-deps.js';

/** Room changes with their fan-out: the store first, then the hub, in the order clients rely on. */
export class RoomActions {
  readonly #deps: ChatDeps;

  constructor(deps: ChatDeps) {
    this.#deps = deps;
  }

  /**
   * The one direct room of two users, made (and announced to both) if it did not exist. An existing room is answered
   * whatever blocks stand (the blocker needs it to unblock; sending in it is what a block refuses).
   *
   * @throws {IChatError} `blocked` when the room does not exist and either user has blocked the other.
   */
  async openDirect(userA: number, userB: number, field = 'with'): Promise<{ roomId: number; created: boolean }> {
    const { store, hub, now } = this.#deps;
    if ((await store.moderation.blockBetween(userA, userB)) && (await store.moderation.directRoomOf(userA, userB)) === undefined) {
      throw blockedError(field);
    }
    const { roomId, created } = await store.rooms.openDirect(userA, userB, now());
    if (created) {
      hub.addToRoom(roomId, [userA, userB], 0);
      await hub.pushChat(roomId, [userA, userB]);
      await hub.introduce([userA, userB], [userA, userB]);
    }
    return { roomId, created };
  }

  /** Creates a group owned by `ownerId` with these members, and puts it in every member's chat list. */
  async createGroup(ownerId: number, name: string, memberIds: number[]): Promise<number> {
    const { store, hub, now } = this.#deps;
    const roomId = await store.rooms.createGroup(ownerId, name, memberIds, now());
    const members = await store.rooms.memberIds(roomId);
    hub.addToRoom(roomId, members, 0);
    await hub.pushChat(roomId, members);
    await hub.introduce(members, members);
    return roomId;
  }

  /** Adds members to a room; returns those who were not members before. */
  async addMembers(roomId: number, userIds: number[]): Promise<number[]> {
    const { store, hub, now } = this.#deps;
    const added = await store.rooms.addMembers(roomId, userIds, now());
    if (added.length > 0) {
      // They hear what is sent from now on; what came before is history, read as a new member reads it.
      hub.addToRoom(roomId, added, (await store.rooms.find(roomId))?.lastSeq ?? 0);
      const members = await store.rooms.memberIds(roomId);
      await hub.pushChat(roomId, members);
      await hub.introduce(members, added);
    }
    return added;
  }

  /**
   * Takes a user out of a room (removed, or leaving): their sockets stop hearing it and drop it from their list, the
   * others see the new member list. A group keeps working without its owner: ownership passes to the
   * longest-standing member. False when the user was not a member.
   */
  async removeMember(roomId: number, userId: number): Promise<boolean> {
    const { store, hub } = this.#deps;
    const room = await store.rooms.find(roomId);
    if (room === undefined || !(await store.rooms.removeMember(roomId, userId))) return false;
    const remaining = await store.rooms.memberIds(roomId);
    const heir = remaining[0];
    if (room.ownerId === userId && heir !== undefined) await store.rooms.setOwner(roomId, heir);
    hub.removeFromRoom(roomId, userId);
    hub.publishToUser(userId, 'chat.removed', { roomId });
    await hub.pushChat(roomId, remaining);
    return true;
  }

  /** Renames a room and shows every member the new name. */
  async rename(roomId: number, name: string): Promise<void> {
    const { store, hub, now } = this.#deps;
    await store.rooms.rename(roomId, name, now());
    await hub.pushChat(roomId, await store.rooms.memberIds(roomId));
  }
}
