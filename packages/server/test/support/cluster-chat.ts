// What the cluster suites check a client received: the `message` events of a room, in arrival order.

import { randomUUID } from 'node:crypto';
import type { Message } from '@ichat/protocol';
import type { TestClient } from './test-client.js';
import { eventually } from './wait.js';

/** The messages of a room this socket received as `message` events, in arrival order. */
export function receivedMessages(client: TestClient, roomId: number): Message[] {
  const messages: Message[] = [];
  for (const frame of client.received) {
    if (frame.type === 'message' && frame.message.roomId === roomId) messages.push(frame.message);
  }
  return messages;
}

/** Waits until the socket has received `count` messages of the room (or more, which the caller's checks then catch). */
export async function untilReceived(client: TestClient, roomId: number, count: number, ms = 15_000): Promise<Message[]> {
  return eventually(
    () => {
      const messages = receivedMessages(client, roomId);
      return Promise.resolve(messages.length >= count ? messages : undefined);
    },
    `${count} messages of room ${roomId}`,
    ms,
  );
}

/**
 * Waits until the socket has heard of the room (its `chat` event), as a client does before it writes there: a node
 * learns of a member added on another node through the broker, and a send that overtakes that is refused.
 */
export async function untilInRoom(client: TestClient, roomId: number, ms = 15_000): Promise<void> {
  await eventually(
    () => Promise.resolve(client.received.some((frame) => frame.type === 'chat' && frame.chat.roomId === roomId) ? true : undefined),
    `the chat event of room ${roomId}`,
    ms,
  );
}

/** Sends `count` messages without waiting for each ack: they race the other senders into the room. */
export function sendBurst(client: TestClient, roomId: number, count: number, prefix: string): Promise<Message[]> {
  const sends: Promise<Message>[] = [];
  for (let i = 1; i <= count; i++) {
    sends.push(client.request('message.send', { roomId, clientMsgId: randomUUID(), text: `${prefix}${i}` }).then((r) => r.message));
  }
  return Promise.all(sends);
}

/** 1, 2, …, n: the seqs a member must have received, each once and in order. */
export function seqsUpTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
