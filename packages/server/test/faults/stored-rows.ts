// What a database file really holds, read through a connection of the test's own: the messages, each room's last
// seq, and SQLite's integrity check.

import BetterSqlite3 from 'better-sqlite3';
import { readInt, readText } from '../support/database.js';

/** One stored message, as the suites compare it with the ledger. */
export interface StoredRow {
  roomId: number;
  seq: number;
  senderId: number;
  clientMsgId: string;
  text: string;
}

/** A text column that must not be null (the fault tests always send a clientMsgId). */
function text(row: unknown, column: string): string {
  const value = readText(row, column);
  if (value === null) throw new Error(`Column ${column} is null`);
  return value;
}

/** Every message in room and seq order, and each room's `last_seq`; a running server may keep writing meanwhile. */
export function readDatabase(path: string): { messages: StoredRow[]; lastSeqs: Map<number, number> } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const messages = db
      .prepare('select room_id, seq, sender_id, client_msg_id, text from messages order by room_id, seq')
      .all()
      .map((row) => ({
        roomId: readInt(row, 'room_id'),
        seq: readInt(row, 'seq'),
        senderId: readInt(row, 'sender_id'),
        clientMsgId: text(row, 'client_msg_id'),
        text: text(row, 'text'),
      }));
    const lastSeqs = new Map<number, number>();
    for (const row of db.prepare('select id, last_seq from rooms').all()) lastSeqs.set(readInt(row, 'id'), readInt(row, 'last_seq'));
    return { messages, lastSeqs };
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` on a database file: `['ok']` when sound. */
export function integrityCheck(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('pragma integrity_check').all().map((row) => text(row, 'integrity_check'));
  } finally {
    db.close();
  }
}
