// Mentions over PostgreSQL: resolving a batch's `@name` tokens to members and storing them, in one statement.

import { mentionedNames, type Message } from '@ichat/protocol';
import { sql } from 'kysely';
import type { Db } from './message-columns.js';

/**
 * Finds and stores who each of these just-written messages mentions, inside the caller's transaction: one statement
 * resolves every (message, name) pair to a member of the message's room (the sender aside), inserts the mention rows
 * and writes the ids onto the messages, in the order the text names them. Messages without `@name` tokens (most) cost
 * nothing. Returns the messages, those with mentions given them.
 */
export async function storeMentions(trx: Db, messages: readonly Message[]): Promise<Message[]> {
  const pairs = messages.flatMap((message) =>
    message.deleted ? [] : mentionedNames(message.text).map((name, order) => ({ message, name, order })),
  );
  if (pairs.length === 0) return [...messages];
  const column = <T>(pick: (pair: (typeof pairs)[number]) => T): T[] => pairs.map(pick);
  const rows = await sql<{ id: number; mention_ids: string }>`with found as (
      select v.message_id, v.room_id, v.seq, u.id as user_id, v.ord
      from unnest(
        ${column((pair) => pair.message.id)}::bigint[], ${column((pair) => pair.message.roomId)}::int[],
        ${column((pair) => pair.message.seq)}::int[], ${column((pair) => pair.message.senderId)}::int[],
        ${column((pair) => pair.name)}::text[], ${column((pair) => pair.order)}::int[]
      ) as v(message_id, room_id, seq, sender_id, name, ord)
      join users u on u.username = v.name and u.id is distinct from v.sender_id
      join memberships m on m.room_id = v.room_id and m.user_id = u.id
    ), inserted as (
      insert into mentions (message_id, room_id, user_id, seq) select message_id, room_id, user_id, seq from found
    )
    update messages x set mention_ids = f.ids
    from (select message_id, string_agg(user_id::text, ',' order by ord) as ids from found group by message_id) f
    where x.id = f.message_id
    returning x.id, x.mention_ids`.execute(trx);
  const byMessage = new Map(rows.rows.map((row) => [Number(row.id), row.mention_ids.split(',').map(Number)]));
  return messages.map((message) => {
    const mentions = byMessage.get(message.id);
    return mentions === undefined ? message : { ...message, mentions };
  });
}
