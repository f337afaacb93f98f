// Every table the migrations create that holds data, in an order that copies each row after the rows it refers to.

/** A table to copy: how its rows are told apart and ordered, and whether PostgreSQL numbers its rows. */
export interface CopiedTable {
  readonly name: string;
  /**
   * The primary key, in the order both databases compare rows in. Text keys are compared bytewise (SQLite's BINARY,
   * PostgreSQL's "C" collation), so both sides list rows in the same order.
   */
  readonly key: readonly { readonly column: string; readonly text: boolean }[];
  /** Has an identity column `id`, whose sequence must be moved past the copied ids. */
  readonly identity: boolean;
}

const byId = (name: string): CopiedTable => ({ name, key: [{ column: 'id', text: false }], identity: true });
const byText = (name: string, ...columns: string[]): CopiedTable => ({
  name,
  key: columns.map((column) => ({ column, text: true })),
  identity: false,
});
const byIds = (name: string, ...columns: string[]): CopiedTable => ({
  name,
  key: columns.map((column) => ({ column, text: false })),
  identity: false,
});

/**
 * Migrations 001 to 011. Left out: `kysely_migration` (the target runs its own migrations), SQLite's search index
 * `messages_fts` and its progress mark `search_progress` (PostgreSQL's `messages.search` column is written from each
 * message's text instead) and `sqlite_sequence` (read to move the identity sequences).
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  byId('users'),
  byText('host_identities', 'issuer', 'subject'),
  byText('tokens', 'token_hash'),
  byText('email_tokens', 'token_hash'),
  byText('api_keys', 'name'),
  byId('rooms'),
  byIds('memberships', 'room_id', 'user_id'),
  byId('messages'),
  byId('attachments'),
  byId('webhook_endpoints'),
  byId('webhook_deliveries'),
  byId('email_outbox'),
  byIds('blocks', 'blocker_id', 'blocked_id'),
  byId('reports'),
  byId('moderation_actions'),
];
