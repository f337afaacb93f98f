// The read receipts' statements, built once with Kysely for both dialects.

import type { Kysely } from 'kysely';
import type { Database } from '../sqlite/schema.js';

/** Whether the user shares read receipts (no row: the user does not exist). */
export function sharingOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('users').select('share_receipts').where('id', '=', userId);
}

/** Turns the user's sharing on or off. */
export function setSharingOf(db: Kysely<Database>, userId: number, share: boolean) {
  return db.updateTable('users').set({ share_receipts: share ? 1 : 0 }).where('id', '=', userId);
}

/** The read markers of the room's members who share, except one member, by user id. */
export function sharingReaders(db: Kysely<Database>, roomId: number, exceptUserId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.read_seq'])
    .where('m.room_id', '=', roomId)
    .where('m.user_id', '!=', exceptUserId)
    .where('u.share_receipts', '=', 1)
    .orderBy('m.user_id');
}

/** The room's members who share, by user id. */
export function sharingMembersOf(db: Kysely<Database>, roomId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.room_id', '=', roomId)
    .where('u.share_receipts', '=', 1)
    .orderBy('m.user_id');
}
