// The whole store contract: what any Store implementation must pass, entity by entity, each test on a fresh store.

import { describe } from 'vitest';
import { describeAttachmentStoreContract } from './attachment-store-contract.js';
import { describeChatViewStoreContract } from './chat-view-store-contract.js';
import { describeEmailStoreContract } from './email-store-contract.js';
import type { StoreFactory } from './fixtures.js';
import { describeLifecycleContract } from './lifecycle-contract.js';
import { describeMentionStoreContract } from './mention-store-contract.js';
import { describeMessageStoreContract } from './message-store-contract.js';
import { describeModerationStoreContract } from './moderation-store-contract.js';
import { describeMuteContract } from './mute-contract.js';
import { describeReadMarkerContract } from './read-marker-contract.js';
import { describeReceiptStoreContract } from './receipt-store-contract.js';
import { describeReplyReactionContract } from './reply-reaction-contract.js';
import { describeRoomStoreContract } from './room-store-contract.js';
import { describeSearchStoreContract } from './search-store-contract.js';
import { describeServerApiStoreContract } from './server-api-store-contract.js';
import { describeStatsStoreContract } from './stats-store-contract.js';
import { describeTokenStoreContract } from './token-store-contract.js';
import { describeUserStoreContract } from './user-store-contract.js';
import { describeWebhookStoreContract } from './webhook-store-contract.js';

export type { StoreFactory } from './fixtures.js';

/**
 * Declares the contract suite for one implementation. `makeStore` makes a new, empty, migrated store each time it is
 * called; the suite closes each store after its test.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name} meets the Store contract`, () => {
    describeUserStoreContract(makeStore);
    describeTokenStoreContract(makeStore);
    describeRoomStoreContract(makeStore);
    describeMessageStoreContract(makeStore);
    describeReadMarkerContract(makeStore);
    describeMentionStoreContract(makeStore);
    describeMuteContract(makeStore);
    describeReceiptStoreContract(makeStore);
    describeSearchStoreContract(makeStore);
    describeChatViewStoreContract(makeStore);
    describeStatsStoreContract(makeStore);
    describeLifecycleContract(makeStore);
    describeServerApiStoreContract(makeStore);
    describeWebhookStoreContract(makeStore);
    describeEmailStoreContract(makeStore);
    describeModerationStoreContract(makeStore);
    describeAttachmentStoreContract(makeStore);
    describeReplyReactionContract(makeStore);
  });
}
