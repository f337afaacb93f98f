// A second, read-only connection to a test server's SQLite file: what is really stored, seen from outside the server.

import BetterSqlite3 from 'better-sqlite3';

/** One stored message row, in the columns the suites assert on. */
export interface StoredMessage {
  id: number;
  roomId: number;
  seq: number;
  /** Null for a system message. */
  senderId: number | null;
  text: string;
  clientMsgId: string | null;
  /** Whether its text was changed after it was sent. */
  edited: boolean;
  deleted: boolean;
}

/** A numeric column of a row from better-sqlite3, whose rows are untyped. */
export function readInt(row: unknown, column: string): number {
  const value: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, column) : undefined;
  if (typeof value !== 'number') throw new Error(`Column ${column} is not a number`);
  return value;
}

function readNullableInt(row: unknown, column: string): number | null {
  const value: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, column) : undefined;
  if (value !== null && typeof value !== 'number') throw new Error(`Column ${column} is not a number`);
  return value;
}

/** A text column (or null) of a row from better-sqlite3. */
export function readText(row: unknown, column: string): string | null {
  const value: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, column) : undefined;
  if (value !== null && typeof value !== 'string') throw new Error(`Column ${column} is not text`);
  return value;
}

export class DatabaseReader {
  readonly #db: BetterSqlite3.Database;

  constructor(path: string) {
    // WAL lets this reader see every committed transaction while the server keeps writing.
    this.#db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  }

  /** A room's messages in seq order. */
  messages(roomId: number): StoredMessage[] {
    return this.#db
      .prepare('select id, room_id, seq, sender_id, text, client_msg_id, edited_at, deleted_at from messages where room_id = ? order by seq')
      .all(roomId)
      .map((row) => ({
        id: readInt(row, 'id'),
        roomId: readInt(row, 'room_id'),
        seq: readInt(row, 'seq'),
        senderId: readNullableInt(row, 'sender_id'),
        text: readText(row, 'text') ?? '',
        clientMsgId: readText(row, 'client_msg_id'),
        edited: readNullableInt(row, 'edited_at') !== null,
        deleted: readNullableInt(row, 'deleted_at') !== null,
      }));
  }

  /** The stored message with this id, if it is committed. */
  messageById(id: number): StoredMessage | undefined {
    const row: unknown = this.#db.prepare('select room_id from messages where id = ?').get(id);
    if (row === undefined) return undefined;
    return this.messages(readInt(row, 'room_id')).find((message) => message.id === id);
  }

  /** Whether a block stands between two users, in either direction. */
  blockedBetween(a: number, b: number): boolean {
    const sql = 'select 1 from blocks where (blocker_id = ? and blocked_id = ?) or (blocker_id = ? and blocked_id = ?)';
    return this.#db.prepare(sql).get(a, b, b, a) !== undefined;
  }

  /** How many rows a table holds. */
  count(table: 'users' | 'tokens' | 'rooms' | 'memberships' | 'messages' | 'webhook_deliveries' | 'email_outbox' | 'reports' | 'blocks' | 'attachments'): number {
    return readInt(this.#db.prepare(`select count(*) as n from ${table}`).get(), 'n');
  }

  close(): void {
    this.#db.close();
  }
}

/** Moves every token's expiry into the past, through a short-lived writable connection, as time passing would. */
export function expireAllTokens(path: string): void {
  const db = new BetterSqlite3(path, { fileMustExist: true });
  try {
    db.prepare('update tokens set expires_at = ?').run(Date.now() - 1);
  } finally {
    db.close();
  }
}

/** Moves every e-mail link's expiry into the past, as time passing would. */
export function expireEmailLinks(path: string): void {
  const db = new BetterSqlite3(path, { fileMustExist: true });
  try {
    db.prepare('update email_tokens set expires_at = ?').run(Date.now() - 1);
  } finally {
    db.close();
  }
}
