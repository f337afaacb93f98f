// The HTTP API's JSON bodies and answers, each declared once as a schema.

import { MeSchema, StatsBucketSchema } from '../models.js';
import { checkPassword, LIMITS, normaliseEmail, normaliseUsername } from '../rules.js';
import { IChatError } from '../errors.js';
import { array, custom, int, object, oneOf, optional, string } from '../schema/kit.js';
import type { Infer, Place } from '../schema/schema.js';

/** What an e-mail field accepts, for documents (the rule itself is normaliseEmail's). */
const EMAIL_JSON = { type: 'string', format: 'email', maxLength: LIMITS.emailMax } as const;

/**
 * `POST /api/v1/auth/register` body. Each field is read by its domain rule (rules.ts), so what the server receives is
 * already normalised (e-mail and username trimmed and lower-cased) and a bad field is a `validation_failed` naming it.
 */
export const RegisterBodySchema = object({
  email: custom((value, place) => normaliseEmail(value, place.path), EMAIL_JSON),
  username: custom((value, place) => normaliseUsername(value, place.path), {
    type: 'string',
    minLength: LIMITS.usernameMin,
    maxLength: LIMITS.usernameMax,
  }),
  password: custom((value, place) => checkPassword(value, place.path), {
    type: 'string',
    minLength: LIMITS.passwordMin,
    maxLength: LIMITS.passwordMax,
  }),
});
export type RegisterBody = Infer<typeof RegisterBodySchema>;

/** `POST /api/v1/auth/login` body. The password is only required here; its rules are checked at registration. */
export const LoginBodySchema = object({
  email: custom((value, place) => normaliseEmail(value, place.path), EMAIL_JSON),
  password: custom(
    (value: unknown, place: Place): string => {
      if (typeof value === 'string' && value.length > 0) return value;
      throw new IChatError('validation_failed', 'Password is required', { field: place.path });
    },
    { type: 'string', minLength: 1 },
  ),
});
export type LoginBody = Infer<typeof LoginBodySchema>;

/**
 * `POST /api/v1/auth/jwt` body: a JWT the host site signed for its signed-in user. Only its size is checked here; the
 * server verifies the rest (signature, algorithm, claims) and refuses with `invalid_token` and a `reason`.
 */
export const JwtLoginBodySchema = object({
  token: string(LIMITS.hostTokenMax, 1),
});
export type JwtLoginBody = Infer<typeof JwtLoginBodySchema>;

/** What register and login answer: the user and a bearer token for HTTP and the socket's `auth` frame. */
export const AuthResultSchema = object({
  user: MeSchema,
  token: string(LIMITS.tokenMax, 1),
  /** When the token stops working, in ms since the epoch. */
  expiresAt: int(),
});
export type AuthResult = Infer<typeof AuthResultSchema>;

/** `GET /api/v1/me` answer. */
export const MeResultSchema = object({ user: MeSchema });
export type MeResult = Infer<typeof MeResultSchema>;

/**
 * `GET /healthz` answer. `database` is `full` while the server's disk has no room (sends are refused with a retryable
 * `unavailable` until there is), and `down` when the database does not answer or cannot make writes durable any more.
 */
export const HealthResultSchema = object({
  status: oneOf(['ok', 'degraded']),
  version: string(),
  database: oneOf(['ok', 'full', 'down']),
  /**
   * E-mail: `off` without an SMTP server, `failing` while the last attempt to send failed (mail waits in the queue and
   * is retried; the server stays healthy), else `ok`. Optional so that answers of servers older than e-mail read too.
   */
  email: optional(oneOf(['off', 'ok', 'failing'])),
  /**
   * The cluster broker (Redis or NATS): `off` on a single node, `reconnecting` while its connection is lost (the
   * server stays healthy and fills gaps from the database), else `connected`. Optional for older servers' answers.
   */
  broker: optional(oneOf(['off', 'connected', 'reconnecting', 'closed'])),
});
export type HealthResult = Infer<typeof HealthResultSchema>;

/** The series the statistics API serves. */
export const STATS_SERIES = ['registrations', 'messages', 'active-users'] as const;
export type StatsSeries = (typeof STATS_SERIES)[number];

/** Bucket sizes: local days, ISO weeks (Monday first) or calendar months. */
export const STATS_BUCKET_SIZES = ['day', 'week', 'month'] as const;
export type StatsBucketSize = (typeof STATS_BUCKET_SIZES)[number];

/** The statistics answer: one bucket per day/week/month of the range, empty ones included with count 0. */
export const StatsResultSchema = object({
  series: oneOf(STATS_SERIES),
  bucket: oneOf(STATS_BUCKET_SIZES),
  /** The IANA zone whose midnights cut the buckets. */
  tz: string(),
  from: int(),
  to: int(),
  /** The running total before the first bucket (0 for active users). */
  totalBefore: int(),
  buckets: array(StatsBucketSchema),
});
export type StatsResult = Infer<typeof StatsResultSchema>;

/**
 * What to count and over which range. Left out, `bucket` is `day`, `tz` is `UTC`, `to` is now and `from` is 30 days
 * before `to`; `from: 'first'` starts at the first record of the series (all time).
 */
export interface StatsQuery {
  series: StatsSeries;
  bucket?: StatsBucketSize;
  /** Milliseconds since the epoch, or `'first'`. */
  from?: number | 'first';
  /** Milliseconds since the epoch. */
  to?: number;
  /** An IANA time zone, such as `Europe/Paris`: buckets start at its midnights. */
  tz?: string;
}

/** The query string of a statistics request (the series is in the path). */
export function statsSearchParams(query: StatsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.bucket !== undefined) params.set('bucket', query.bucket);
  if (query.from !== undefined) params.set('from', String(query.from));
  if (query.to !== undefined) params.set('to', String(query.to));
  if (query.tz !== undefined) params.set('tz', query.tz);
  return params;
}
