// Replies' statements, the same in both dialects: the originals a page of replies quotes, read with the replies.

import { replyExcerpt, type Message, type ReplyTo } from '@ichat/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../sqlite/schema.js';

/** A message and the seq it answers in its room (null when it is not a reply), as a row gives them. */
export interface ReplyRef {
  message: Message;
  replyToSeq: number | null;
}

/** The messages at these seats (room and seq): the originals of a page of replies. */
export function replyOriginals(db: Kysely<Database>, seats: readonly { roomId: number; seq: number }[]) {
  return db
    .selectFrom('messages')
    .select(['id', 'room_id', 'seq', 'sender_id', 'text', 'deleted_at'])
    .where((eb) => eb.or(seats.map((seat) => eb.and([eb('room_id', '=', seat.roomId), eb('seq', '=', seat.seq)]))));
}

/** The seats {@link replyOriginals} must read for these messages, each once; empty when none is a reply. */
export function replySeats(refs: readonly ReplyRef[]): { roomId: number; seq: number }[] {
  const seats = new Map<string, { roomId: number; seq: number }>();
  for (const ref of refs) {
    if (ref.replyToSeq !== null) seats.set(`${ref.message.roomId}:${ref.replyToSeq}`, { roomId: ref.message.roomId, seq: ref.replyToSeq });
  }
  return [...seats.values()];
}

type OriginalRow = { id: number; room_id: number; seq: number; sender_id: number | null; text: string; deleted_at: number | null };

/** What a reply shows of its original, as it is now. */
export function toReplyTo(row: OriginalRow): ReplyTo {
  const deleted = row.deleted_at !== null;
  return { seq: row.seq, id: row.id, senderId: row.sender_id, excerpt: deleted ? '' : replyExcerpt(row.text), deleted };
}

/** The messages, each reply with its original's quote. */
export function withReplies(refs: readonly ReplyRef[], originals: readonly OriginalRow[]): Message[] {
  const bySeat = new Map(originals.map((row) => [`${row.room_id}:${row.seq}`, toReplyTo(row)]));
  return refs.map(({ message, replyToSeq }) => {
    if (replyToSeq === null) return message;
    const replyTo = bySeat.get(`${message.roomId}:${replyToSeq}`);
    return replyTo === undefined ? message : { ...message, replyTo };
  });
}
