// The e-mail store's statements, built once with Kysely for both dialects, and what their rows become.

import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DigestCandidate, DigestRange, DueMail } from '../contract/email-store.js';
import type { Database, EmailOutboxTable, MessagesTable } from '../sqlite/schema.js';

/** The longest error text kept per e-mail: enough for the SMTP server's reply, not a transcript. */
const MAX_ERROR_CHARS = 500;

/**
 * The larger of two columns: SQLite's scalar `max(a, b)`, PostgreSQL's `greatest(a, b)` (its `max` is only the
 * aggregate).
 */
export type LargerOf = 'max' | 'greatest';

function headersOf(column: string): Record<string, string> {
  const parsed: unknown = JSON.parse(column);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Memberships with something unread and not yet covered by a missed-message e-mail, for members who get them. */
export function digestCandidateRows(db: Kysely<Database>, largerOf: LargerOf, hostUsers: boolean, limit: number) {
  const fromSeq = sql<number>`${sql.raw(largerOf)}(m.read_seq, m.emailed_seq)`;
  return db
    .selectFrom('memberships as m')
    .innerJoin('rooms as r', 'r.id', 'm.room_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('host_identities as h', 'h.user_id', 'u.id')
    .select((eb) => [
      'm.user_id',
      'm.room_id',
      'r.last_seq',
      fromSeq.as('from_seq'),
      eb.case().when('h.user_id', 'is', null).then(eb.ref('u.email')).else(eb.ref('h.email')).end().as('address'),
      eb
        .selectFrom('messages as x')
        .select((inner) => inner.fn.min<number>('x.created_at').as('oldest'))
        .whereRef('x.room_id', '=', 'm.room_id')
        .where(sql<boolean>`x.seq > ${fromSeq}`)
        .where('x.sender_id', 'is not', null)
        .whereRef('x.sender_id', '!=', 'm.user_id')
        .where('x.deleted_at', 'is', null)
        .as('oldest_at'),
    ])
    .whereRef('r.last_seq', '>', 'm.read_seq')
    .whereRef('r.last_seq', '>', 'm.emailed_seq')
    .where('u.email_notifications', '=', 1)
    .where('u.banned_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('h.user_id', 'is', null), eb('u.email_verified_at', 'is not', null)]),
        ...(hostUsers ? [eb.and([eb('h.user_id', 'is not', null), eb('h.email', 'is not', null)])] : []),
      ]),
    )
    .orderBy('m.user_id')
    .limit(limit);
}

/** The candidates among the rows: every room of a user who is owed an e-mail at all, since one e-mail tells of all. */
export function toCandidates(
  rows: readonly { user_id: number; room_id: number; last_seq: number; from_seq: number; address: string | null; oldest_at: number | null }[],
  arrivedBy: number,
): DigestCandidate[] {
  const byUser = new Map<number, DigestCandidate[]>();
  for (const row of rows) {
    if (row.oldest_at === null || row.address === null) continue;
    const candidate = { userId: row.user_id, roomId: row.room_id, address: row.address, oldestAt: row.oldest_at, lastSeq: row.last_seq, fromSeq: row.from_seq };
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), candidate]);
  }
  return [...byUser.values()].filter((rooms) => rooms.some((room) => room.oldestAt <= arrivedBy)).flat();
}

/**
 * Others' messages in a room's seq range that a digest tells of: from people (not the system), not deleted; only those
 * that mention the user when the range says so.
 */
export function unreadForDigest(db: Kysely<Database>, userId: number, range: DigestRange) {
  return db
    .selectFrom('messages as x')
    .where('x.room_id', '=', range.roomId)
    .where('x.seq', '>', range.fromSeq)
    .where('x.seq', '<=', range.toSeq)
    .where('x.sender_id', 'is not', null)
    .where('x.sender_id', '!=', userId)
    .where('x.deleted_at', 'is', null)
    .$if(range.mentionsOnly === true, (select) => select.where((eb) => eb.exists(mentionOf(eb, userId))));
}

/** How many of the messages {@link unreadForDigest} reads for `range` mention the user. */
export function mentionsInDigest(db: Kysely<Database>, userId: number, range: DigestRange) {
  return unreadForDigest(db, userId, range)
    .where((eb) => eb.exists(mentionOf(eb, userId)))
    .select((eb) => eb.fn.countAll<number>().as('n'));
}

/** The mention row of the message `x` for the user, if it mentions them. */
function mentionOf(eb: ExpressionBuilder<Database & { x: MessagesTable }, 'x'>, userId: number) {
  return eb.selectFrom('mentions as n').select('n.message_id').whereRef('n.message_id', '=', 'x.id').where('n.user_id', '=', userId);
}

/** Pending e-mails due by `now`, oldest due first, leaving out those in flight. */
export function dueMail(db: Kysely<Database>, now: number, limit: number, skip: ReadonlySet<number>) {
  const select = db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
  return skip.size > 0 ? select.where('id', 'not in', [...skip]) : select;
}

export function toDueMail(row: Selectable<EmailOutboxTable>): DueMail {
  return {
    id: row.id,
    kind: row.kind,
    userId: row.user_id ?? 0,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body ?? '',
    html: row.html_body ?? '',
    headers: headersOf(row.headers),
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

/** Marks an e-mail sent, and forgets its body (a reset mail's holds a live link). */
export function markSent(db: Kysely<Database>, id: number, now: number) {
  return db
    .updateTable('email_outbox')
    .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1), finished_at: now, last_error: null, text_body: null, html_body: null }))
    .where('id', '=', id);
}

/** Records a failed attempt: pending until `nextAttemptAt`, or failed for good (body forgotten) without one. */
export function markMailFailed(db: Kysely<Database>, id: number, error: string, now: number, nextAttemptAt: number | undefined) {
  const last = error.slice(0, MAX_ERROR_CHARS);
  const update = db.updateTable('email_outbox').where('id', '=', id);
  return nextAttemptAt === undefined
    ? update.set((eb) => ({ status: 'failed', attempts: eb('attempts', '+', 1), last_error: last, finished_at: now, text_body: null, html_body: null }))
    : update.set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: last, next_attempt_at: nextAttemptAt }));
}

/** Marks everything in the user's rooms so far as told of by e-mail: what arrived while their e-mail was off. */
export function skipMissedWhileOff(db: Kysely<Database>, userId: number) {
  return db
    .updateTable('memberships')
    .set((eb) => ({ emailed_seq: eb.selectFrom('rooms').select('rooms.last_seq').whereRef('rooms.id', '=', 'memberships.room_id') }))
    .where('user_id', '=', userId);
}

/** Switches the user's e-mails; with `on`, only a user whose e-mails are off (so the caller knows to skip the missed). */
export function switchNotifications(db: Kysely<Database>, userId: number, on: boolean) {
  return db.updateTable('users').set({ email_notifications: on ? 1 : 0 }).where('id', '=', userId).where('email_notifications', '=', on ? 0 : 1);
}
