// Table types for Kysely: the database as the store sees it. Times are ms since the epoch.

import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  username: string;
  password_hash: string;
  is_admin: Generated<number>;
  created_at: number;
  display_name: string | null;
  avatar_url: string | null;
  /** When the user was banned; null when they are not. */
  banned_at: number | null;
  /** The profile's `data` object as JSON text; null means `{}`. */
  profile_data: string | null;
  /** When the login e-mail was proved by a verification link; null until then. */
  email_verified_at: number | null;
  /** 1 while the user gets missed-message e-mails, 0 once they turned them off. */
  email_notifications: Generated<number>;
  /** 1 while the user shares read receipts (and sees others'), 0 once they turned it off. */
  share_receipts: Generated<number>;
}

/** Users of the host site: who they are there, linked to their iChat user. */
export interface HostIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  email: string | null;
  created_at: number;
}

export interface TokensTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface RoomsTable {
  id: Generated<number>;
  kind: 'direct' | 'group';
  name: string | null;
  /** For direct rooms, "lowId:highId": the unique key that makes one room per pair. */
  direct_key: string | null;
  owner_id: number;
  created_at: number;
  last_seq: Generated<number>;
  last_activity_at: number;
  /** Advanced by every edit and deletion of the room's messages. */
  change_seq: Generated<number>;
}

export interface MembershipsTable {
  room_id: number;
  user_id: number;
  joined_at: number;
  read_seq: Generated<number>;
  /** 1 when the member muted the room, else 0. */
  muted: Generated<number>;
  /** The highest seq a missed-message e-mail covered (or skipped, for a muted room). */
  emailed_seq: Generated<number>;
}

export interface MessagesTable {
  id: Generated<number>;
  room_id: number;
  seq: number;
  /** Null for a system message. */
  sender_id: number | null;
  text: string;
  client_msg_id: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  /** The room's change seq at this message's latest change; 0 while never changed. */
  change_seq: Generated<number>;
  /** The seq of the message (in the same room) this one answers; null when it is not a reply. */
  reply_to_seq: Generated<number | null>;
  /** The ids of the members the text mentions, comma-separated in the order first named; null when none. */
  mention_ids: string | null;
}

/** One user's reaction with one emoji to one message. */
export interface ReactionsTable {
  message_id: number;
  emoji: string;
  user_id: number;
  created_at: number;
}

/** Who each live message mentions: the index behind a member's "mentioned" count. */
export interface MentionsTable {
  message_id: number;
  room_id: number;
  user_id: number;
  /** The message's seq. */
  seq: number;
}

/** Uploads; `message_id` is null until a message takes the upload. Keys name files in the attachment storage. */
export interface AttachmentsTable {
  id: Generated<number>;
  uploader_id: number;
  message_id: number | null;
  blob_key: string;
  thumbnail_key: string | null;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  created_at: number;
}

/** The server API's keys, kept only as their SHA-256. */
export interface ApiKeysTable {
  name: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
}

/** A webhook endpoint: where to POST, the key to sign with, which event types (comma-separated). */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  secret: string;
  events: string;
  created_at: number;
}

/** The outbox: one event for one endpoint, and how its latest attempt went. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  webhook_id: string;
  type: string;
  room_id: number | null;
  body: string;
  created_at: number;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_status: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  finished_at: number | null;
}

/** A reset or verification link, kept only as its token's keyed hash. */
export interface EmailTokensTable {
  token_hash: string;
  user_id: number;
  purpose: 'verify' | 'reset';
  email: string;
  created_at: number;
  expires_at: number;
}

/** The mail outbox: one rendered e-mail, and how its latest attempt went. */
export interface EmailOutboxTable {
  id: Generated<number>;
  kind: 'verify' | 'reset' | 'digest';
  user_id: number | null;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  headers: Generated<string>;
  created_at: number;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  finished_at: number | null;
}

/** A block: `blocker_id` blocked `blocked_id`. */
export interface BlocksTable {
  blocker_id: number;
  blocked_id: number;
  created_at: number;
}

/** A report, with the reported message and its context as they were then (JSON of the protocol's Message). */
export interface ReportsTable {
  id: Generated<number>;
  reporter_id: number;
  sender_id: number;
  room_id: number;
  seq: number;
  reason: string;
  note: string;
  message: string;
  context: string;
  created_at: number;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  closed_at: number | null;
  closed_by: string | null;
}

/** The moderation log: one row per administrator's action. */
export interface ModerationActionsTable {
  id: Generated<number>;
  admin_id: number;
  action: string;
  target_id: number | null;
  room_id: number | null;
  seq: number | null;
  report_id: number | null;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  host_identities: HostIdentitiesTable;
  tokens: TokensTable;
  rooms: RoomsTable;
  memberships: MembershipsTable;
  messages: MessagesTable;
  mentions: MentionsTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  email_tokens: EmailTokensTable;
  email_outbox: EmailOutboxTable;
  blocks: BlocksTable;
  reports: ReportsTable;
  moderation_actions: ModerationActionsTable;
  attachments: AttachmentsTable;
  reactions: ReactionsTable;
}
