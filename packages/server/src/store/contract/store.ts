// The storage contract the chat core and the HTTP API talk to: one store per entity, composed. SQLite and PostgreSQL implement it.

import type { ApiKeyStore } from './api-key-store.js';
import type { AttachmentStore } from './attachment-store.js';
import type { ChatViewStore } from './chat-view-store.js';
import type { EmailStore } from './email-store.js';
import type { MessageStore } from './message-store.js';
import type { ReceiptStore } from './receipt-store.js';
import type { ModerationStore } from './moderation-store.js';
import type { RoomStore } from './room-store.js';
import type { SearchStore } from './search-store.js';
import type { StatsStore } from './stats-store.js';
import type { TokenStore } from './token-store.js';
import type { UserStore } from './user-store.js';
import type { WebhookStore } from './webhook-store.js';

export type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
export type { AttachmentRecord, AttachmentStore, NewAttachment } from './attachment-store.js';
export type { ChatViewStore } from './chat-view-store.js';
export type {
  DigestCandidate,
  DigestCoverage,
  DigestMessage,
  DigestRange,
  DigestRoom,
  DueMail,
  EmailStore,
  LinkPurpose,
  MailKind,
  NewLink,
  NewMail,
  UsedLink,
} from './email-store.js';
export type {
  AppendResult,
  HistoryPage,
  HistoryQuery,
  MessageStore,
  QueuedMessage,
  ReactionChange,
  ReactionResult,
  Reactors,
  ReadMarker,
} from './message-store.js';
export type { DirectRoom, RoomRecord, RoomStore } from './room-store.js';
export type { ReceiptStore } from './receipt-store.js';
export type { ModerationActionRecord, ModerationStore, NewModerationAction, NewReport, ReportRecord } from './moderation-store.js';
export type { SearchQuery, SearchStore } from './search-store.js';
export type { BucketRange, SeriesCounts, StatsStore } from './stats-store.js';
export type { TokenRecord, TokenStore } from './token-store.js';
export type { HostIdentity, HostProfile, NewHostUser, NewUser, ProfilePatch, UserRecord, UserStore } from './user-store.js';
export type { AttemptResult, DueDelivery, NewWebhookEndpoint, WebhookStore, WebhookTarget } from './webhook-store.js';

/**
 * Whether the store is storing writes: `ok`; `full` while its disk has no room (writes are refused with a retryable
 * `unavailable` and resume by themselves once there is room); `failed` once a write could not be made durable
 * (every later write is refused until the server restarts).
 */
export type WriteState = 'ok' | 'full' | 'failed';

/**
 * Everything iChat stores, one field per entity, all on one database: a write through one entity's store is seen at
 * once by the others (a message moves its room in the chat list). Methods are async so that a networked database can
 * implement the same interface; the SQLite implementation answers synchronously inside. Every write resolves only once
 * it is durable: callers acknowledge what has resolved.
 */
export interface Store {
  readonly users: UserStore;
  readonly tokens: TokenStore;
  /** Rooms and their memberships. */
  readonly rooms: RoomStore;
  /** Messages and read markers. */
  readonly messages: MessageStore;
  /** Who shares read receipts, and the markers others may see. */
  readonly receipts: ReceiptStore;
  /** Full-text search over messages. */
  readonly search: SearchStore;
  /** Rooms as each member sees them: the chat list. */
  readonly chats: ChatViewStore;
  readonly stats: StatsStore;
  /** The server API's keys. */
  readonly apiKeys: ApiKeyStore;
  /** Webhook endpoints, and the deliveries the other entities write in their transactions. */
  readonly webhooks: WebhookStore;
  /** Link tokens, missed-message bookkeeping and the mail outbox. */
  readonly email: EmailStore;
  /** Blocks, reports and the moderation log. */
  readonly moderation: ModerationStore;
  /** Uploads and the messages that carry them (the files themselves are in the attachment storage). */
  readonly attachments: AttachmentStore;

  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /** A cheap query that proves the database answers. */
  ping(): Promise<boolean>;
  /** Whether writes are being stored; see {@link WriteState}. */
  writes(): Promise<WriteState>;
  close(): Promise<void>;
  /** Writes a consistent copy of the database to `file`, safe while the server runs. */
  backup(file: string): Promise<void>;
}
