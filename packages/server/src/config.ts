// Server configuration: one table of options, read from flags, then environment, then defaults.

import { IChatError, DEFAULT_REACTIONS, REACTION_SET_MAX, reactionEmojiProblem } from '@ichat/protocol';
import { WORD_LIST_ACTIONS } from './moderation/word-filter.js';
import { brokerPrefixProblem, brokerUrlProblem } from './cluster/broker-url.js';
import { databaseUrlProblem } from './store/database-url.js';

type OptionKind = 'int' | 'string' | 'bool' | 'list';

interface OptionSpec<K extends OptionKind = OptionKind> {
  flag: string;
  env: string;
  kind: K;
  help: string;
}

/** Every option, by config key. The order here is the order of `--help` and of docs/server.md. */
export const OPTIONS = {
  port: { flag: 'port', env: 'PORT', kind: 'int', help: 'TCP port to listen on (0 picks a free one)' },
  host: { flag: 'host', env: 'HOST', kind: 'string', help: 'Address to bind; 0.0.0.0 for every interface' },
  database: {
    flag: 'database',
    env: 'DATABASE_URL',
    kind: 'string',
    help: 'SQLite database (sqlite:///absolute/path, sqlite:///./relative/path or a plain path) or PostgreSQL (postgres://user:password@host:5432/database)',
  },
  brokerUrl: {
    flag: 'broker-url',
    env: 'ICHAT_BROKER_URL',
    kind: 'string',
    help: 'Redis (redis://host:6379) or NATS (nats://host:4222) carrying frames between several nodes; unset for one node',
  },
  brokerPrefix: {
    flag: 'broker-prefix',
    env: 'ICHAT_BROKER_PREFIX',
    kind: 'string',
    help: "Prefix of this installation's broker channels, so several installations can share one broker",
  },
  secret: {
    flag: 'secret',
    env: 'SECRET_KEY',
    kind: 'string',
    help: 'Key that tokens are hashed with, at least 32 characters; required when NODE_ENV=production',
  },
  allowedOrigins: {
    flag: 'allowed-origins',
    env: 'ICHAT_ALLOWED_ORIGINS',
    kind: 'list',
    help: 'Comma-separated origins allowed to call the API and open sockets; unset allows any (with a warning)',
  },
  trustProxy: {
    flag: 'trust-proxy',
    env: 'ICHAT_TRUST_PROXY',
    kind: 'bool',
    help: 'Take the client address from X-Forwarded-For (only behind a reverse proxy you run)',
  },
  maxFrameBytes: {
    flag: 'max-frame-bytes',
    env: 'ICHAT_MAX_FRAME_BYTES',
    kind: 'int',
    help: 'Largest WebSocket frame accepted; larger ones get a frame_too_large error',
  },
  messagesPerSecond: {
    flag: 'messages-per-second',
    env: 'ICHAT_MESSAGES_PER_SECOND',
    kind: 'int',
    help: 'Sustained messages per second per connection (token bucket)',
  },
  messageBurst: {
    flag: 'message-burst',
    env: 'ICHAT_MESSAGE_BURST',
    kind: 'int',
    help: 'Messages a connection may send at once before the rate applies',
  },
  framesPerSecond: {
    flag: 'frames-per-second',
    env: 'ICHAT_FRAMES_PER_SECOND',
    kind: 'int',
    help: 'Sustained frames of any kind per second per connection (burst is twice this)',
  },
  maxConnectionsPerIp: {
    flag: 'max-connections-per-ip',
    env: 'ICHAT_MAX_CONNECTIONS_PER_IP',
    kind: 'int',
    help: 'Open WebSocket connections allowed from one client address',
  },
  maxBackpressureBytes: {
    flag: 'max-backpressure-bytes',
    env: 'ICHAT_MAX_BACKPRESSURE_BYTES',
    kind: 'int',
    help: 'Unsent bytes a socket may queue before it is closed as a slow consumer (4008)',
  },
  commitDelayMs: {
    flag: 'commit-delay-ms',
    env: 'ICHAT_COMMIT_DELAY_MS',
    kind: 'int',
    help: 'Under steady load, how long a group commit waits for more messages to share its fsync (0: commit at once)',
  },
  tokenTtlHours: {
    flag: 'token-ttl-hours',
    env: 'ICHAT_TOKEN_TTL_HOURS',
    kind: 'int',
    help: 'How long a session token lasts',
  },
  authTimeoutMs: {
    flag: 'auth-timeout-ms',
    env: 'ICHAT_AUTH_TIMEOUT_MS',
    kind: 'int',
    help: 'How long a new socket may take to send its auth frame (then closed with 4002)',
  },
  loginMaxFailures: {
    flag: 'login-max-failures',
    env: 'ICHAT_LOGIN_MAX_FAILURES',
    kind: 'int',
    help: 'Logins per account checked in the window before 429, counted as they start; a success clears them (per address: 4 times this)',
  },
  loginWindowSeconds: {
    flag: 'login-window-seconds',
    env: 'ICHAT_LOGIN_WINDOW_SECONDS',
    kind: 'int',
    help: 'Window in which failed logins are counted',
  },
  registrationsPerHour: {
    flag: 'registrations-per-hour',
    env: 'ICHAT_REGISTRATIONS_PER_HOUR',
    kind: 'int',
    help: 'Registrations one client address may attempt per hour before 429',
  },
  passwordAuth: {
    flag: 'password-auth',
    env: 'ICHAT_PASSWORD_AUTH',
    kind: 'bool',
    help: 'Allow registration and login with e-mail and password; off for sites that only sign users in with their own JWTs',
  },
  jwtSecret: {
    flag: 'jwt-secret',
    env: 'ICHAT_JWT_SECRET',
    kind: 'string',
    help: "Shared secret (at least 32 bytes) that verifies HS256 sign-in tokens from the host site; unset: HS256 is refused",
  },
  jwtPublicKey: {
    flag: 'jwt-public-key',
    env: 'ICHAT_JWT_PUBLIC_KEY',
    kind: 'string',
    help: "Path to a PEM public key (RSA for RS256, P-256 EC for ES256) that verifies the host site's sign-in tokens",
  },
  jwtIssuer: {
    flag: 'jwt-issuer',
    env: 'ICHAT_JWT_ISSUER',
    kind: 'string',
    help: 'The `iss` every sign-in token must carry; unset: any (or none), and users are told apart by (iss, sub)',
  },
  jwtAudience: {
    flag: 'jwt-audience',
    env: 'ICHAT_JWT_AUDIENCE',
    kind: 'string',
    help: 'The `aud` every sign-in token must carry; unset: not checked',
  },
  jwtMaxLifetimeSeconds: {
    flag: 'jwt-max-lifetime-seconds',
    env: 'ICHAT_JWT_MAX_LIFETIME_SECONDS',
    kind: 'int',
    help: 'Sign-in tokens whose `exp` is further ahead than this are refused (lifetime_too_long)',
  },
  jwtSessionTtlSeconds: {
    flag: 'jwt-session-ttl-seconds',
    env: 'ICHAT_JWT_SESSION_TTL_SECONDS',
    kind: 'int',
    help: 'How long a session from a sign-in token lasts; the SDK asks the host for a new token before it ends',
  },
  presenceGraceMs: {
    flag: 'presence-grace-ms',
    env: 'ICHAT_PRESENCE_GRACE_MS',
    kind: 'int',
    help: 'How long after its last socket closes a user is announced offline',
  },
  webhookTimeoutMs: {
    flag: 'webhook-timeout-ms',
    env: 'ICHAT_WEBHOOK_TIMEOUT_MS',
    kind: 'int',
    help: 'How long a webhook endpoint has to answer an attempt before it counts as failed',
  },
  webhookConcurrency: {
    flag: 'webhook-concurrency',
    env: 'ICHAT_WEBHOOK_CONCURRENCY',
    kind: 'int',
    help: 'Webhook requests in flight at once, over all endpoints',
  },
  webhookEndpointConcurrency: {
    flag: 'webhook-endpoint-concurrency',
    env: 'ICHAT_WEBHOOK_ENDPOINT_CONCURRENCY',
    kind: 'int',
    help: 'Webhook requests in flight at once to one endpoint (a room\'s events still go one at a time, in order)',
  },
  webhookRetryBaseMs: {
    flag: 'webhook-retry-base-ms',
    env: 'ICHAT_WEBHOOK_RETRY_BASE_MS',
    kind: 'int',
    help: 'The first retry of a failed webhook comes within this long; each later one within twice the one before',
  },
  webhookRetryMaxMs: {
    flag: 'webhook-retry-max-ms',
    env: 'ICHAT_WEBHOOK_RETRY_MAX_MS',
    kind: 'int',
    help: 'The longest wait between two attempts of a webhook',
  },
  webhookGiveUpSeconds: {
    flag: 'webhook-give-up-seconds',
    env: 'ICHAT_WEBHOOK_GIVE_UP_SECONDS',
    kind: 'int',
    help: 'How long after its event a webhook that keeps failing is retried before it is marked failed',
  },
  webhookRetentionHours: {
    flag: 'webhook-retention-hours',
    env: 'ICHAT_WEBHOOK_RETENTION_HOURS',
    kind: 'int',
    help: 'How long delivered and failed webhooks are kept (for the admin page) before they are deleted',
  },
  smtpUrl: {
    flag: 'smtp-url',
    env: 'ICHAT_SMTP_URL',
    kind: 'string',
    help: 'SMTP server for e-mail, smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465; unset: no e-mail',
  },
  emailFrom: {
    flag: 'email-from',
    env: 'ICHAT_EMAIL_FROM',
    kind: 'string',
    help: 'The From of every e-mail, such as "Example Chat <chat@example.com>"; required with --smtp-url',
  },
  publicUrl: {
    flag: 'public-url',
    env: 'ICHAT_PUBLIC_URL',
    kind: 'string',
    help: "This server's address as people reach it (https://chat.example.com), for the links in e-mails; unset: the address it listens on",
  },
  emailChatUrl: {
    flag: 'email-chat-url',
    env: 'ICHAT_EMAIL_CHAT_URL',
    kind: 'string',
    help: 'Where the "open the chat" link of missed-message e-mails goes: the embedding site\'s page; unset: --public-url',
  },
  emailOfflineDelaySeconds: {
    flag: 'email-offline-delay-seconds',
    env: 'ICHAT_EMAIL_OFFLINE_DELAY_SECONDS',
    kind: 'int',
    help: 'A user with no open connection is e-mailed about unread messages once the oldest is this old (one e-mail per batch)',
  },
  emailUnreadDelaySeconds: {
    flag: 'email-unread-delay-seconds',
    env: 'ICHAT_EMAIL_UNREAD_DELAY_SECONDS',
    kind: 'int',
    help: 'A connected user is e-mailed about a room they have not read once its oldest unread message is this old',
  },
  emailHostUsers: {
    flag: 'email-host-users',
    env: 'ICHAT_EMAIL_HOST_USERS',
    kind: 'bool',
    help: "Send missed-message e-mails to users signed in by the host site, at the e-mail in their token's claims",
  },
  unverifiedAccounts: {
    flag: 'unverified-accounts',
    env: 'ICHAT_UNVERIFIED_ACCOUNTS',
    kind: 'string',
    help: 'What a password account may do before its e-mail is verified: chat (everything) or read (sign in and read, not send)',
  },
  emailLinkTtlMinutes: {
    flag: 'email-link-ttl-minutes',
    env: 'ICHAT_EMAIL_LINK_TTL_MINUTES',
    kind: 'int',
    help: 'How long a password reset link works (verification links work 24 times as long)',
  },
  passwordResetsPerHour: {
    flag: 'password-resets-per-hour',
    env: 'ICHAT_PASSWORD_RESETS_PER_HOUR',
    kind: 'int',
    help: 'Reset and verification e-mails one address may be sent per hour (per client address: 4 times this)',
  },
  emailRetryBaseMs: {
    flag: 'email-retry-base-ms',
    env: 'ICHAT_EMAIL_RETRY_BASE_MS',
    kind: 'int',
    help: 'The first retry of an e-mail the SMTP server did not take waits up to this long; each later one up to twice as long',
  },
  emailRetryMaxMs: {
    flag: 'email-retry-max-ms',
    env: 'ICHAT_EMAIL_RETRY_MAX_MS',
    kind: 'int',
    help: 'The longest wait between two attempts at one e-mail',
  },
  emailGiveUpHours: {
    flag: 'email-give-up-hours',
    env: 'ICHAT_EMAIL_GIVE_UP_HOURS',
    kind: 'int',
    help: 'An e-mail not sent this long after it was queued is given up on',
  },
  roomsPerHour: {
    flag: 'rooms-per-hour',
    env: 'ICHAT_ROOMS_PER_HOUR',
    kind: 'int',
    help: 'Groups one user may create per hour (the whole allowance may be used at once), then rate_limited',
  },
  strangerChatsPerHour: {
    flag: 'stranger-chats-per-hour',
    env: 'ICHAT_STRANGER_CHATS_PER_HOUR',
    kind: 'int',
    help: 'New direct chats one user may open per hour with people they share no room with, then rate_limited',
  },
  reportsPerHour: {
    flag: 'reports-per-hour',
    env: 'ICHAT_REPORTS_PER_HOUR',
    kind: 'int',
    help: 'Message reports one user may send per hour, then rate_limited',
  },
  wordList: {
    flag: 'word-list',
    env: 'ICHAT_WORD_LIST',
    kind: 'string',
    help: 'Path to a word list: one word or phrase per line, re:<pattern> for a regular expression, # for comments',
  },
  wordListAction: {
    flag: 'word-list-action',
    env: 'ICHAT_WORD_LIST_ACTION',
    kind: 'string',
    help: 'What a match in the word list does: block (refused with message_rejected) or mask (stored with asterisks)',
  },
  staticDir: {
    flag: 'static-dir',
    env: 'ICHAT_STATIC_DIR',
    kind: 'string',
    help: 'Folder served at / (index.html, admin.html, widget.js); defaults to the built @ichat/widget',
  },
  attachmentsDir: {
    flag: 'attachments-dir',
    env: 'ICHAT_ATTACHMENTS_DIR',
    kind: 'string',
    help: "Folder for uploaded files; unset: attachments/ beside the database (a temporary folder for :memory:, the working directory's attachments/ on PostgreSQL, where a cluster's nodes must share one folder)",
  },
  maxAttachmentBytes: {
    flag: 'max-attachment-bytes',
    env: 'ICHAT_MAX_ATTACHMENT_BYTES',
    kind: 'int',
    help: 'Largest upload accepted; larger ones are refused with attachment_too_large and nothing of them kept',
  },
  attachmentGraceMinutes: {
    flag: 'attachment-grace-minutes',
    env: 'ICHAT_ATTACHMENT_GRACE_MINUTES',
    kind: 'int',
    help: 'How long an upload may wait for a message to take it before it is removed',
  },
  attachmentLinkTtlSeconds: {
    flag: 'attachment-link-ttl-seconds',
    env: 'ICHAT_ATTACHMENT_LINK_TTL_SECONDS',
    kind: 'int',
    help: 'How long a signed attachment link works (membership is checked at every download as well)',
  },
  reactions: {
    flag: 'reactions',
    env: 'ICHAT_REACTIONS',
    kind: 'list',
    help: 'The emoji users may react with, comma-separated, in the order clients offer them (at most 20)',
  },
  logLevel: { flag: 'log-level', env: 'LOG_LEVEL', kind: 'string', help: 'fatal, error, warn, info, debug, trace or silent' },
  allowUwsFallback: {
    flag: 'allow-uws-fallback',
    env: 'ICHAT_ALLOW_UWS_FALLBACK',
    kind: 'bool',
    help: "Start even when uWebSockets.js's native binary fails to load (much slower JavaScript fallback)",
  },
} as const satisfies Record<string, OptionSpec>;

type ValueOf<K extends OptionKind> = K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;

/** The server's settings, after defaults. `secret` and `allowedOrigins` may be absent, with meanings documented. */
export type Config = {
  readonly [K in keyof typeof OPTIONS]: ValueOf<(typeof OPTIONS)[K]['kind']>;
} & { readonly production: boolean };

/** What `loadConfig` fills in when neither a flag nor an environment variable sets an option. */
export const DEFAULTS = {
  port: 5000,
  host: '127.0.0.1',
  database: './data/ichat.db',
  brokerUrl: '',
  brokerPrefix: 'ichat',
  secret: '',
  allowedOrigins: [],
  trustProxy: false,
  maxFrameBytes: 64 * 1024,
  messagesPerSecond: 20,
  messageBurst: 40,
  framesPerSecond: 100,
  maxConnectionsPerIp: 100,
  maxBackpressureBytes: 1024 * 1024,
  commitDelayMs: 0,
  tokenTtlHours: 24 * 30,
  authTimeoutMs: 10_000,
  loginMaxFailures: 10,
  loginWindowSeconds: 15 * 60,
  registrationsPerHour: 20,
  passwordAuth: true,
  jwtSecret: '',
  jwtPublicKey: '',
  jwtIssuer: '',
  jwtAudience: '',
  jwtMaxLifetimeSeconds: 3600,
  jwtSessionTtlSeconds: 3600,
  presenceGraceMs: 3000,
  webhookTimeoutMs: 10_000,
  webhookConcurrency: 16,
  webhookEndpointConcurrency: 4,
  webhookRetryBaseMs: 5000,
  webhookRetryMaxMs: 3_600_000,
  webhookGiveUpSeconds: 86_400,
  webhookRetentionHours: 168,
  smtpUrl: '',
  emailFrom: '',
  publicUrl: '',
  emailChatUrl: '',
  emailOfflineDelaySeconds: 300,
  emailUnreadDelaySeconds: 1800,
  emailHostUsers: false,
  unverifiedAccounts: 'chat',
  emailLinkTtlMinutes: 60,
  passwordResetsPerHour: 5,
  emailRetryBaseMs: 10_000,
  emailRetryMaxMs: 1_800_000,
  emailGiveUpHours: 48,
  roomsPerHour: 30,
  strangerChatsPerHour: 20,
  reportsPerHour: 20,
  wordList: '',
  wordListAction: 'block',
  staticDir: '',
  attachmentsDir: '',
  maxAttachmentBytes: 10 * 1024 * 1024,
  attachmentGraceMinutes: 60,
  attachmentLinkTtlSeconds: 900,
  reactions: [...DEFAULT_REACTIONS],
  logLevel: 'info',
  allowUwsFallback: false,
} as const satisfies Omit<Config, 'production'>;

/** The log levels pino knows, and `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Node's timers fire at once for any delay over this (with only a warning), so longer waits cannot be honoured. */
const MAX_TIMER_MS = 2_147_483_647;
/** uWebSockets.js keeps 4 × the frame and backpressure limits in 32 bits; this keeps that product in range. */
const MAX_UWS_LIMIT_BYTES = 256 * 1024 * 1024;

type KeyOfKind<K extends OptionKind> = {
  [P in keyof typeof OPTIONS]: (typeof OPTIONS)[P]['kind'] extends K ? P : never;
}[keyof typeof OPTIONS];

/**
 * The range each whole-number option must stay in, and what a value outside it would do: every one of these is a value
 * the server cannot honour, so it stops the start instead of running with a surprise.
 */
const BOUNDS: Partial<Record<KeyOfKind<'int'>, { min?: number; max?: number; why: string }>> = {
  port: { max: 65535, why: 'the largest TCP port' },
  maxFrameBytes: {
    min: 1024,
    max: MAX_UWS_LIMIT_BYTES,
    why: 'smaller frames cannot carry an ordinary request; uWebSockets.js cannot hold 4 × a larger one',
  },
  messagesPerSecond: { min: 1, why: "0 would stop a connection's messages for good once its burst is spent" },
  messageBurst: { min: 1, why: 'a bucket smaller than one message refuses every message' },
  framesPerSecond: { min: 1, why: 'with 0 every frame would be refused, auth included' },
  maxBackpressureBytes: { max: MAX_UWS_LIMIT_BYTES, why: 'uWebSockets.js cannot hold 4 × a larger limit' },
  commitDelayMs: { max: 1000, why: 'every message under load could wait that long for its ack; a few ms already fill the commits' },
  tokenTtlHours: { min: 1, max: 876_000, why: 'a token of 0 hours expires as it is issued; 876000 hours is 100 years' },
  authTimeoutMs: { min: 1, max: MAX_TIMER_MS, why: "0 closes every socket before it can authenticate; Node's timers wait no longer" },
  loginMaxFailures: { min: 1, why: 'with 0 an account and an address would be locked out at their first failed login' },
  loginWindowSeconds: { min: 1, why: 'with 0 no failed login is ever counted, so logins would never be throttled' },
  registrationsPerHour: { min: 1, why: 'with 0 nobody could ever register' },
  jwtMaxLifetimeSeconds: { min: 1, max: 31_536_000, why: 'with 0 every token is refused; a token valid over a year is no sign-in token' },
  jwtSessionTtlSeconds: {
    min: 1,
    max: 876_000 * 3600,
    why: 'a session of 0 seconds expires as it is issued; 100 years is the longest session token',
  },
  presenceGraceMs: { max: MAX_TIMER_MS, why: "Node's timers wait no longer" },
  webhookTimeoutMs: { min: 1, max: MAX_TIMER_MS, why: "0 would fail every attempt at once; Node's timers wait no longer" },
  webhookConcurrency: { min: 1, why: 'with 0 no webhook would ever be sent' },
  webhookEndpointConcurrency: { min: 1, why: 'with 0 no webhook would ever be sent' },
  webhookRetryBaseMs: { min: 1, why: 'with 0 a failing endpoint would be retried in a tight loop' },
  webhookRetryMaxMs: { min: 1, why: 'with 0 a failing endpoint would be retried in a tight loop' },
  webhookGiveUpSeconds: { max: 31_536_000, why: 'a webhook older than a year is no news to anyone' },
  webhookRetentionHours: { max: 876_000, why: '876000 hours is 100 years' },
  emailOfflineDelaySeconds: { max: 31_536_000, why: 'news of a message over a year old is no news' },
  emailUnreadDelaySeconds: { max: 31_536_000, why: 'news of a message over a year old is no news' },
  emailLinkTtlMinutes: { min: 1, max: 10_080, why: 'a link of 0 minutes expires as it is sent; one alive over a week is a standing key to the account' },
  passwordResetsPerHour: { min: 1, why: 'with 0 nobody could ever reset a password' },
  emailRetryBaseMs: { min: 1, why: 'with 0 a down SMTP server would be retried in a tight loop' },
  emailRetryMaxMs: { min: 1, why: 'with 0 a down SMTP server would be retried in a tight loop' },
  emailGiveUpHours: { min: 1, max: 8760, why: 'with 0 no e-mail survives a short outage; one older than a year is no news' },
  roomsPerHour: { min: 1, why: 'with 0 nobody could ever create a group' },
  strangerChatsPerHour: { min: 1, why: 'with 0 nobody could ever start a conversation' },
  reportsPerHour: { min: 1, why: 'with 0 nobody could ever report a message' },
  maxAttachmentBytes: {
    min: 1024,
    max: 100 * 1024 * 1024,
    why: 'a smaller limit refuses most screenshots; an upload is held in memory while it is checked, so larger is refused',
  },
  attachmentGraceMinutes: { min: 1, max: 10_080, why: 'a shorter wait can remove a file before its message is sent; a longer one keeps abandoned files for weeks' },
  attachmentLinkTtlSeconds: { min: 10, max: 86_400, why: 'a shorter link expires before a page loads it; a longer one outlives any reason to share it' },
};

/** Reads one option: the flag if given, else the environment variable, else the default. */
class OptionReader {
  readonly #flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(flags: Readonly<Record<string, string | boolean | undefined>>, env: Readonly<Record<string, string | undefined>>) {
    this.#flags = flags;
    this.#env = env;
  }

  int(key: KeyOfKind<'int'>): number {
    const raw = this.#raw(key);
    if (raw === undefined) return DEFAULTS[key];
    const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value)) this.#fail(key, 'must be a whole number ≥ 0');
    const bounds = BOUNDS[key];
    if (bounds?.min !== undefined && value < bounds.min) this.#fail(key, `must be at least ${bounds.min}: ${bounds.why}`);
    if (bounds?.max !== undefined && value > bounds.max) this.#fail(key, `must be at most ${bounds.max}: ${bounds.why}`);
    return value;
  }

  bool(key: KeyOfKind<'bool'>): boolean {
    const raw = this.#raw(key);
    if (raw === undefined) return DEFAULTS[key];
    if (typeof raw === 'boolean') return raw;
    const text = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(text)) return false;
    return this.#fail(key, 'must be true or false');
  }

  string(key: KeyOfKind<'string'>): string {
    const raw = this.#raw(key);
    return raw === undefined ? DEFAULTS[key] : String(raw);
  }

  list(key: KeyOfKind<'list'>): string[] {
    const raw = this.#raw(key);
    if (raw === undefined) return [...DEFAULTS[key]];
    return String(raw)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** A string option that must satisfy `problem` (which says why a value does not, or returns undefined). */
  checked(key: KeyOfKind<'string'>, problem: (value: string) => string | undefined): string {
    const value = this.string(key);
    const why = problem(value);
    if (why !== undefined) this.#fail(key, why);
    return value;
  }

  /** A list option each of whose items must satisfy `problem`. */
  checkedList(key: KeyOfKind<'list'>, problem: (item: string) => string | undefined): string[] {
    const items = this.list(key);
    for (const item of items) {
      const why = problem(item);
      if (why !== undefined) this.#fail(key, `has "${item}", which ${why}`);
    }
    return items;
  }

  #raw(key: keyof typeof OPTIONS): string | boolean | undefined {
    const spec = OPTIONS[key];
    return this.#flags[spec.flag] ?? this.#env[spec.env];
  }

  #fail(key: keyof typeof OPTIONS, what: string): never {
    const spec = OPTIONS[key];
    throw new IChatError('validation_failed', `--${spec.flag} / ${spec.env} ${what}`, { field: key });
  }
}

function hostProblem(host: string): string | undefined {
  return host.trim() === '' ? 'must not be empty: use 127.0.0.1 for this machine only, 0.0.0.0 for every interface' : undefined;
}

/** HS256 keys shorter than its 256-bit hash can be brute-forced offline from a single token (RFC 7518 §3.2). */
const JWT_SECRET_MIN_BYTES = 32;

function jwtSecretProblem(secret: string): string | undefined {
  if (secret === '') return undefined;
  const bytes = Buffer.byteLength(secret, 'utf8');
  return bytes >= JWT_SECRET_MIN_BYTES
    ? undefined
    : `is ${bytes} bytes; HS256 needs at least ${JWT_SECRET_MIN_BYTES} (make one with: openssl rand -base64 48)`;
}

function wordListActionProblem(action: string): string | undefined {
  return (WORD_LIST_ACTIONS as readonly string[]).includes(action) ? undefined : `must be one of ${WORD_LIST_ACTIONS.join(', ')}`;
}

/** The configured reactions, once each; an empty or oversized set stops the start. */
function reactionSet(emoji: string[]): string[] {
  const unique = [...new Set(emoji)];
  if (unique.length === 0 || unique.length > REACTION_SET_MAX) {
    throw new IChatError('validation_failed', `--reactions / ICHAT_REACTIONS must list 1–${REACTION_SET_MAX} emoji`, { field: 'reactions' });
  }
  return unique;
}

function logLevelProblem(level: string): string | undefined {
  return (LOG_LEVELS as readonly string[]).includes(level.toLowerCase()) ? undefined : `must be one of ${LOG_LEVELS.join(', ')}`;
}

/**
 * Why an ICHAT_ALLOWED_ORIGINS entry can never match a browser's Origin header, or undefined. Browsers send
 * `scheme://host[:port]`, lower-case, without the default port or a path, and the policy compares exactly.
 */
function originProblem(entry: string): string | undefined {
  if (entry === '*') return 'is not a pattern: leave ICHAT_ALLOWED_ORIGINS unset to allow every origin';
  const bare = entry.replace(/\/+$/, '');
  let origin: string;
  try {
    const url = new URL(bare);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http or https origin';
    origin = url.origin;
  } catch {
    return 'is not an origin such as https://shop.example';
  }
  return origin === bare.toLowerCase() ? undefined : `is not an origin as browsers send it: write ${origin}`;
}

/** The ways of saying what unverified password accounts may do. */
const UNVERIFIED_ACCOUNT_POLICIES = ['chat', 'read'] as const;

function unverifiedAccountsProblem(value: string): string | undefined {
  return (UNVERIFIED_ACCOUNT_POLICIES as readonly string[]).includes(value.trim().toLowerCase())
    ? undefined
    : `must be one of ${UNVERIFIED_ACCOUNT_POLICIES.join(', ')}`;
}

function smtpUrlProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return 'must start with smtp:// or smtps://';
    return url.hostname === '' ? 'names no host' : undefined;
  } catch {
    return 'is not a URL such as smtp://user:password@mail.example.com:587';
  }
}

/** A page people open from an e-mail: an absolute http(s) URL, or unset. */
function pageUrlProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http or https URL';
  } catch {
    return 'is not an absolute URL such as https://chat.example.com';
  }
}

/** The bare address of a From value (`Name <a@b.c>` or `a@b.c`), or undefined when it holds none. */
export function emailAddressOf(from: string): string | undefined {
  const address = /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return /^[^\s@<>]+@[^\s@<>.]+(\.[^\s@<>.]+)+$/.test(address) ? address : undefined;
}

/**
 * Builds the configuration from parsed flags and the environment (flags win).
 *
 * @throws {IChatError} `validation_failed` naming the option and why, for malformed values, values the server cannot
 *   honour (see docs/server.md, "Settings the server refuses") or a missing production secret. Pure: the filesystem is
 *   checked when the server starts (preflight.ts).
 * @example
 * ```ts
 * const config = loadConfig({ port: '0' }, process.env);
 * ```
 */
export function loadConfig(
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const read = new OptionReader(flags, env);
  const config: Config = {
    port: read.int('port'),
    host: read.checked('host', hostProblem),
    database: read.checked('database', databaseUrlProblem),
    brokerUrl: read.checked('brokerUrl', brokerUrlProblem).trim(),
    brokerPrefix: read.checked('brokerPrefix', brokerPrefixProblem),
    secret: read.string('secret'),
    allowedOrigins: read.checkedList('allowedOrigins', originProblem),
    trustProxy: read.bool('trustProxy'),
    maxFrameBytes: read.int('maxFrameBytes'),
    messagesPerSecond: read.int('messagesPerSecond'),
    messageBurst: read.int('messageBurst'),
    framesPerSecond: read.int('framesPerSecond'),
    maxConnectionsPerIp: read.int('maxConnectionsPerIp'),
    maxBackpressureBytes: read.int('maxBackpressureBytes'),
    commitDelayMs: read.int('commitDelayMs'),
    tokenTtlHours: read.int('tokenTtlHours'),
    authTimeoutMs: read.int('authTimeoutMs'),
    loginMaxFailures: read.int('loginMaxFailures'),
    loginWindowSeconds: read.int('loginWindowSeconds'),
    registrationsPerHour: read.int('registrationsPerHour'),
    passwordAuth: read.bool('passwordAuth'),
    jwtSecret: read.checked('jwtSecret', jwtSecretProblem),
    jwtPublicKey: read.string('jwtPublicKey').trim(),
    jwtIssuer: read.string('jwtIssuer').trim(),
    jwtAudience: read.string('jwtAudience').trim(),
    jwtMaxLifetimeSeconds: read.int('jwtMaxLifetimeSeconds'),
    jwtSessionTtlSeconds: read.int('jwtSessionTtlSeconds'),
    presenceGraceMs: read.int('presenceGraceMs'),
    webhookTimeoutMs: read.int('webhookTimeoutMs'),
    webhookConcurrency: read.int('webhookConcurrency'),
    webhookEndpointConcurrency: read.int('webhookEndpointConcurrency'),
    webhookRetryBaseMs: read.int('webhookRetryBaseMs'),
    webhookRetryMaxMs: read.int('webhookRetryMaxMs'),
    webhookGiveUpSeconds: read.int('webhookGiveUpSeconds'),
    webhookRetentionHours: read.int('webhookRetentionHours'),
    smtpUrl: read.checked('smtpUrl', smtpUrlProblem).trim(),
    emailFrom: read.string('emailFrom').trim(),
    publicUrl: read.checked('publicUrl', pageUrlProblem).trim().replace(/\/+$/, ''),
    emailChatUrl: read.checked('emailChatUrl', pageUrlProblem).trim(),
    emailOfflineDelaySeconds: read.int('emailOfflineDelaySeconds'),
    emailUnreadDelaySeconds: read.int('emailUnreadDelaySeconds'),
    emailHostUsers: read.bool('emailHostUsers'),
    unverifiedAccounts: read.checked('unverifiedAccounts', unverifiedAccountsProblem).trim().toLowerCase(),
    emailLinkTtlMinutes: read.int('emailLinkTtlMinutes'),
    passwordResetsPerHour: read.int('passwordResetsPerHour'),
    emailRetryBaseMs: read.int('emailRetryBaseMs'),
    emailRetryMaxMs: read.int('emailRetryMaxMs'),
    emailGiveUpHours: read.int('emailGiveUpHours'),
    roomsPerHour: read.int('roomsPerHour'),
    strangerChatsPerHour: read.int('strangerChatsPerHour'),
    reportsPerHour: read.int('reportsPerHour'),
    wordList: read.string('wordList').trim(),
    wordListAction: read.checked('wordListAction', wordListActionProblem),
    staticDir: read.string('staticDir'),
    attachmentsDir: read.string('attachmentsDir'),
    maxAttachmentBytes: read.int('maxAttachmentBytes'),
    attachmentGraceMinutes: read.int('attachmentGraceMinutes'),
    attachmentLinkTtlSeconds: read.int('attachmentLinkTtlSeconds'),
    reactions: reactionSet(read.checkedList('reactions', reactionEmojiProblem)),
    logLevel: read.checked('logLevel', logLevelProblem).toLowerCase(),
    allowUwsFallback: read.bool('allowUwsFallback'),
    production: env['NODE_ENV'] === 'production',
  };
  if (config.smtpUrl !== '' && emailAddressOf(config.emailFrom) === undefined) {
    throw new IChatError(
      'validation_failed',
      `--email-from / ICHAT_EMAIL_FROM ${config.emailFrom === '' ? 'is required with --smtp-url' : 'is not an address such as "Example Chat <chat@example.com>"'}`,
      { field: 'emailFrom' },
    );
  }
  if (config.production && config.secret === '') {
    throw new IChatError('validation_failed', 'SECRET_KEY is required when NODE_ENV=production', { field: 'secret' });
  }
  return Object.freeze(config);
}

/**
 * Settings that work but not as they read: a message limit the frame limit undercuts (every message is a frame). The
 * server starts, and logs each of these as a warning.
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.messagesPerSecond > config.framesPerSecond) {
    warnings.push(
      `--messages-per-second ${config.messagesPerSecond} is over --frames-per-second ${config.framesPerSecond}: ` +
        `a connection can send at most ${config.framesPerSecond} messages a second`,
    );
  }
  if (config.messageBurst > config.framesPerSecond * 2) {
    warnings.push(
      `--message-burst ${config.messageBurst} is over the frame burst (2 × --frames-per-second = ${config.framesPerSecond * 2}): ` +
        `a connection can send at most ${config.framesPerSecond * 2} messages at once`,
    );
  }
  if (!config.passwordAuth && config.jwtSecret === '' && config.jwtPublicKey === '') {
    warnings.push(
      '--password-auth is off and neither --jwt-secret nor --jwt-public-key is set: nobody can sign in',
    );
  }
  return warnings;
}

/** Where the environment variable's column starts in `--help`: after the longest flag. */
const HELP_COLUMN = 40;

/** The `--help` text, generated from {@link OPTIONS} so it cannot drift from what is parsed. */
export function helpText(): string {
  const lines = [
    'Usage: ichat-server [serve] [options]    start the server',
    '       ichat-server admin grant <email>  make a user an administrator',
    '       ichat-server admin revoke <email> take administrator rights away',
    '       ichat-server backup <file>        write a consistent copy of the database (safe while running)',
    '       ichat-server api-key create <name> make a server API key (printed once, stored hashed)',
    '       ichat-server api-key list         list API keys: name, created, last used',
    '       ichat-server api-key revoke <name> revoke an API key at once',
    '       ichat-server webhook add <url> [--events type,…]  POST chat events to <url>; prints its signing secret',
    '       ichat-server webhook list         every webhook endpoint, with its delivery counts',
    '       ichat-server webhook remove <url|id>  stop sending to an endpoint',
    '       ichat-server migrate --to <postgres-url>  copy the SQLite database into PostgreSQL, then verify (server stopped)',
    '       ichat-server migrate --to <postgres-url> --verify  compare the copy with the SQLite database again',
    '',
    'Every option can also be set by the environment variable shown, or in a .env file in the working directory.',
    '',
  ];
  for (const key of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]) {
    const spec: OptionSpec = OPTIONS[key];
    const fallback = DEFAULTS[key];
    const shown = Array.isArray(fallback) ? '' : fallback === '' ? '' : ` (default ${String(fallback)})`;
    lines.push(`${`  --${spec.flag}${spec.kind === 'bool' ? '' : ' <value>'}`.padEnd(HELP_COLUMN)} ${spec.env}`);
    lines.push(`      ${spec.help}${shown}`);
  }
  lines.push(`${'  --help'.padEnd(HELP_COLUMN)} show this text`);
  lines.push(`${'  --version'.padEnd(HELP_COLUMN)} print the server's version`);
  lines.push(`${'  --check'.padEnd(HELP_COLUMN)} check the settings, Node.js and the database (pending migrations), start nothing`);
  return lines.join('\n');
}
