// What the store contract suites share: a fresh store per test, users and messages to fill it, typed-error checks.

import { IChatError, type ErrorCode, type Message, type PublicUser } from '@ichat/protocol';
import { expect, onTestFinished } from 'vitest';
import type { NewAttachment, QueuedMessage, Store, UserRecord } from '../../../src/store/contract/store.js';

/** Makes a new, empty store with migrations applied; each test gets its own and closes it. */
export type StoreFactory = () => Promise<Store>;

export async function openStore(makeStore: StoreFactory): Promise<Store> {
  const store = await makeStore();
  onTestFinished(() => store.close());
  return store;
}

/** A user named `name` (lower case, as `Accounts` normalises), e-mail `<name>@example.test`. */
/** A user as others see them in a chat view, with an unset profile. */
export function asMember(user: { id: number; username: string }): PublicUser {
  return { id: user.id, username: user.username, displayName: null, avatarUrl: null, data: {} };
}

export function addUser(store: Store, name: string, createdAt = 1_000): Promise<UserRecord> {
  return store.users.create({ email: `${name}@example.test`, username: name, passwordHash: `hash-of-${name}`, createdAt });
}

/** An upload of five bytes, its key made from `key`: a text file unless `name` and `type` say otherwise. */
export function upload(uploaderId: number, key: string, createdAt = 1_000, file: Pick<NewAttachment, 'name' | 'type'> = { name: `${key}.txt`, type: 'text/plain' }): NewAttachment {
  return { uploaderId, blobKey: key.padEnd(64, '0'), thumbnailKey: null, ...file, size: 5, width: null, height: null, createdAt };
}

export function queued(roomId: number, senderId: number, clientMsgId: string, createdAt = 2_000): QueuedMessage {
  return { roomId, senderId, clientMsgId, text: `text of ${clientMsgId}`, createdAt };
}

/** Appends one batch and returns the stored messages. */
export async function send(store: Store, batch: readonly QueuedMessage[]): Promise<Message[]> {
  return (await store.messages.append(batch)).map((result) => result.message);
}

/** Appends `count` messages from `senderId`, one batch, and returns their seqs. */
export async function sendMany(store: Store, roomId: number, senderId: number, count: number, prefix = 'm'): Promise<number[]> {
  const batch = Array.from({ length: count }, (_, i) => queued(roomId, senderId, `${prefix}-${i}`));
  return (await send(store, batch)).map((message) => message.seq);
}

/**
 * Runs a store call as an async caller does: whether the implementation throws before returning its promise or
 * rejects it, the caller sees a rejection.
 */
export async function attempt<T>(call: () => Promise<T>): Promise<T> {
  return call();
}

/** Expects the call to fail with an IChatError of this code (and field, when given). */
export async function expectIChatError(call: () => Promise<unknown>, code: ErrorCode, field?: string): Promise<void> {
  const error: unknown = await attempt(call).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IChatError);
  expect(error).toMatchObject(field === undefined ? { code } : { code, field });
}

export function sorted(ids: readonly number[]): number[] {
  return [...ids].sort((a, b) => a - b);
}
