// A messages row as the protocol's Message: shared by the message store and the chat views' previews.

import type { Message } from '@ichat/protocol';
import type { Selectable } from 'kysely';
import type { MessagesTable } from './schema.js';

export function toMessage(row: Omit<Selectable<MessagesTable>, 'reply_to_seq'>): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    kind: row.sender_id === null ? 'system' : 'user',
    senderId: row.sender_id,
    text: row.text,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deleted: row.deleted_at !== null,
    clientMsgId: row.client_msg_id,
    changeSeq: row.change_seq,
    ...(row.mention_ids === null || row.deleted_at !== null ? {} : { mentions: row.mention_ids.split(',').map(Number) }),
  };
}
