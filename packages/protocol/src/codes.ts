// The one table of error codes shared by the HTTP API, the WebSocket protocol and the SDK.

/**
 * Every error iChat can report, with its HTTP status and whether retrying the same request later may succeed.
 *
 * @example
 * ```ts
 * if (ERROR_CODES[err.code].retryable) scheduleRetry();
 * ```
 */
export const ERROR_CODES = {
  bad_request: { status: 400, retryable: false },
  invalid_frame: { status: 400, retryable: false },
  frame_too_large: { status: 413, retryable: false },
  validation_failed: { status: 400, retryable: false },
  email_taken: { status: 409, retryable: false },
  username_taken: { status: 409, retryable: false },
  invalid_credentials: { status: 401, retryable: false },
  /** A host site's sign-in token (JWT) was refused; `reason` says why (see {@link INVALID_TOKEN_REASONS}). */
  invalid_token: { status: 401, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  /** The user is banned from this server: no sign-in of any kind works until they are unbanned. */
  banned: { status: 403, retryable: false },
  /**
   * A block stands between the caller and the other member of a direct room (either of them blocked the other): no
   * new direct room, no message or typing into the existing one. Says nothing about who blocked whom.
   */
  blocked: { status: 403, retryable: false },
  /** The server's word list refused the message's text. The error never repeats the words that matched. */
  message_rejected: { status: 422, retryable: false },
  /** An upload is larger than the server's `--max-attachment-bytes`; nothing of it is kept. */
  attachment_too_large: { status: 413, retryable: false },
  /**
   * An upload's bytes are not of a type the server takes, or not of the type it was declared as (a spoofed type);
   * nothing of it is kept.
   */
  attachment_type_not_allowed: { status: 415, retryable: false },
  not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  origin_not_allowed: { status: 403, retryable: false },
  /** A link from an e-mail (password reset, address verification, unsubscribe) is unknown, used already or expired. */
  invalid_link: { status: 400, retryable: false },
  /** The account's e-mail address is not verified yet, and this server lets unverified accounts only read. */
  email_not_verified: { status: 403, retryable: false },
  /** This server sends no e-mail (no SMTP server is configured), so the request cannot be served. */
  email_disabled: { status: 501, retryable: false },
  rate_limited: { status: 429, retryable: true },
  too_many_connections: { status: 429, retryable: true },
  unavailable: { status: 503, retryable: true },
  timeout: { status: 504, retryable: true },
  disconnected: { status: 503, retryable: true },
  cancelled: { status: 499, retryable: false },
  internal: { status: 500, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes for which the same request may succeed if tried again later. */
export const RETRYABLE_CODES: readonly ErrorCode[] = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
  (code) => ERROR_CODES[code].retryable,
);

/**
 * Why a host site's JWT was refused, in the `reason` field of an `invalid_token` error: `expired` (its `exp` has
 * passed), `not_yet_valid` (its `nbf` is still ahead), `lifetime_too_long` (its `exp` is further ahead than the server
 * allows), `bad_signature`, `wrong_audience`, `wrong_issuer`, `algorithm_not_allowed` (including `alg: none` and any
 * algorithm no configured key is for), `missing_claim` (`sub` or `exp`), `malformed` (not a JWT, or a claim of the
 * wrong type).
 */
export const INVALID_TOKEN_REASONS = [
  'expired',
  'not_yet_valid',
  'lifetime_too_long',
  'bad_signature',
  'wrong_audience',
  'wrong_issuer',
  'algorithm_not_allowed',
  'missing_claim',
  'malformed',
] as const;

/** Why a host site's JWT was refused. */
export type InvalidTokenReason = (typeof INVALID_TOKEN_REASONS)[number];

/** Whether `value` is one of the codes in {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * WebSocket close codes the server uses, by reason. 1000–1011 are the standard ones; 4000–4999 are iChat's.
 */
export const CLOSE_CODES = {
  normal: 1000,
  going_away: 1001,
  protocol_error: 1002,
  policy_violation: 1008,
  frame_too_large: 1009,
  unauthorized: 4001,
  auth_timeout: 4002,
  /** The user was banned: final, a client must not reconnect with the same account. */
  banned: 4003,
  slow_consumer: 4008,
  replaced: 4009,
  /**
   * Too many sockets from the client's address across the nodes of a cluster: the socket was upgraded before the
   * shared count answered, and is closed before it is used. Retry later, as after a 429 `too_many_connections`.
   */
  too_many_connections: 4029,
} as const;

/** Why a connection closed. */
export type CloseReason = keyof typeof CLOSE_CODES;

/** The reason for a close code, or `undefined` for a code iChat does not define. */
export function closeReasonOf(code: number): CloseReason | undefined {
  for (const reason of Object.keys(CLOSE_CODES) as CloseReason[]) {
    if (CLOSE_CODES[reason] === code) return reason;
  }
  return undefined;
}
