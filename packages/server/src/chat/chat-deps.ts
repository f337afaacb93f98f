// What request handlers share: the store, the hub, the clock, and the session type they act for.

import type { UserRecord, Store } from '../store/contract/store.js';
import type { ClientSession } from './client-session.js';
import type { Hub } from './hub.js';

export interface ChatDeps {
  store: Store;
  hub: Hub;
  readonly now: () => number;
}

/** A session that has authenticated: its user is known. */
export type ReadySession = ClientSession & { user: UserRecord };
