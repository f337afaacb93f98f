// Model-based properties of any Store: random sends, resends, edits, deletes, membership changes and read marks agree
// with a plain in-memory model, and keep the invariants (contiguous seqs, one row per clientMsgId, unread counts).

import * as fc from 'fast-check';
import { IChatError, type Chat, type Message } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import type { QueuedMessage, Store } from '../../../src/store/contract/store.js';
import { propertySettings as settings } from '@ichat/test-kit';
import { addUser, type StoreFactory } from './fixtures.js';

const USERS = ['ada', 'bob', 'cy', 'dee'];
/** A small pool of client message ids, so that resends and reuse across rooms happen often. */
const CLIENT_IDS = 6;

/** One step, in abstract terms: indexes into whatever rooms, members and seqs exist when it runs. */
type Step =
  | { kind: 'send'; items: { room: number; sender: number; clientId: number; text: string }[] }
  | { kind: 'edit'; room: number; seq: number; text: string }
  | { kind: 'delete'; room: number; seq: number }
  | { kind: 'group'; owner: number; members: number[] }
  | { kind: 'add'; room: number; users: number[] }
  | { kind: 'remove'; room: number; user: number }
  | { kind: 'leave'; room: number; member: number }
  | { kind: 'read'; room: number; member: number; seq: number }
  | { kind: 'mute'; room: number; member: number; muted: boolean };

const index = fc.nat({ max: 20 });
// Without `@`, so no text mentions anyone: mentions have their own contract tests (mention-store-contract.ts).
const text = fc.string({ minLength: 1, maxLength: 12 }).map((value) => value.replaceAll('@', '#'));
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      items: fc.array(fc.record({ room: index, sender: index, clientId: fc.nat({ max: CLIENT_IDS - 1 }), text }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), room: index, seq: fc.nat({ max: 12 }), text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), room: index, seq: fc.nat({ max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('group' as const), owner: index, members: fc.array(index, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), room: index, users: fc.array(index, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), room: index, user: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), room: index, member: index }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), room: index, member: index, seq: fc.nat({ max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mute' as const), room: index, member: index, muted: fc.boolean() }) },
);

interface ModelMember {
  joinedAt: number;
  readSeq: number;
  muted: boolean;
}

interface ModelRoom {
  id: number;
  kind: 'direct' | 'group';
  name: string | null;
  ownerId: number;
  createdAt: number;
  lastActivityAt: number;
  /** Edits and deletions so far. */
  changeSeq: number;
  /** Message at seq n is at index n - 1. */
  messages: Message[];
  members: Map<number, ModelMember>;
}

/** What the store should hold, kept the simplest way. */
class Model {
  readonly users: { id: number; username: string }[];
  readonly rooms: ModelRoom[] = [];
  /** Stored messages by `sender:clientMsgId`. */
  readonly byClientId = new Map<string, Message>();

  constructor(users: { id: number; username: string }[]) {
    this.users = users;
  }

  user(i: number): number {
    return this.users[i % this.users.length]?.id ?? 0;
  }

  room(i: number, kind?: 'group'): ModelRoom | undefined {
    const rooms = kind === undefined ? this.rooms : this.rooms.filter((room) => room.kind === kind);
    return rooms[i % Math.max(1, rooms.length)];
  }

  /** Members longest-standing first, ties by user id, as the contract orders them. */
  memberIds(room: ModelRoom): number[] {
    return [...room.members].sort(([a, x], [b, y]) => x.joinedAt - y.joinedAt || a - b).map(([id]) => id);
  }

  addRoom(room: Omit<ModelRoom, 'messages' | 'members' | 'changeSeq'>, memberIds: number[], now: number): void {
    const members = new Map<number, ModelMember>();
    for (const id of memberIds) members.set(id, { joinedAt: now, readSeq: 0, muted: false });
    this.rooms.push({ ...room, changeSeq: 0, messages: [], members });
  }

  unread(room: ModelRoom, userId: number, readSeq: number): number {
    return room.messages.filter((m) => m.seq > readSeq && m.senderId !== userId && !m.deleted).length;
  }

  chat(room: ModelRoom, userId: number): Chat {
    // Users made by the model's scenario never set a profile, so their public fields are the defaults.
    const members = this.memberIds(room).map((id) => ({
      id,
      username: this.users.find((u) => u.id === id)?.username ?? '',
      displayName: null,
      avatarUrl: null,
      data: {},
    }));
    const readSeq = room.members.get(userId)?.readSeq ?? 0;
    return {
      roomId: room.id,
      kind: room.kind,
      name: room.name,
      peer: room.kind === 'direct' ? (members.find((m) => m.id !== userId) ?? null) : null,
      members,
      ownerId: room.ownerId,
      createdAt: room.createdAt,
      lastSeq: room.messages.length,
      changeSeq: room.changeSeq,
      lastMessage: room.messages.at(-1) ?? null,
      lastActivityAt: room.lastActivityAt,
      readSeq,
      unread: this.unread(room, userId, readSeq),
      mentioned: 0,
      muted: room.members.get(userId)?.muted ?? false,
    };
  }

  chatList(userId: number): Chat[] {
    return this.rooms
      .filter((room) => room.members.has(userId))
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id)
      .map((room) => this.chat(room, userId));
  }
}

/** What a call gave: its value, or the code and field of the IChatError it failed with. */
async function settle<T>(call: () => Promise<T>): Promise<{ value: T } | { code: string; field: string | undefined }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof IChatError) return { code: error.code, field: error.field };
    throw error;
  }
}

/** Runs one step against the store and the model, and checks the store's answer against the model's. */
async function run(store: Store, model: Model, action: Step, now: number): Promise<void> {
  switch (action.kind) {
    case 'send': {
      const batch: QueuedMessage[] = [];
      for (const item of action.items) {
        const room = model.room(item.room);
        const members = room === undefined ? [] : model.memberIds(room);
        const sender = members[item.sender % Math.max(1, members.length)];
        if (room === undefined || sender === undefined) continue;
        batch.push({ roomId: room.id, senderId: sender, clientMsgId: `c${item.clientId}`, text: item.text, createdAt: now });
      }
      if (batch.length === 0) return;
      // The model's outcome first, on scratch state: a batch with a clientMsgId reused across rooms stores nothing.
      const fresh = new Map<string, Message>();
      const lastSeq = new Map(model.rooms.map((room) => [room.id, room.messages.length]));
      const expected: { seq: number; duplicate: boolean; stored: Message | undefined }[] = [];
      let refused = false;
      for (const queued of batch) {
        const key = `${queued.senderId}:${queued.clientMsgId}`;
        const earlier = model.byClientId.get(key) ?? fresh.get(key);
        if (earlier !== undefined) {
          if (earlier.roomId !== queued.roomId) refused = true;
          expected.push({ seq: earlier.seq, duplicate: true, stored: earlier });
          continue;
        }
        const seq = (lastSeq.get(queued.roomId) ?? 0) + 1;
        lastSeq.set(queued.roomId, seq);
        const draft: Message = {
          id: 0,
          roomId: queued.roomId,
          seq,
          kind: 'user',
          senderId: queued.senderId,
          text: queued.text,
          createdAt: queued.createdAt,
          editedAt: null,
          deleted: false,
          clientMsgId: queued.clientMsgId,
          changeSeq: 0,
        };
        fresh.set(key, draft);
        expected.push({ seq, duplicate: false, stored: undefined });
      }
      const outcome = await settle(() => store.messages.append(batch));
      if (refused) {
        expect(outcome).toEqual({ code: 'validation_failed', field: 'clientMsgId' });
        return;
      }
      if (!('value' in outcome)) throw new Error(`The batch was refused: ${JSON.stringify(outcome)}`);
      expect(outcome.value).toHaveLength(batch.length);
      for (const [i, result] of outcome.value.entries()) {
        const want = expected[i];
        const queued = batch[i];
        if (want === undefined || queued === undefined) throw new Error('Batch and results differ in length');
        expect(result.duplicate).toBe(want.duplicate);
        if (want.stored !== undefined) {
          // A resend answers with the message as stored now (edited or deleted since, possibly).
          const current = model.byClientId.get(`${queued.senderId}:${queued.clientMsgId}`) ?? want.stored;
          const room = model.rooms.find((r) => r.id === current.roomId);
          expect(result.message).toEqual(room?.messages[current.seq - 1] ?? result.message);
          if (room === undefined) expect(result.message).toMatchObject({ seq: current.seq, roomId: current.roomId });
          continue;
        }
        const draft = fresh.get(`${queued.senderId}:${queued.clientMsgId}`);
        expect(result.message).toEqual({ ...draft, id: result.message.id });
        const room = model.rooms.find((r) => r.id === queued.roomId);
        if (room === undefined) throw new Error('Message for a room the model lacks');
        room.messages.push(result.message);
        room.lastActivityAt = queued.createdAt;
        model.byClientId.set(`${queued.senderId}:${queued.clientMsgId}`, result.message);
        // Later duplicates in this batch answer with the stored message, id included.
        fresh.set(`${queued.senderId}:${queued.clientMsgId}`, result.message);
      }
      return;
    }
    case 'edit':
    case 'delete': {
      const room = model.room(action.room);
      if (room === undefined) return;
      const existing = room.messages[action.seq - 1];
      const outcome = await settle(() =>
        action.kind === 'edit'
          ? store.messages.edit(room.id, action.seq, action.text, now)
          : store.messages.delete(room.id, action.seq, now),
      );
      if (existing === undefined || existing.deleted) {
        expect(outcome).toMatchObject({ code: 'not_found' });
        return;
      }
      room.changeSeq += 1;
      const changeSeq = room.changeSeq;
      const changed: Message =
        action.kind === 'edit'
          ? { ...existing, text: action.text, editedAt: now, changeSeq }
          : { ...existing, text: '', deleted: true, changeSeq };
      expect(outcome).toEqual({ value: changed });
      room.messages[action.seq - 1] = changed;
      if (changed.clientMsgId !== null) model.byClientId.set(`${changed.senderId}:${changed.clientMsgId}`, changed);
      return;
    }
    case 'group': {
      const owner = model.user(action.owner);
      const memberIds = action.members.map((i) => model.user(i));
      const name = `group ${model.rooms.length}`;
      const id = await store.rooms.createGroup(owner, name, memberIds, now);
      model.addRoom({ id, kind: 'group', name, ownerId: owner, createdAt: now, lastActivityAt: now }, [owner, ...memberIds], now);
      return;
    }
    case 'add': {
      const room = model.room(action.room, 'group');
      if (room === undefined) return;
      const userIds = action.users.map((i) => model.user(i));
      const added = [...new Set(userIds)].filter((id) => !room.members.has(id));
      expect([...(await store.rooms.addMembers(room.id, userIds, now))].sort()).toEqual([...added].sort());
      for (const id of added) room.members.set(id, { joinedAt: now, readSeq: 0, muted: false });
      if (added.length > 0) room.lastActivityAt = now;
      return;
    }
    case 'remove': {
      const room = model.room(action.room, 'group');
      if (room === undefined) return;
      const userId = model.user(action.user);
      expect(await store.rooms.removeMember(room.id, userId)).toBe(room.members.delete(userId));
      return;
    }
    case 'leave': {
      // As the chat core leaves a group: remove the member, then hand ownership to the longest-standing member left.
      const room = model.room(action.room, 'group');
      const members = room === undefined ? [] : model.memberIds(room);
      const userId = members[action.member % Math.max(1, members.length)];
      if (room === undefined || userId === undefined) return;
      expect(await store.rooms.removeMember(room.id, userId)).toBe(true);
      room.members.delete(userId);
      const remaining = await store.rooms.memberIds(room.id);
      expect(remaining).toEqual(model.memberIds(room));
      const heir = remaining[0];
      if (room.ownerId === userId && heir !== undefined) {
        await store.rooms.setOwner(room.id, heir);
        room.ownerId = heir;
      }
      return;
    }
    case 'read': {
      const room = model.room(action.room);
      const members = room === undefined ? [] : model.memberIds(room);
      const userId = members[action.member % Math.max(1, members.length)];
      const member = userId === undefined ? undefined : room?.members.get(userId);
      if (room === undefined || userId === undefined || member === undefined) return;
      if (member.readSeq < action.seq) member.readSeq = Math.min(action.seq, room.messages.length);
      expect(await store.messages.markRead(room.id, userId, action.seq)).toEqual({
        readSeq: member.readSeq,
        unread: model.unread(room, userId, member.readSeq),
        mentioned: 0,
        lastSeq: room.messages.length,
        changeSeq: room.changeSeq,
      });
      return;
    }
    case 'mute': {
      const room = model.room(action.room);
      const members = room === undefined ? [] : model.memberIds(room);
      const userId = members[action.member % Math.max(1, members.length)];
      const member = userId === undefined ? undefined : room?.members.get(userId);
      if (room === undefined || userId === undefined || member === undefined) return;
      member.muted = action.muted;
      expect(await store.rooms.setMuted(room.id, userId, action.muted)).toBe(true);
      expect(await store.rooms.isMuted(room.id, userId)).toBe(action.muted);
      return;
    }
  }
}

/** Checks the whole store against the model, and the invariants on what the store itself returns. */
async function checkAll(store: Store, model: Model): Promise<void> {
  const seen = new Set<string>();
  for (const room of model.rooms) {
    const page = await store.messages.history(room.id, { after: 0, limit: 100 });
    expect(page.hasMore).toBe(room.messages.length > 100);
    // Seqs run 1, 2, 3… with no gap, whatever was resent, edited or deleted.
    expect(page.messages.map((m) => m.seq)).toEqual(page.messages.map((_, i) => i + 1));
    expect(page.messages).toEqual(room.messages.slice(0, 100));
    for (const m of page.messages) {
      const key = `${m.senderId}:${m.clientMsgId ?? ''}`;
      expect(seen.has(key), `one row per (sender, clientMsgId): ${key}`).toBe(false);
      seen.add(key);
    }
    expect(await store.rooms.memberIds(room.id)).toEqual(model.memberIds(room));
    expect((await store.rooms.find(room.id))?.lastSeq).toBe(room.messages.length);
    // The changes since any point are exactly the messages changed after it, each once, at its latest, in change order.
    const since = Math.floor(room.changeSeq / 2);
    const changed = room.messages.filter((m) => m.changeSeq > since).sort((x, y) => x.changeSeq - y.changeSeq);
    expect(await store.messages.changes(room.id, since, 100)).toEqual({ messages: changed.slice(0, 100), hasMore: changed.length > 100 });
  }
  for (const user of model.users) {
    const chats = await store.chats.list(user.id);
    expect(chats).toEqual(model.chatList(user.id));
    for (const chat of chats) {
      // Unread recomputed from the store's own history: others' messages after the marker that are not deleted.
      const page = await store.messages.history(chat.roomId, { after: chat.readSeq, limit: 100 });
      expect(chat.unread).toBe(page.messages.filter((m) => m.senderId !== user.id && !m.deleted).length);
    }
  }
}

/**
 * Declares the model-based properties for one Store implementation. `makeStore` makes a new, empty, migrated store;
 * each run gets its own and closes it.
 */
export function describeStoreProperties(name: string, makeStore: StoreFactory, runs = 100): void {
  const parameters = settings(runs);
  // A run takes tens of milliseconds; a longer search (FC_RUNS) gets the time it needs.
  const timeout = 20_000 + (parameters.numRuns ?? runs) * 200;
  describe(`${name} agrees with a model of the Store contract`, () => {
    it('keeps seqs contiguous, one message per clientMsgId, and unread counts right through any sequence of changes', { timeout }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.nat({ max: 2 }), async (steps, groups) => {
          const store = await makeStore();
          try {
            const users = [];
            for (const username of USERS) users.push(await addUser(store, username));
            const model = new Model(users.map((u) => ({ id: u.id, username: u.username })));
            let now = 10_000;
            const direct = await store.rooms.openDirect(model.user(0), model.user(1), now);
            model.addRoom(
              { id: direct.roomId, kind: 'direct', name: null, ownerId: model.user(0), createdAt: now, lastActivityAt: now },
              [model.user(0), model.user(1)],
              now,
            );
            for (let g = 0; g <= groups; g += 1) await run(store, model, { kind: 'group', owner: g, members: [g + 1, g + 2] }, ++now);
            for (const action of steps) {
              await run(store, model, action, ++now);
              await checkAll(store, model);
            }
          } finally {
            await store.close();
          }
        }),
        parameters,
      );
    });
  });
}
