// The storage interface the chat core and the HTTP API talk to. SQLite is its first implementation.

import type { Chat, Message } from '@ichat/sdk/protocol';

/** A user row, with what only the server may see. */
export interface UserRecord {
  id: number;
  email: string;
  username: string;
  passwordHash: string;
  isAdmin: boolean;
  createdAt: number;
}

/**
 * A message waiting for the next group commit: what the sender gave, before the store assigns its id and seq. (Not the
 * SDK outbox's `PendingMessage`, which is the client's copy of an unacknowledged send.)
 */
export interface QueuedMessage {
  roomId: number;
  senderId: number;
  clientMsgId: string;
  text: string;
  createdAt: number;
}

/** The outcome of one queued message: stored now, or found stored by an earlier send with the same id. */
export interface AppendResult {
  message: Message;
  duplicate: boolean;
}

/** A page of history. */
export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}

/** Which page of history: newest before a seq, or oldest after one. */
export type HistoryQuery = { before?: number; after?: number; limit: number };

/** A room's bare facts, for authorization and fan-out. */
export interface RoomRecord {
  id: number;
  kind: 'direct' | 'group';
  name: string | null;
  ownerId: number;
  lastSeq: number;
}

/** A token's owner and expiry. */
export interface TokenRecord {
  userId: number;
  expiresAt: number;
}

/**
 * Everything iChat stores. Methods are async so that a networked database can implement the same interface;
 * the SQLite implementation answers synchronously inside.
 */
export interface Store {
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /** A cheap query that proves the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Writes a consistent copy of the database to `file`, safe while the server runs. */
  backup(file: string): Promise<void>;

  /** @throws {IChatError} `email_taken` or `username_taken`. */
  createUser(user: Omit<UserRecord, 'id' | 'isAdmin'>): Promise<UserRecord>;
  findUserById(id: number): Promise<UserRecord | undefined>;
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  /** Finds a user by e-mail (when `login` has an @) or username, both lower-cased already. */
  findUserByLogin(login: string): Promise<UserRecord | undefined>;
  /** Returns false when no user has that e-mail. */
  setAdmin(email: string, isAdmin: boolean): Promise<boolean>;

  createToken(tokenHash: string, record: TokenRecord & { createdAt: number }): Promise<void>;
  findToken(tokenHash: string): Promise<TokenRecord | undefined>;
  deleteToken(tokenHash: string): Promise<void>;

  /** The one direct room of a pair, created if needed; `created` tells whether this call made it. */
  openDirectRoom(userA: number, userB: number, now: number): Promise<{ roomId: number; created: boolean }>;
  createGroupRoom(ownerId: number, name: string, memberIds: number[], now: number): Promise<number>;
  /** Adds members; returns the ids that were not members before. */
  addMembers(roomId: number, userIds: number[], now: number): Promise<number[]>;
  /** Returns false when the user was not a member. */
  removeMember(roomId: number, userId: number): Promise<boolean>;
  renameRoom(roomId: number, name: string, now: number): Promise<void>;
  setOwner(roomId: number, userId: number): Promise<void>;
  findRoom(roomId: number): Promise<RoomRecord | undefined>;
  memberIds(roomId: number): Promise<number[]>;
  roomIdsOf(userId: number): Promise<number[]>;
  /** Everyone who shares at least one room with the user, not counting the user. */
  contactIdsOf(userId: number): Promise<number[]>;
  /** The user's chat list, newest activity first. */
  chatsOf(userId: number): Promise<Chat[]>;
  /** One room as the user sees it, or undefined when they are not a member. */
  chatOf(roomId: number, userId: number): Promise<Chat | undefined>;
  /** One room as each of these users sees it, in a fixed number of queries; users who are not members are left out. */
  chatViews(roomId: number, userIds: readonly number[]): Promise<Map<number, Chat>>;

  /** Stores a batch in one transaction, assigning each room's next seqs in order. Idempotent per clientMsgId. */
  appendMessages(batch: readonly QueuedMessage[]): Promise<AppendResult[]>;
  findMessage(roomId: number, seq: number): Promise<Message | undefined>;
  editMessage(roomId: number, seq: number, text: string, now: number): Promise<Message>;
  /** Leaves a tombstone: the row stays with its seq, its text is erased. */
  deleteMessage(roomId: number, seq: number, now: number): Promise<Message>;
  history(roomId: number, query: HistoryQuery): Promise<HistoryPage>;
  /** Moves the user's read marker forward (never back, never past the last message) and returns it with the unread count. */
  markRead(roomId: number, userId: number, seq: number): Promise<{ readSeq: number; unread: number }>;
}
