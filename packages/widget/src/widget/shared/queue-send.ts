// Queueing a message in the SDK's outbox without waiting for its delivery.

import { normaliseText, type IChatClient } from '@ichat/sdk';

/**
 * Queues a message, with the ids of the files uploaded for it and the seq of the message it answers, if any; the outbox delivers it, and a final refusal arrives
 * as `send.failed`.
 *
 * @throws {IChatError} `validation_failed` when the text is too long, or empty without files (nothing is queued).
 */
export function queueSend(client: IChatClient, roomId: number, text: string, attachments: readonly number[] = [], replyTo?: number): void {
  // `send` checks the text too, but asynchronously: checked here, a refusal reaches the composer at once. A message of
  // files alone may have no text.
  if (attachments.length === 0 || text.trim() !== '') normaliseText(text);
  // Refusals arrive as `send.failed`; `cancelled` and `disconnected` need nothing.
  client.send(roomId, text, replyTo === undefined ? { attachments } : { attachments, replyTo }).catch(() => undefined);
}
