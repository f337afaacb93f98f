// Mentions' statements that read the same in both dialects: resolving `@name` tokens to members, and a member's count.

import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, MembershipsTable, RoomsTable } from '../sqlite/schema.js';

/** The room's members (the sender aside) whose usernames are among `names`: id and username. */
export function membersNamed(db: Kysely<Database>, roomId: number, names: readonly string[], senderId: number | null) {
  let select = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username'])
    .where('m.room_id', '=', roomId)
    .where('u.username', 'in', names);
  if (senderId !== null) select = select.where('u.id', '!=', senderId);
  return select;
}

/** The mentioned ids in the order the text first names them (usernames are stored lower-cased, as names are). */
export function mentionIdsInOrder(names: readonly string[], members: readonly { id: number; username: string }[]): number[] {
  const byName = new Map(members.map((member) => [member.username, member.id]));
  return names.flatMap((name) => {
    const id = byName.get(name);
    return id === undefined ? [] : [id];
  });
}

/** The ids as the messages row holds them: comma-separated, or null when none. */
export function mentionIdsColumn(ids: readonly number[]): string | null {
  return ids.length === 0 ? null : ids.join(',');
}

/**
 * A member's mentions in the joined room `r` after their read marker: an index range scan on mentions (user_id,
 * room_id, seq). A tombstone keeps no mention rows, so no join to messages is needed.
 */
export function mentionedCount(eb: ExpressionBuilder<Database & { m: MembershipsTable; r: RoomsTable }, 'm' | 'r'>) {
  return eb
    .selectFrom('mentions as n')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('n.user_id', '=', 'm.user_id')
    .whereRef('n.room_id', '=', 'r.id')
    .whereRef('n.seq', '>', 'm.read_seq');
}

/** How many of the user's mentions in a room lie after `readSeq`: what `mentionedCount` reads for one member. */
export function mentionsAfter(db: Kysely<Database>, roomId: number, userId: number, readSeq: number) {
  return db
    .selectFrom('mentions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('room_id', '=', roomId)
    .where('seq', '>', readSeq);
}
