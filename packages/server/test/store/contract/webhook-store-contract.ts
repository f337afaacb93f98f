// The WebhookStore contract: endpoints, deliveries written with the changes they report, due order per room, outcomes.

import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, expectIChatError, openStore, queued, send, type StoreFactory } from './fixtures.js';

const NONE = new Set<number>();

function endpoint(store: Store, url: string, events: WebhookEventType[] = [...WEBHOOK_EVENT_TYPES]) {
  return store.webhooks.addEndpoint({ url, secret: `secret of ${url}`, events, createdAt: 500 });
}

const OK = { httpStatus: 200, latencyMs: 12, error: null };
const REFUSED = { httpStatus: 503, latencyMs: 7, error: 'The endpoint answered HTTP 503' };

export function describeWebhookStoreContract(makeStore: StoreFactory): void {
  describe('webhooks', () => {
    it('adds endpoints once per URL, lists them oldest first, and removes one by id or URL', async () => {
      const store = await openStore(makeStore);
      const shop = await endpoint(store, 'https://shop.example/hook', ['message.created']);
      const crm = await endpoint(store, 'https://crm.example/hook');
      expect(shop).toEqual({ id: shop.id, url: 'https://shop.example/hook', secret: 'secret of https://shop.example/hook', events: ['message.created'], createdAt: 500 });
      await expectIChatError(() => endpoint(store, 'https://shop.example/hook'), 'validation_failed', 'url');
      expect((await store.webhooks.endpoints()).map((item) => item.url)).toEqual([shop.url, crm.url]);
      expect(await store.webhooks.removeEndpoint(shop.id)).toBe(true);
      expect(await store.webhooks.removeEndpoint(crm.url)).toBe(true);
      expect(await store.webhooks.removeEndpoint(crm.url)).toBe(false);
      expect(await store.webhooks.endpoints()).toEqual([]);
    });

    it('writes a delivery per listening endpoint with each change, and none for types nobody listens to', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const messages = await endpoint(store, 'https://a.example/', ['message.created']);
      await endpoint(store, 'https://b.example/', ['message.created', 'member.added']);
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1_000);
      const [message] = await send(store, [queued(roomId, ada.id, 'c1')]);
      const due = await store.webhooks.due(Number.MAX_SAFE_INTEGER, 10, NONE);
      // Two endpoints want message.created; nobody wants user.created or room.created.
      expect(due).toHaveLength(2);
      expect(new Set(due.map((delivery) => delivery.webhookId)).size).toBe(1);
      const body: unknown = JSON.parse(due[0]?.body ?? '');
      expect(body).toEqual({ id: due[0]?.webhookId, type: 'message.created', createdAt: 2_000, data: { message } });
      expect(due.find((delivery) => delivery.endpointId === messages.id)).toMatchObject({ roomId, createdAt: 2_000, attempts: 0 });
      // A resend stores nothing, and reports nothing.
      await send(store, [queued(roomId, ada.id, 'c1')]);
      expect(await store.webhooks.pendingCount()).toBe(2);
    });

    it("offers a room's deliveries one at a time, in order, and holds the later ones back while one is retried", async () => {
      const store = await openStore(makeStore);
      const hook = await endpoint(store, 'https://a.example/', ['message.created']);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const room = (await store.rooms.openDirect(ada.id, bob.id, 1_000)).roomId;
      const other = await store.rooms.createGroup(ada.id, 'Other', [bob.id], 1_000);
      await send(store, [queued(room, ada.id, 'r1'), queued(room, ada.id, 'r2'), queued(other, ada.id, 'o1')]);
      const first = await store.webhooks.due(3_000, 10, NONE);
      expect(first.map((delivery) => delivery.roomId)).toEqual([room, other]);
      const [r1, o1] = first;
      if (r1 === undefined || o1 === undefined) throw new Error('two deliveries due');
      // Those in flight are skipped, and what waits behind them is not offered.
      expect(await store.webhooks.due(3_000, 10, new Set([r1.id, o1.id]))).toEqual([]);
      await store.webhooks.attemptFailed(r1.id, REFUSED, 3_000, 9_000);
      await store.webhooks.delivered(o1.id, OK, 3_000);
      expect(await store.webhooks.due(8_999, 10, NONE)).toEqual([]);
      const retried = await store.webhooks.due(9_000, 10, NONE);
      expect(retried).toMatchObject([{ id: r1.id, attempts: 1 }]);
      await store.webhooks.delivered(r1.id, OK, 9_500);
      const next = await store.webhooks.due(9_500, 10, NONE);
      expect(next).toHaveLength(1);
      expect(JSON.parse(next[0]?.body ?? '')).toMatchObject({ data: { message: { seq: 2 } } });
      const view = await store.webhooks.overview(10);
      expect(view.endpoints).toMatchObject([{ id: hook.id, pending: 1, delivered: 2, failed: 0 }]);
      expect(view.deliveries.find((delivery) => delivery.id === r1.id)).toMatchObject({
        status: 'delivered',
        attempts: 2,
        httpStatus: 200,
        latencyMs: 12,
        error: null,
        nextAttemptAt: null,
      });
    });

    it('marks a delivery failed for good, lets its room move on, and prunes finished ones after their time', async () => {
      const store = await openStore(makeStore);
      await endpoint(store, 'https://a.example/', ['message.created']);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const room = (await store.rooms.openDirect(ada.id, bob.id, 1_000)).roomId;
      await send(store, [queued(room, ada.id, 'r1'), queued(room, ada.id, 'r2')]);
      const [r1] = await store.webhooks.due(3_000, 10, NONE);
      if (r1 === undefined) throw new Error('a delivery due');
      await store.webhooks.attemptFailed(r1.id, REFUSED, 4_000, undefined);
      expect((await store.webhooks.overview(10)).deliveries.find((delivery) => delivery.id === r1.id)).toMatchObject({
        status: 'failed',
        error: 'The endpoint answered HTTP 503',
        nextAttemptAt: null,
      });
      const [r2] = await store.webhooks.due(4_000, 10, NONE);
      if (r2 === undefined) throw new Error('the next delivery due');
      await store.webhooks.delivered(r2.id, OK, 5_000);
      expect(await store.webhooks.prune(4_500)).toBe(1);
      expect(await store.webhooks.prune(5_001)).toBe(1);
      expect((await store.webhooks.overview(10)).deliveries).toEqual([]);
    });

    it('drops the deliveries of a removed endpoint, and writes none for it afterwards', async () => {
      const store = await openStore(makeStore);
      const hook = await endpoint(store, 'https://a.example/');
      await addUser(store, 'ada');
      expect(await store.webhooks.pendingCount()).toBe(1);
      await store.webhooks.removeEndpoint(hook.id);
      await addUser(store, 'bob');
      expect(await store.webhooks.pendingCount()).toBe(0);
    });
  });
}
