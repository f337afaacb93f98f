// What request handlers share: the store, the hub, the clocks, and the session type they act for.

import type { UserRecord, Store } from '../store/contract/store.js';
import type { ClientSession } from './client-session.js';
import type { Hub } from './hub.js';

export interface ChatDeps {
  store: Store;
  hub: Hub;
  /** Wall-clock time, for instants that are stored (createdAt, editedAt). */
  readonly now: () => number;
  /** The monotonic clock (see clock.ts), for rate limits and throttles, which a wall-clock jump must not upset. */
  readonly monotonicNow: () => number;
}

/** A session that has authenticated: its user is known. */
export type ReadySession = ClientSession & { user: UserRecord };
