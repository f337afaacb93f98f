// @ts-check
// What the site's backend does in iChat through the server API: keeps each user's profile up to date, puts everyone
// in the community room, and posts the shop's announcements there as system messages.

import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServerClient, IChatError } from '@ichat/sdk/server';

const COMMUNITY_ROOM_NAME = 'Shop community';

export class IChatBackend {
  #api;
  #stateFile;
  /** @type {number | undefined} */
  #roomId;

  /**
   * @param {{ url: string, apiKey: string, stateFile?: string | undefined }} options
   */
  constructor({ url, apiKey, stateFile }) {
    this.#api = createServerClient({ url, apiKey });
    this.#stateFile = stateFile;
  }

  /**
   * Called when someone logs in to the site: their iChat profile follows the site's, and they join the community.
   * @param {import('./host-users.mjs').HostUser} user
   * @param {string} avatarUrl
   */
  async userSignedIn(user, avatarUrl) {
    await this.#api.upsertUser(user.id, { displayName: user.name, email: user.email, avatarUrl });
    try {
      await this.#api.addMembers(await this.#communityRoom(user.id), [user.id]);
    } catch (error) {
      // A room id remembered from another iChat database (a fresh server): make the room again.
      if (!(error instanceof IChatError && error.code === 'not_found')) throw error;
      this.#roomId = undefined;
      await this.#forgetState();
      await this.#api.addMembers(await this.#communityRoom(user.id), [user.id]);
    }
  }

  /**
   * Posts an announcement as a system message. The idempotency key makes a retry after a timeout safe: the server
   * stores it once.
   * @param {string} text
   * @param {string} byUserId the signed-in user who asked (owns the room if it has to be created now)
   */
  async announce(text, byUserId) {
    const roomId = await this.#communityRoom(byUserId);
    await this.#api.postMessage(roomId, { text, clientMsgId: `announce-${randomUUID()}` });
  }

  /**
   * The community room's id: remembered in the state file, else created now, owned by `ownerId`.
   * @param {string} ownerId
   * @returns {Promise<number>}
   */
  async #communityRoom(ownerId) {
    if (this.#roomId !== undefined) return this.#roomId;
    const stored = await this.#readState();
    if (stored !== undefined) {
      this.#roomId = stored;
      return stored;
    }
    const { room } = await this.#api.createRoom({ kind: 'group', name: COMMUNITY_ROOM_NAME, owner: ownerId, members: [] });
    this.#roomId = room.id;
    if (this.#stateFile !== undefined) await writeFile(this.#stateFile, JSON.stringify({ communityRoomId: room.id }));
    return room.id;
  }

  async #forgetState() {
    if (this.#stateFile !== undefined) await rm(this.#stateFile, { force: true });
  }

  /** @returns {Promise<number | undefined>} */
  async #readState() {
    if (this.#stateFile === undefined) return undefined;
    try {
      /** @type {{ communityRoomId?: unknown }} */
      const state = JSON.parse(await readFile(this.#stateFile, 'utf8'));
      return typeof state.communityRoomId === 'number' ? state.communityRoomId : undefined;
    } catch {
      return undefined;
    }
  }
}
