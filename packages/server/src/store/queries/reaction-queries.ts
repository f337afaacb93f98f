// Reactions' statements, the same in both dialects, and how their rows become a message's summaries.

import { REACTION_USERS_SHOWN, type Message, type ReactionSummary } from '@ichat/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../sqlite/schema.js';

/** Adds one reaction; returns a row only when it was not there yet. */
export function insertReaction(db: Kysely<Database>, messageId: number, userId: number, emoji: string, now: number) {
  return db
    .insertInto('reactions')
    .values({ message_id: messageId, user_id: userId, emoji, created_at: now })
    .onConflict((conflict) => conflict.doNothing())
    .returning('user_id');
}

/** Takes one reaction back; returns a row only when it was there. */
export function deleteReaction(db: Kysely<Database>, messageId: number, userId: number, emoji: string) {
  return db
    .deleteFrom('reactions')
    .where('message_id', '=', messageId)
    .where('user_id', '=', userId)
    .where('emoji', '=', emoji)
    .returning('user_id');
}

/** How many reacted to each message with each emoji, and when the emoji was first used on it. */
export function reactionCounts(db: Kysely<Database>, messageIds: readonly number[]) {
  return db
    .selectFrom('reactions')
    .select((eb) => ['message_id', 'emoji', eb.fn.countAll<number>().as('count'), eb.fn.min<number>('created_at').as('first_at')])
    .where('message_id', 'in', [...messageIds])
    .groupBy(['message_id', 'emoji']);
}

/**
 * The first {@link REACTION_USERS_SHOWN} users to react with each emoji to each message, in the order they did: a
 * window per (message, emoji), so a big group's thousand reactions cost no more to summarise than ten.
 */
export function firstReactors(db: Kysely<Database>, messageIds: readonly number[]) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('reactions')
        .select((inner) => [
          'message_id',
          'emoji',
          'user_id',
          inner.fn
            .agg<number>('row_number')
            .over((over) => over.partitionBy(['message_id', 'emoji']).orderBy('created_at').orderBy('user_id'))
            .as('place'),
        ])
        .where('message_id', 'in', [...messageIds])
        .as('ranked'),
    )
    .select(['message_id', 'emoji', 'user_id'])
    .where('place', '<=', REACTION_USERS_SHOWN)
    .orderBy('message_id')
    .orderBy('emoji')
    .orderBy('place');
}

/** The emoji one user reacted with, on each of these messages. */
export function reactionsOfUser(db: Kysely<Database>, userId: number, messageIds: readonly number[]) {
  return db
    .selectFrom('reactions')
    .select(['message_id', 'emoji'])
    .where('user_id', '=', userId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('created_at');
}

/** Everyone who reacted to a message with one emoji, earliest first. */
export function reactorsOf(db: Kysely<Database>, messageId: number, emoji: string, limit: number) {
  return db
    .selectFrom('reactions')
    .select('user_id')
    .where('message_id', '=', messageId)
    .where('emoji', '=', emoji)
    .orderBy('created_at')
    .orderBy('user_id')
    .limit(limit);
}

export function reactionCount(db: Kysely<Database>, messageId: number, emoji: string) {
  return db
    .selectFrom('reactions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('message_id', '=', messageId)
    .where('emoji', '=', emoji);
}

type CountRow = { message_id: number; emoji: string; count: number | string; first_at: number | string };
type ReactorRow = { message_id: number; emoji: string; user_id: number };

/** The rows of {@link reactionCounts} and {@link firstReactors} as summaries by message id, earliest-used emoji first. */
export function reactionSummaries(counts: readonly CountRow[], reactors: readonly ReactorRow[]): Map<number, ReactionSummary[]> {
  const users = new Map<string, number[]>();
  for (const row of reactors) {
    const key = `${row.message_id}:${row.emoji}`;
    const list = users.get(key) ?? [];
    list.push(row.user_id);
    users.set(key, list);
  }
  const sorted = [...counts].sort((a, b) => Number(a.first_at) - Number(b.first_at) || (a.emoji < b.emoji ? -1 : 1));
  const byMessage = new Map<number, ReactionSummary[]>();
  for (const row of sorted) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push({ emoji: row.emoji, count: Number(row.count), userIds: users.get(`${row.message_id}:${row.emoji}`) ?? [] });
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** The messages, each with its reactions if it has any (a tombstone shows none). */
export function withReactions(messages: Message[], byMessage: Map<number, ReactionSummary[]>): Message[] {
  if (byMessage.size === 0) return messages;
  return messages.map((message) => {
    const reactions = message.deleted ? undefined : byMessage.get(message.id);
    return reactions === undefined ? message : { ...message, reactions };
  });
}

/** The rows of {@link reactionsOfUser} by message id. */
export function emojiByMessage(rows: readonly { message_id: number; emoji: string }[]): Map<number, string[]> {
  const mine = new Map<number, string[]>();
  for (const row of rows) mine.set(row.message_id, [...(mine.get(row.message_id) ?? []), row.emoji]);
  return mine;
}
