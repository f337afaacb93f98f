// The chat views' statements that read the same in both dialects: each room's members and its last message.

import type { Attachment, Message, PublicUser } from '@ichat/protocol';
import type { Kysely } from 'kysely';
import { withAttachments } from './attachment-queries.js';
import { toMessage } from '../sqlite/message-row.js';
import { profileDataOf } from '../sqlite/profile-data.js';
import type { Database } from '../sqlite/schema.js';

/** The rooms' members, longest-standing first, with what others see of them. */
export function membersOf(db: Kysely<Database>, roomIds: readonly number[]) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.room_id', 'u.id', 'u.username', 'u.display_name', 'u.avatar_url', 'u.profile_data'])
    .where('m.room_id', 'in', roomIds)
    .orderBy('m.joined_at')
    .orderBy('u.id');
}

/** The rows of {@link membersOf}, by room. */
export function membersByRoom(
  rows: readonly { room_id: number; id: number; username: string; display_name: string | null; avatar_url: string | null; profile_data: string | null }[],
): Map<number, PublicUser[]> {
  const members = new Map<number, PublicUser[]>();
  for (const row of rows) {
    const list = members.get(row.room_id) ?? [];
    list.push({ id: row.id, username: row.username, displayName: row.display_name, avatarUrl: row.avatar_url, data: profileDataOf(row.profile_data) });
    members.set(row.room_id, list);
  }
  return members;
}

/** The rooms' last messages (or tombstones): the row at each room's last seq. Its columns named, not `x.*`. */
export function lastMessagesOf(db: Kysely<Database>, roomIds: readonly number[]) {
  return db
    .selectFrom('rooms as r')
    .innerJoin('messages as x', (join) => join.onRef('x.room_id', '=', 'r.id').onRef('x.seq', '=', 'r.last_seq'))
    .select(['x.id', 'x.room_id', 'x.seq', 'x.sender_id', 'x.text', 'x.client_msg_id', 'x.created_at', 'x.edited_at', 'x.deleted_at', 'x.change_seq', 'x.mention_ids'])
    .where('r.id', 'in', roomIds);
}

/** The rows of {@link lastMessagesOf}, by room. */
export function lastMessageByRoom(rows: Parameters<typeof toMessage>[0][]): Map<number, Message> {
  return new Map(rows.map((row) => [row.room_id, toMessage(row)]));
}

/** The ids of the previews that can have attachments (a tombstone has none). */
export function previewIds(previews: Map<number, Message>): number[] {
  return [...previews.values()].filter((message) => !message.deleted).map((message) => message.id);
}

/** The previews with their attachments, as history carries them: a message of files alone still says what it holds. */
export function previewsWithFiles(previews: Map<number, Message>, files: Map<number, Attachment[]>): Map<number, Message> {
  if (files.size === 0) return previews;
  return new Map(withAttachments([...previews.values()], files).map((message) => [message.roomId, message]));
}
