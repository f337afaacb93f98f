// Accounts over PostgreSQL: the unique constraints on e-mail and username decide registration races, across nodes too.

import { IChatError } from '@ichat/protocol';
import type { Selectable } from 'kysely';
import type { HostIdentity, HostProfile, NewHostUser, NewUser, ProfilePatch, UserRecord, UserStore } from '../contract/user-store.js';
import { placeholderEmail, toUser, type UserRow } from '../sqlite/user-row.js';
import type { UsersTable } from '../sqlite/schema.js';
import type { PostgresConnection } from './connection.js';
import type { Db } from './message-columns.js';
import { isUniqueViolation } from './storage-errors.js';
import type { PostgresWebhookOutbox } from './webhook-outbox.js';

function takenError(error: unknown): unknown {
  if (isUniqueViolation(error, 'users_email_key')) {
    return new IChatError('email_taken', 'An account with this e-mail already exists', { field: 'email' });
  }
  if (isUniqueViolation(error, 'users_username_key')) return new IChatError('username_taken', 'This username is taken', { field: 'username' });
  return error;
}

function withoutHost(row: Selectable<UsersTable>): UserRow {
  return { ...row, host_issuer: null, host_subject: null, host_email: null };
}

export class PostgresUserStore implements UserStore {
  readonly #c: PostgresConnection;
  readonly #outbox: PostgresWebhookOutbox;

  constructor(connection: PostgresConnection, outbox: PostgresWebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
  }

  /** Users with their host identity's columns, for a where clause to narrow. */
  #users(db: Db) {
    return db
      .selectFrom('users as u')
      .leftJoin('host_identities as h', 'h.user_id', 'u.id')
      .selectAll('u')
      .select(['h.issuer as host_issuer', 'h.subject as host_subject', 'h.email as host_email']);
  }

  async #byId(db: Db, id: number): Promise<UserRecord | undefined> {
    const row = await this.#users(db).where('u.id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async create(user: NewUser): Promise<UserRecord> {
    try {
      return await this.#c.transaction(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({ email: user.email, username: user.username, password_hash: user.passwordHash, created_at: user.createdAt })
          .returningAll()
          .executeTakeFirstOrThrow();
        const record = toUser(withoutHost(row));
        await this.#recordCreated(trx, record);
        return record;
      });
    } catch (error) {
      throw takenError(error);
    }
  }

  findById(id: number): Promise<UserRecord | undefined> {
    return this.#c.read((db) => this.#byId(db, id));
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.#c.read((db) => this.#users(db).where('u.email', '=', email).executeTakeFirst());
    return row === undefined ? undefined : toUser(row);
  }

  async findByLogin(login: string): Promise<UserRecord | undefined> {
    const column = login.includes('@') ? 'u.email' : 'u.username';
    const row = await this.#c.read((db) => this.#users(db).where(column, '=', login).executeTakeFirst());
    return row === undefined ? undefined : toUser(row);
  }

  async setAdmin(email: string, isAdmin: boolean): Promise<boolean> {
    const result = await this.#c.write((db) =>
      db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('email', '=', email).executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  findByHostIdentity(identity: HostIdentity): Promise<UserRecord | undefined> {
    return this.#c.read((db) => this.#byHostIdentity(db, identity));
  }

  async #byHostIdentity(db: Db, identity: HostIdentity): Promise<UserRecord | undefined> {
    const row = await this.#users(db).where('h.issuer', '=', identity.issuer).where('h.subject', '=', identity.subject).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async createHostUser(user: NewHostUser): Promise<{ user: UserRecord; created: boolean }> {
    try {
      // One transaction: a user row without its link would be an account nobody can ever sign in to. Two nodes signing
      // in the same new identity at once both insert; the identity's primary key fails the later one, which then
      // finds the user the other made.
      return await this.#c.transaction(async (trx) => {
        const linked = await this.#byHostIdentity(trx, user);
        if (linked !== undefined) return { user: linked, created: false };
        const row = await trx
          .insertInto('users')
          .values({
            email: placeholderEmail(user),
            username: user.username,
            password_hash: '',
            created_at: user.createdAt,
            display_name: user.displayName,
            avatar_url: user.avatarUrl,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('host_identities')
          .values({ issuer: user.issuer, subject: user.subject, user_id: row.id, email: user.email, created_at: user.createdAt })
          .execute();
        const created = await this.#byId(trx, row.id);
        if (created === undefined) throw new IChatError('internal', 'User was not stored');
        await this.#recordCreated(trx, created);
        return { user: created, created: true };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key') || isUniqueViolation(error, 'host_identities_pk')) {
        const linked = await this.findByHostIdentity(user);
        if (linked !== undefined) return { user: linked, created: false };
      }
      throw takenError(error);
    }
  }

  async updateProfile(id: number, patch: ProfilePatch): Promise<UserRecord | undefined> {
    const changes: { display_name?: string | null; avatar_url?: string | null; profile_data?: string | null } = {};
    if (patch.displayName !== undefined) changes.display_name = patch.displayName;
    if (patch.avatarUrl !== undefined) changes.avatar_url = patch.avatarUrl;
    if (patch.data !== undefined) changes.profile_data = Object.keys(patch.data).length === 0 ? null : JSON.stringify(patch.data);
    return this.#c.transaction(async (trx) => {
      if (Object.keys(changes).length > 0) await trx.updateTable('users').set(changes).where('id', '=', id).execute();
      return this.#byId(trx, id);
    });
  }

  updateHostProfile(id: number, profile: HostProfile): Promise<UserRecord | undefined> {
    return this.#c.transaction(async (trx) => {
      const link = await trx.updateTable('host_identities').set({ email: profile.email }).where('user_id', '=', id).executeTakeFirst();
      if (link.numUpdatedRows === 0n) return undefined;
      await trx
        .updateTable('users')
        .set({ display_name: profile.displayName, avatar_url: profile.avatarUrl })
        .where('id', '=', id)
        .execute();
      return this.#byId(trx, id);
    });
  }

  async setBanned(id: number, at: number | null): Promise<UserRecord | undefined> {
    await this.#c.write((db) => db.updateTable('users').set({ banned_at: at }).where('id', '=', id).execute());
    return this.findById(id);
  }

  /** Records `user.created` for webhooks, inside the transaction that created the user. */
  #recordCreated(trx: Db, user: UserRecord): Promise<void> {
    const host = user.host === null ? null : { issuer: user.host.issuer, subject: user.host.subject };
    return this.#outbox.record(
      trx,
      'user.created',
      null,
      { user: { id: user.id, username: user.username, displayName: user.displayName, createdAt: user.createdAt, host } },
      user.createdAt,
    );
  }
}
