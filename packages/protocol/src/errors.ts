// IChatError: the one error type, with its wire shape, used by the server and rebuilt by the SDK.

import { ERROR_CODES, isErrorCode, type ErrorCode } from './codes.js';

/** The JSON shape of an error on the wire: `{"error": WireError}` over HTTP, inside `error` frames on the socket. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** The request field that failed validation, when there is one. */
  field?: string;
  /** How long to wait before retrying, for `rate_limited` and similar. */
  retryAfterMs?: number;
  /** A finer, machine-readable cause: for `invalid_token`, one of `INVALID_TOKEN_REASONS`. */
  reason?: string;
}

/** Marks an {@link IChatError}; `Symbol.for` gives every copy of this module the same symbol. */
const ERROR_MARK = Symbol.for('ichat.error');

/**
 * An error with a stable {@link ErrorCode}. The server throws it; the SDK rebuilds it from the wire with
 * {@link IChatError.fromWire}, so callers can branch on `code` wherever the error came from.
 *
 * @example
 * ```ts
 * try { await client.send(roomId, text); }
 * catch (e) { if (e instanceof IChatError && e.code === 'rate_limited') await sleep(e.retryAfterMs ?? 1000); }
 * ```
 */
export class IChatError extends Error {
  /**
   * `instanceof IChatError` is true for an error made by any copy of this module, not only this one: a page can hold
   * two (the widget's script-tag bundle and a part of it loaded later, or an app bundling two SDK versions), and an
   * error from one must still be recognised by the other. The mark is a registered symbol, the same in every copy.
   */
  static override [Symbol.hasInstance](value: unknown): value is IChatError {
    return typeof value === 'object' && value !== null && ERROR_MARK in value;
  }

  override readonly name = 'IChatError';
  readonly [ERROR_MARK] = true;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** A finer cause than the code, when the code has them (`invalid_token`: expired, bad_signature, …). */
  readonly reason: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; retryAfterMs?: number; reason?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
    this.reason = options.reason;
  }

  /** The HTTP status that goes with this error's code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** Whether trying the same request again later may succeed. */
  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** The error's JSON shape for the wire. */
  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message };
    if (this.field !== undefined) wire.field = this.field;
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    if (this.reason !== undefined) wire.reason = this.reason;
    return wire;
  }

  /** Rebuilds an error from its wire shape; anything unrecognisable becomes an `internal` error. */
  static fromWire(value: unknown): IChatError {
    if (typeof value !== 'object' || value === null) return new IChatError('internal', 'Malformed error from server');
    const code: unknown = Reflect.get(value, 'code');
    const message: unknown = Reflect.get(value, 'message');
    const field: unknown = Reflect.get(value, 'field');
    const retryAfterMs: unknown = Reflect.get(value, 'retryAfterMs');
    const reason: unknown = Reflect.get(value, 'reason');
    const options: { field?: string; retryAfterMs?: number; reason?: string } = {};
    if (typeof field === 'string') options.field = field;
    if (typeof reason === 'string') options.reason = reason;
    if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs)) options.retryAfterMs = retryAfterMs;
    return new IChatError(
      isErrorCode(code) ? code : 'internal',
      typeof message === 'string' ? message : 'Unknown error',
      options,
    );
  }
}
