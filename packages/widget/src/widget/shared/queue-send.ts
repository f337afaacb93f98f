// Queueing a message in the SDK's outbox without waiting for its delivery.

import { normaliseText, type IChatClient } from '@ichat/sdk';

/**
 * Queues a message; the outbox delivers it, and a final refusal arrives as `send.failed`.
 *
 * @throws {IChatError} `validation_failed` when the text is empty or too long (nothing is queued).
 */
export function queueSend(client: IChatClient, roomId: number, text: string): void {
  // `send` checks the text too, but asynchronously: checked here, a refusal reaches the composer at once.
  normaliseText(text);
  // Refusals arrive as `send.failed`; `cancelled` and `disconnected` need nothing.
  client.send(roomId, text).catch(() => undefined);
}
