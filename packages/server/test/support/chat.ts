// Chat fixtures built from real requests: rooms between test users and messages with fresh client ids.

import { randomUUID } from 'node:crypto';
import type { Chat, Message } from '@ichat/protocol';
import type { TestClient } from './test-client.js';
import type { TestServer, TestUser } from './test-server.js';

/** Opens (or finds) the direct room between the client's user and `other` (an e-mail or username). */
export async function openDirect(client: TestClient, other: { username: string }): Promise<Chat> {
  return (await client.request('room.open_direct', { with: other.username })).chat;
}

/** Creates a group owned by the client's user. */
export async function createGroup(client: TestClient, name: string, members: { username: string }[]): Promise<Chat> {
  return (await client.request('room.create_group', { name, members: members.map((member) => member.username) })).chat;
}

/** Sends one message with a new client message id and resolves with the acked message. */
export async function sendText(client: TestClient, roomId: number, text: string): Promise<Message> {
  return (await client.request('message.send', { roomId, clientMsgId: randomUUID(), text })).message;
}

/** Sends `count` messages one after another ("m1", "m2", …, or `prefix`-numbered) and returns them in order. */
export async function sendMany(client: TestClient, roomId: number, count: number, prefix = 'm'): Promise<Message[]> {
  const messages: Message[] = [];
  for (let i = 1; i <= count; i++) messages.push(await sendText(client, roomId, `${prefix}${i}`));
  return messages;
}

/** A registered user with one signed-in socket. */
export interface Person {
  user: TestUser;
  client: TestClient;
}

/** Registers a user and signs them in on one socket. */
export async function person(server: TestServer, name: string): Promise<Person> {
  const user = await server.register(name);
  return { user, client: await server.signIn(user) };
}
