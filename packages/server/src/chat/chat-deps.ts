// What request handlers share: the store, the hub, the clocks, and the session type they act for.

import type { UserRecord, Store } from '../store/contract/store.js';
import type { ClientSession } from './client-session.js';
import type { WordFilter } from '../moderation/word-filter.js';
import type { Hub } from './hub.js';
import type { UserLimits } from './user-limits.js';

export interface ChatDeps {
  store: Store;
  hub: Hub;
  /** Wall-clock time, for instants that are stored (createdAt, editedAt). */
  readonly now: () => number;
  /** The monotonic clock (see clock.ts), for rate limits and throttles, which a wall-clock jump must not upset. */
  readonly monotonicNow: () => number;
  /** The configured word list, applied to every user's new and edited text; undefined when none is set. */
  readonly wordFilter: WordFilter | undefined;
  /** Per-user allowances for new groups, chats with strangers and reports. */
  readonly userLimits: UserLimits;
}

/** A session that has authenticated: its user is known. */
export type ReadySession = ClientSession & { user: UserRecord };
