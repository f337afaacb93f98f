// Accounts over SQLite: the unique indexes on e-mail and username decide registration races; host site users are
// linked to their (issuer, subject) in host_identities.

import { IChatError } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { HostIdentity, HostProfile, NewHostUser, NewUser, ProfilePatch, UserRecord, UserStore } from '../contract/user-store.js';
import type { SqliteConnection } from './connection.js';
import { placeholderEmail, toUser, type UserRow } from './user-row.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** Reads SQLite's error for a broken unique index (its code and message are SQLite's own). */
function isUniqueViolation(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    (Reflect.get(error, 'code') === 'SQLITE_CONSTRAINT_UNIQUE' || Reflect.get(error, 'code') === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    error.message.includes(column)
  );
}

const USER_COLUMNS = 'u.*, h.issuer as host_issuer, h.subject as host_subject, h.email as host_email';

export class SqliteUserStore implements UserStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: a better-sqlite3 statement prepared once, because every socket's `auth` runs it.
  readonly #findById: () => BetterSqlite3.Statement<[number], UserRow>;
  readonly #outbox: WebhookOutbox;

  constructor(connection: SqliteConnection, outbox: WebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
    this.#findById = connection.preparedOnFirstUse((raw) =>
      raw.prepare(`select ${USER_COLUMNS} from users u left join host_identities h on h.user_id = u.id where u.id = ?`),
    );
  }

  /** Users with their host identity's columns, for a where clause to narrow. */
  #users() {
    return this.#c.db
      .selectFrom('users as u')
      .leftJoin('host_identities as h', 'h.user_id', 'u.id')
      .selectAll('u')
      .select(['h.issuer as host_issuer', 'h.subject as host_subject', 'h.email as host_email']);
  }

  #byId(id: number): UserRecord | undefined {
    const row = this.#findById().get(id);
    return row === undefined ? undefined : toUser(row);
  }

  create(user: NewUser): Promise<UserRecord> {
    try {
      const created = this.#c.q.transaction(() => {
        const row = this.#c.q.first(
          this.#c.db
            .insertInto('users')
            .values({
              email: user.email,
              username: user.username,
              password_hash: user.passwordHash,
              created_at: user.createdAt,
            })
            .returningAll(),
        );
        if (row === undefined) throw new IChatError('internal', 'User was not stored');
        const record = toUser({ ...row, host_issuer: null, host_subject: null, host_email: null });
        this.#recordCreated(record);
        return record;
      });
      return this.#c.durable(created);
    } catch (error) {
      if (isUniqueViolation(error, 'users.email')) {
        throw new IChatError('email_taken', 'An account with this e-mail already exists', { field: 'email' });
      }
      if (isUniqueViolation(error, 'users.username')) {
        throw new IChatError('username_taken', 'This username is taken', { field: 'username' });
      }
      throw error;
    }
  }

  findById(id: number): Promise<UserRecord | undefined> {
    return Promise.resolve(this.#byId(id));
  }

  findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = this.#c.q.first(this.#users().where('u.email', '=', email));
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  findByLogin(login: string): Promise<UserRecord | undefined> {
    const column = login.includes('@') ? 'u.email' : 'u.username';
    const row = this.#c.q.first(this.#users().where(column, '=', login));
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  setAdmin(email: string, isAdmin: boolean): Promise<boolean> {
    const result = this.#c.q.run(
      this.#c.db
        .updateTable('users')
        .set({ is_admin: isAdmin ? 1 : 0 })
        .where('email', '=', email),
    );
    return this.#c.durable(result.changes > 0);
  }

  findByHostIdentity(identity: HostIdentity): Promise<UserRecord | undefined> {
    return Promise.resolve(this.#byHostIdentity(identity));
  }

  #byHostIdentity(identity: HostIdentity): UserRecord | undefined {
    const row = this.#c.q.first(
      this.#users().where('h.issuer', '=', identity.issuer).where('h.subject', '=', identity.subject),
    );
    return row === undefined ? undefined : toUser(row);
  }

  createHostUser(user: NewHostUser): Promise<{ user: UserRecord; created: boolean }> {
    let stored: { user: UserRecord | undefined; created: boolean };
    try {
      // One transaction: a user row without its link would be an account nobody can ever sign in to.
      stored = this.#c.q.transaction(() => {
        const linked = this.#byHostIdentity(user);
        if (linked !== undefined) return { user: linked, created: false };
        const row = this.#c.q.first(
          this.#c.db
            .insertInto('users')
            .values({
              email: placeholderEmail(user),
              username: user.username,
              password_hash: '',
              created_at: user.createdAt,
              display_name: user.displayName,
              avatar_url: user.avatarUrl,
            })
            .returning('id'),
        );
        if (row === undefined) throw new IChatError('internal', 'User was not stored');
        this.#c.q.run(
          this.#c.db.insertInto('host_identities').values({
            issuer: user.issuer,
            subject: user.subject,
            user_id: row.id,
            email: user.email,
            created_at: user.createdAt,
          }),
        );
        const created = this.#byId(row.id);
        if (created !== undefined) this.#recordCreated(created);
        return { user: created, created: true };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users.username')) {
        throw new IChatError('username_taken', 'This username is taken', { field: 'username' });
      }
      throw error;
    }
    const { user: created, created: isNew } = stored;
    if (created === undefined) throw new IChatError('internal', 'User was not stored');
    return this.#c.durable({ user: created, created: isNew });
  }

  updateProfile(id: number, patch: ProfilePatch): Promise<UserRecord | undefined> {
    const changes: { display_name?: string | null; avatar_url?: string | null; profile_data?: string | null } = {};
    if (patch.displayName !== undefined) changes.display_name = patch.displayName;
    if (patch.avatarUrl !== undefined) changes.avatar_url = patch.avatarUrl;
    if (patch.data !== undefined) changes.profile_data = Object.keys(patch.data).length === 0 ? null : JSON.stringify(patch.data);
    const updated = this.#c.q.transaction(() => {
      if (Object.keys(changes).length > 0) this.#c.q.run(this.#c.db.updateTable('users').set(changes).where('id', '=', id));
      return this.#byId(id);
    });
    return this.#c.durable(updated);
  }

  updateHostProfile(id: number, profile: HostProfile): Promise<UserRecord | undefined> {
    const updated = this.#c.q.transaction(() => {
      const link = this.#c.q.run(this.#c.db.updateTable('host_identities').set({ email: profile.email }).where('user_id', '=', id));
      if (link.changes === 0) return undefined;
      this.#c.q.run(
        this.#c.db
          .updateTable('users')
          .set({ display_name: profile.displayName, avatar_url: profile.avatarUrl })
          .where('id', '=', id),
      );
      return this.#byId(id);
    });
    return this.#c.durable(updated);
  }

  setBanned(id: number, at: number | null): Promise<UserRecord | undefined> {
    this.#c.q.run(this.#c.db.updateTable('users').set({ banned_at: at }).where('id', '=', id));
    return this.#c.durable(this.#byId(id));
  }

  /** Records `user.created` for webhooks; call it inside the transaction that created the user. */
  #recordCreated(user: UserRecord): void {
    const host = user.host === null ? null : { issuer: user.host.issuer, subject: user.host.subject };
    this.#outbox.record(
      'user.created',
      null,
      { user: { id: user.id, username: user.username, displayName: user.displayName, createdAt: user.createdAt, host } },
      user.createdAt,
    );
  }
}
