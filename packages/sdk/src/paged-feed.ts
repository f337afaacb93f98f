// What the message feed and the change feed share: per-room catch-up page by page, one fill per room at a time,
// fills voided by a lost socket, and a room dropped when the server says the user is no longer in it.

import { IChatError } from '@ichat/protocol';

/** The part of a followed room the fill machinery reads. */
export interface FeedRoom {
  /** Items received past a gap, waiting for it to fill. */
  readonly ahead: Map<number, unknown>;
  /** The fill under way for this room, if any. */
  filling: Promise<void> | undefined;
}

/** A cap on pages per room per fill, so a server that always answers `hasMore: true` cannot spin the client. */
const MAX_PAGES_PER_FILL = 100_000;

/**
 * A feed of rooms, each caught up from a cursor with pages fetched `after` it. Subclasses say where a room's fill
 * starts and fold each page in; this class runs the fills.
 */
export abstract class PagedFeed<Room extends FeedRoom, Page, Item> {
  protected readonly followed = new Map<number, Room>();
  /** Bumped on every disconnect so fills started on a dead socket stop instead of racing the next resume. */
  protected generation = 0;
  /** While false (connecting, resuming) gaps are left for a resume rather than filled one by one. */
  protected live = false;
  /** While resuming: what was delivered meanwhile, for the `resumed` report. */
  protected recovering: Item[] | undefined;
  readonly #fetch: (roomId: number, after: number) => Promise<Page>;

  constructor(fetch: (roomId: number, after: number) => Promise<Page>) {
    this.#fetch = fetch;
  }

  /** Stops following a room (the user left or was removed). */
  unfollow(roomId: number): void {
    this.followed.delete(roomId);
  }

  /** The socket is gone: pending fills are abandoned and gaps wait for the next resume. */
  pause(): void {
    this.generation += 1;
    this.live = false;
    for (const room of this.followed.values()) room.filling = undefined;
  }

  /** Where a room's fill starts; undefined while the room's starting point is not known. */
  protected abstract fillFrom(room: Room): number | undefined;

  /** Folds a page into the room; returns the cursor to fetch the next page after, or undefined when caught up. */
  protected abstract absorb(roomId: number, room: Room, page: Page): number | undefined;

  /** Runs once a fill of a live room ends; nothing by default. */
  protected filled(_roomId: number, _room: Room): void {
    // Subclasses that can be left with a gap after a fill start another one here.
  }

  /** Fills every room, collecting what is delivered meanwhile; throws `disconnected` if the socket drops. */
  protected async fillAll(roomIds: readonly number[], recovered: Item[]): Promise<void> {
    const generation = this.generation;
    this.recovering = recovered;
    try {
      await Promise.all(roomIds.map((roomId) => this.fill(roomId, generation)));
    } finally {
      if (this.recovering === recovered) this.recovering = undefined;
    }
    if (generation !== this.generation) throw new IChatError('disconnected', 'The connection was lost while resuming');
    this.live = true;
  }

  protected fillIfLive(roomId: number, room: Room): void {
    if (!this.live || room.ahead.size === 0 || room.filling !== undefined) return;
    // A failed live fill is retried by the next resume; the connection's own error path reports the cause.
    this.fill(roomId, this.generation).catch(() => undefined);
  }

  protected fill(roomId: number, generation: number): Promise<void> {
    const room = this.followed.get(roomId);
    if (room === undefined || this.fillFrom(room) === undefined) return Promise.resolve();
    room.filling ??= this.#fetchPages(roomId, room, generation).finally(() => {
      room.filling = undefined;
      if (generation === this.generation && this.followed.get(roomId) === room) this.filled(roomId, room);
    });
    return room.filling;
  }

  async #fetchPages(roomId: number, room: Room, generation: number): Promise<void> {
    let after = this.fillFrom(room);
    for (let page = 0; page < MAX_PAGES_PER_FILL && after !== undefined; page += 1) {
      let result: Page;
      try {
        result = await this.#fetch(roomId, after);
      } catch (error) {
        // Removed from the room while away: the chat list drops it; there is nothing more to fetch.
        if (error instanceof IChatError && error.code === 'forbidden') {
          this.followed.delete(roomId);
          return;
        }
        throw error;
      }
      if (generation !== this.generation || this.followed.get(roomId) !== room) return;
      after = this.absorb(roomId, room, result);
    }
  }
}
