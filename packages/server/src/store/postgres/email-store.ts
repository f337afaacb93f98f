// E-mail over PostgreSQL: link tokens, missed-message coverage and the mail outbox, each write in one transaction.

import { IChatError } from '@ichat/protocol';
import type {
  DigestCandidate,
  DigestCoverage,
  DigestRange,
  DigestRoom,
  DueMail,
  EmailStore,
  MailKind,
  NewLink,
  NewMail,
  UsedLink,
} from '../contract/email-store.js';
import { digestCandidateRows, dueMail, markMailFailed, markSent, skipMissedWhileOff, switchNotifications, toCandidates, toDueMail, mentionsInDigest, unreadForDigest } from '../queries/email-queries.js';
import type { PostgresConnection } from './connection.js';
import type { Db } from './message-columns.js';

export class PostgresEmailStore implements EmailStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async issueLink(link: NewLink, mail: NewMail, now: number): Promise<void> {
    await this.#c.transaction(async (trx) => {
      await trx.deleteFrom('email_tokens').where('user_id', '=', link.userId).where('purpose', '=', link.purpose).execute();
      await trx
        .insertInto('email_tokens')
        .values({
          token_hash: link.tokenHash,
          user_id: link.userId,
          purpose: link.purpose,
          email: link.email,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
        })
        .execute();
      await enqueue(trx, mail, now);
    });
  }

  verify(tokenHash: string, now: number): Promise<UsedLink | undefined> {
    return this.#c.transaction(async (trx) => {
      const link = await spend(trx, tokenHash, 'verify', now);
      if (link === undefined) return undefined;
      const changed = await trx
        .updateTable('users')
        .set((eb) => ({ email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(now)) }))
        .where('id', '=', link.userId)
        .where('email', '=', link.email)
        .executeTakeFirst();
      return changed.numUpdatedRows > 0n ? link : undefined;
    });
  }

  resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<{ userId: number; revoked: string[] } | undefined> {
    return this.#c.transaction(async (trx) => {
      const link = await spend(trx, tokenHash, 'reset', now);
      if (link === undefined) return undefined;
      const changed = await trx
        .updateTable('users')
        .set((eb) => ({ password_hash: passwordHash, email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(now)) }))
        .where('id', '=', link.userId)
        // A reset link sent before the address changed must not set the password of whoever holds the account now.
        .where('email', '=', link.email)
        .executeTakeFirst();
      if (changed.numUpdatedRows === 0n) return undefined;
      await trx.deleteFrom('email_tokens').where('user_id', '=', link.userId).where('purpose', '=', 'reset').execute();
      const revoked = await trx.deleteFrom('tokens').where('user_id', '=', link.userId).returning('token_hash').execute();
      return { userId: link.userId, revoked: revoked.map((row) => row.token_hash) };
    });
  }

  setNotifications(userId: number, on: boolean): Promise<boolean> {
    return this.#c.transaction(async (trx) => {
      const switched = await switchNotifications(trx, userId, on).executeTakeFirst();
      if (switched.numUpdatedRows > 0n) {
        if (on) await skipMissedWhileOff(trx, userId).execute();
        return true;
      }
      return (await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
    });
  }

  async digestCandidates(arrivedBy: number, hostUsers: boolean, limit: number): Promise<DigestCandidate[]> {
    return toCandidates(await this.#c.read((db) => digestCandidateRows(db, 'greatest', hostUsers, limit).execute()), arrivedBy);
  }

  digestRooms(userId: number, rooms: readonly DigestRange[], perRoom: number): Promise<DigestRoom[]> {
    return this.#c.read(async (db) => {
      const result: DigestRoom[] = [];
      for (const range of rooms) {
        const { roomId } = range;
        const unreadOf = unreadForDigest(db, userId, range);
        const count = (await unreadOf.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0;
        const rows = await unreadOf
          .innerJoin('users as s', 's.id', 'x.sender_id')
          .select(['x.seq', 'x.text', 'x.created_at', 's.username', 's.display_name'])
          .orderBy('x.seq', 'desc')
          .limit(perRoom)
          .execute();
        result.push({
          roomId,
          title: await roomTitle(db, roomId, userId),
          unread: count,
          mentioned: Number((await mentionsInDigest(db, userId, range).executeTakeFirst())?.n ?? 0),
          messages: rows.reverse().map((row) => ({ seq: row.seq, sender: row.display_name ?? row.username, text: row.text, createdAt: row.created_at })),
        });
      }
      return result;
    });
  }

  async recordDigest(userId: number, covered: readonly DigestCoverage[], mail: NewMail | undefined, now: number): Promise<void> {
    await this.#c.transaction(async (trx) => {
      for (const { roomId, seq } of covered) {
        await trx
          .updateTable('memberships')
          .set({ emailed_seq: seq })
          .where('room_id', '=', roomId)
          .where('user_id', '=', userId)
          .where('emailed_seq', '<', seq)
          .execute();
      }
      if (mail !== undefined) await enqueue(trx, mail, now);
    });
  }

  async due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueMail[]> {
    return (await this.#c.read((db) => dueMail(db, now, limit, skip).execute())).map(toDueMail);
  }

  async sent(id: number, now: number): Promise<void> {
    await this.#c.write((db) => markSent(db, id, now).execute());
  }

  async attemptFailed(id: number, error: string, now: number, nextAttemptAt: number | undefined): Promise<void> {
    await this.#c.write((db) => markMailFailed(db, id, error, now, nextAttemptAt).execute());
  }

  async prune(before: number): Promise<number> {
    const result = await this.#c.write((db) => db.deleteFrom('email_outbox').where('finished_at', '<', before).executeTakeFirst());
    return Number(result.numDeletedRows);
  }

  async pendingCount(): Promise<number> {
    const row = await this.#c.read((db) =>
      db.selectFrom('email_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst(),
    );
    return row?.n ?? 0;
  }
}

/** Spends a link token: deleted whatever happens next, and its link answered only while it was live. */
async function spend(trx: Db, tokenHash: string, purpose: 'verify' | 'reset', now: number): Promise<UsedLink | undefined> {
  const row = await trx.deleteFrom('email_tokens').where('token_hash', '=', tokenHash).where('purpose', '=', purpose).returningAll().executeTakeFirst();
  if (row === undefined || row.expires_at <= now) return undefined;
  return { userId: row.user_id, email: row.email };
}

async function enqueue(trx: Db, mail: NewMail, now: number): Promise<void> {
  const kind: MailKind = mail.kind;
  const row = await trx
    .insertInto('email_outbox')
    .values({
      kind,
      user_id: mail.userId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      headers: JSON.stringify(mail.headers),
      created_at: now,
      next_attempt_at: now,
    })
    .executeTakeFirst();
  if (row.numInsertedOrUpdatedRows !== 1n) throw new IChatError('internal', 'E-mail was not queued');
}

/** A room as the member sees it in an e-mail: a group's name, or the other person of a direct chat. */
async function roomTitle(db: Db, roomId: number, userId: number): Promise<string> {
  const room = await db.selectFrom('rooms').select(['kind', 'name']).where('id', '=', roomId).executeTakeFirst();
  if (room === undefined) return 'A chat';
  if (room.kind === 'group') return room.name ?? 'A group';
  const other = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.username', 'u.display_name'])
    .where('m.room_id', '=', roomId)
    .where('m.user_id', '!=', userId)
    .executeTakeFirst();
  return other === undefined ? 'A direct chat' : (other.display_name ?? other.username);
}
