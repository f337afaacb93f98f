// Accounts over SQLite: the unique indexes on e-mail and username decide registration races.

import { IChatError } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { NewUser, UserRecord, UserStore } from '../contract/user-store.js';
import type { SqliteConnection } from './connection.js';
import type { UsersTable } from './schema.js';

function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

/** Reads SQLite's error for a broken unique index (its code and message are SQLite's own). */
function isUniqueViolation(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    Reflect.get(error, 'code') === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(column)
  );
}

export class SqliteUserStore implements UserStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: a better-sqlite3 statement prepared once, because every socket's `auth` runs it.
  readonly #findById: () => BetterSqlite3.Statement<[number], Selectable<UsersTable>>;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
    this.#findById = connection.preparedOnFirstUse((raw) => raw.prepare('select * from users where id = ?'));
  }

  create(user: NewUser): Promise<UserRecord> {
    try {
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
      return this.#c.durable(toUser(row));
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
    const row = this.#findById().get(id);
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = this.#c.q.first(this.#c.db.selectFrom('users').selectAll().where('email', '=', email));
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  findByLogin(login: string): Promise<UserRecord | undefined> {
    const column = login.includes('@') ? 'email' : 'username';
    const row = this.#c.q.first(this.#c.db.selectFrom('users').selectAll().where(column, '=', login));
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
}
