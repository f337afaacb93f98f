// E-mail over SQLite: link tokens, missed-message coverage and the mail outbox, each write in one transaction.

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
import type { SqliteConnection } from './connection.js';

export class SqliteEmailStore implements EmailStore {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  issueLink(link: NewLink, mail: NewMail, now: number): Promise<void> {
    const { db, q } = this.#c;
    q.transaction(() => {
      q.run(db.deleteFrom('email_tokens').where('user_id', '=', link.userId).where('purpose', '=', link.purpose));
      q.run(
        db.insertInto('email_tokens').values({
          token_hash: link.tokenHash,
          user_id: link.userId,
          purpose: link.purpose,
          email: link.email,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
        }),
      );
      this.#enqueue(mail, now);
    });
    return this.#c.durable(undefined);
  }

  verify(tokenHash: string, now: number): Promise<UsedLink | undefined> {
    const { db, q } = this.#c;
    const used = q.transaction(() => {
      const link = this.#spend(tokenHash, 'verify', now);
      if (link === undefined) return undefined;
      const changed = q.run(
        db
          .updateTable('users')
          .set((eb) => ({ email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(now)) }))
          .where('id', '=', link.userId)
          .where('email', '=', link.email),
      );
      return changed.changes > 0 ? link : undefined;
    });
    return this.#c.durable(used);
  }

  resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<{ userId: number; revoked: string[] } | undefined> {
    const { db, q } = this.#c;
    const reset = q.transaction(() => {
      const link = this.#spend(tokenHash, 'reset', now);
      if (link === undefined) return undefined;
      const changed = q.run(
        db
          .updateTable('users')
          .set((eb) => ({ password_hash: passwordHash, email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(now)) }))
          .where('id', '=', link.userId)
          // A reset link sent before the address changed must not set the password of whoever holds the account now.
          .where('email', '=', link.email),
      );
      if (changed.changes === 0) return undefined;
      q.run(db.deleteFrom('email_tokens').where('user_id', '=', link.userId).where('purpose', '=', 'reset'));
      const revoked = q.all(db.deleteFrom('tokens').where('user_id', '=', link.userId).returning('token_hash'));
      return { userId: link.userId, revoked: revoked.map((row) => row.token_hash) };
    });
    return this.#c.durable(reset);
  }

  setNotifications(userId: number, on: boolean): Promise<boolean> {
    const { q, db } = this.#c;
    const found = q.transaction(() => {
      if (q.run(switchNotifications(db, userId, on)).changes > 0) {
        if (on) q.run(skipMissedWhileOff(db, userId));
        return true;
      }
      return q.first(db.selectFrom('users').select('id').where('id', '=', userId)) !== undefined;
    });
    return this.#c.durable(found);
  }

  digestCandidates(arrivedBy: number, hostUsers: boolean, limit: number): Promise<DigestCandidate[]> {
    return Promise.resolve(toCandidates(this.#c.q.all(digestCandidateRows(this.#c.db, 'max', hostUsers, limit)), arrivedBy));
  }

  digestRooms(userId: number, rooms: readonly DigestRange[], perRoom: number): Promise<DigestRoom[]> {
    const { db, q } = this.#c;
    const result: DigestRoom[] = [];
    for (const range of rooms) {
      const { roomId } = range;
      const unreadOf = unreadForDigest(db, userId, range);
      const count = q.first(unreadOf.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      const rows = q.all(
        unreadOf
          .innerJoin('users as s', 's.id', 'x.sender_id')
          .select(['x.seq', 'x.text', 'x.created_at', 's.username', 's.display_name'])
          .orderBy('x.seq', 'desc')
          .limit(perRoom),
      );
      result.push({
        roomId,
        title: this.#roomTitle(roomId, userId),
        unread: count,
        mentioned: Number(q.first(mentionsInDigest(db, userId, range))?.n ?? 0),
        messages: rows.reverse().map((row) => ({
          seq: row.seq,
          sender: row.display_name ?? row.username,
          text: row.text,
          createdAt: row.created_at,
        })),
      });
    }
    return Promise.resolve(result);
  }

  recordDigest(userId: number, covered: readonly DigestCoverage[], mail: NewMail | undefined, now: number): Promise<void> {
    const { db, q } = this.#c;
    q.transaction(() => {
      for (const { roomId, seq } of covered) {
        q.run(
          db
            .updateTable('memberships')
            .set({ emailed_seq: seq })
            .where('room_id', '=', roomId)
            .where('user_id', '=', userId)
            .where('emailed_seq', '<', seq),
        );
      }
      if (mail !== undefined) this.#enqueue(mail, now);
    });
    return this.#c.durable(undefined);
  }

  due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueMail[]> {
    return Promise.resolve(this.#c.q.all(dueMail(this.#c.db, now, limit, skip)).map(toDueMail));
  }

  sent(id: number, now: number): Promise<void> {
    this.#c.q.run(markSent(this.#c.db, id, now));
    return this.#c.durable(undefined);
  }

  attemptFailed(id: number, error: string, now: number, nextAttemptAt: number | undefined): Promise<void> {
    this.#c.q.run(markMailFailed(this.#c.db, id, error, now, nextAttemptAt));
    return this.#c.durable(undefined);
  }

  prune(before: number): Promise<number> {
    const result = this.#c.q.run(this.#c.db.deleteFrom('email_outbox').where('finished_at', '<', before));
    return this.#c.durable(Number(result.changes));
  }

  pendingCount(): Promise<number> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('email_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending'),
    );
    return Promise.resolve(row?.n ?? 0);
  }

  /** Spends a link token: deleted whatever happens next, and its link answered only while it was live. */
  #spend(tokenHash: string, purpose: 'verify' | 'reset', now: number): UsedLink | undefined {
    const { db, q } = this.#c;
    const row = q.first(
      db.deleteFrom('email_tokens').where('token_hash', '=', tokenHash).where('purpose', '=', purpose).returningAll(),
    );
    if (row === undefined || row.expires_at <= now) return undefined;
    return { userId: row.user_id, email: row.email };
  }

  #enqueue(mail: NewMail, now: number): void {
    const kind: MailKind = mail.kind;
    const row = this.#c.q.run(
      this.#c.db.insertInto('email_outbox').values({
        kind,
        user_id: mail.userId,
        to_address: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        headers: JSON.stringify(mail.headers),
        created_at: now,
        next_attempt_at: now,
      }),
    );
    if (row.changes !== 1) throw new IChatError('internal', 'E-mail was not queued');
  }

  /** A room as the member sees it in an e-mail: a group's name, or the other person of a direct chat. */
  #roomTitle(roomId: number, userId: number): string {
    const { db, q } = this.#c;
    const room = q.first(db.selectFrom('rooms').select(['kind', 'name']).where('id', '=', roomId));
    if (room === undefined) return 'A chat';
    if (room.kind === 'group') return room.name ?? 'A group';
    const other = q.first(
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.username', 'u.display_name'])
        .where('m.room_id', '=', roomId)
        .where('m.user_id', '!=', userId),
    );
    return other === undefined ? 'A direct chat' : (other.display_name ?? other.username);
  }
}
