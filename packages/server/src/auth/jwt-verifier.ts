// Verifies a host site's sign-in token with jose: signature, algorithm, time and issuer/audience claims, lifetime.
// Every refusal is an `invalid_token` error with a `reason` the client can branch on.

import { IChatError, custom, object, optional, parseWith, string, type InvalidTokenReason } from '@ichat/protocol';
import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { HostIdentity, HostProfile } from '../store/contract/user-store.js';
import { displayNameOf, emailOf, pictureOf } from './host-profile.js';
import type { JwtAlgorithm, JwtKeys } from './jwt-keys.js';

/** Who the token says its user is, and their profile. */
export type HostClaims = HostIdentity & HostProfile;

export interface JwtVerifierOptions {
  readonly keys: JwtKeys;
  /** The `iss` required, or `''` for any (including none). */
  readonly issuer: string;
  /** The `aud` required, or `''` for none. */
  readonly audience: string;
  /** How far ahead `exp` may be. */
  readonly maxLifetimeMs: number;
}

/** Clocks of the host and of this server may disagree by this much, for `exp`, `nbf` and the lifetime. */
export const CLOCK_TOLERANCE_SECONDS = 30;

const SUBJECT_MAX = 255;
const ISSUER_MAX = 1024;

/** The claims iChat reads; jose has already checked `exp`, `nbf`, `iss` and `aud`. Other claims are ignored. */
const HostClaimsSchema = object({
  sub: string(SUBJECT_MAX, 1),
  iss: optional(string(ISSUER_MAX, 1)),
  exp: custom((value, place) => (typeof value === 'number' && Number.isFinite(value) ? value : place.fail('"exp" must be a number'))),
  name: optional(custom(displayNameOf)),
  email: optional(custom(emailOf)),
  picture: optional(custom(pictureOf)),
});

function refused(reason: InvalidTokenReason, message: string, cause?: unknown): IChatError {
  return new IChatError('invalid_token', `Sign-in token refused (${reason}): ${message}`, { reason, cause });
}

/** jose's error, as the reason a client is told. */
function reasonOf(error: unknown): IChatError {
  if (error instanceof errors.JWTExpired) return refused('expired', 'it has expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refused('not_yet_valid', 'it is not valid yet', error);
    if (error.claim === 'iss') return refused('wrong_issuer', 'its "iss" is not the one this server expects', error);
    if (error.claim === 'aud') return refused('wrong_audience', 'its "aud" is not the one this server expects', error);
    if (error.reason === 'missing') return refused('missing_claim', `it has no "${error.claim}" claim`, error);
    return refused('malformed', `its "${error.claim}" claim is invalid`, error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refused('algorithm_not_allowed', 'its "alg" is not one this server accepts', error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return refused('bad_signature', 'its signature does not verify', error);
  if (error instanceof errors.JOSEError) return refused('malformed', 'it is not a well-formed signed JWT', error);
  return new IChatError('internal', 'Sign-in token could not be checked', { cause: error });
}

export class JwtVerifier {
  readonly #options: JwtVerifierOptions;
  readonly #algorithms: JwtAlgorithm[];
  readonly #key: JWTVerifyGetKey;

  constructor(options: JwtVerifierOptions) {
    this.#options = options;
    const { hs256, publicKey } = options.keys;
    // Only the algorithms of the configured keys, each verified with its own key: an HS256 token is never checked
    // against the public key (the classic confusion), and `none` is never on the list.
    this.#algorithms = [...(hs256 === undefined ? [] : ['HS256' as const]), ...(publicKey === undefined ? [] : [publicKey.algorithm])];
    this.#key = (header) => {
      if (header.alg === 'HS256' && hs256 !== undefined) return hs256;
      if (publicKey !== undefined && header.alg === publicKey.algorithm) return publicKey.key;
      // jose refuses algorithms off the list before asking for a key, so this is only a second lock.
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    };
  }

  /**
   * Verifies `token` as of `now` (ms) and returns its user's identity and profile.
   *
   * @throws {IChatError} `invalid_token` with `reason` (see `INVALID_TOKEN_REASONS`).
   */
  async verify(token: string, now: number): Promise<HostClaims> {
    const { issuer, audience, maxLifetimeMs } = this.#options;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: this.#algorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
        ...(issuer === '' ? {} : { issuer }),
        ...(audience === '' ? {} : { audience }),
      }));
    } catch (error) {
      throw reasonOf(error);
    }
    let claims;
    try {
      claims = parseWith(HostClaimsSchema, payload, 'bad_request');
    } catch (error) {
      throw refused('malformed', error instanceof Error ? error.message : 'its claims are invalid', error);
    }
    if (claims.exp * 1000 - now > maxLifetimeMs + CLOCK_TOLERANCE_SECONDS * 1000) {
      throw refused('lifetime_too_long', `its "exp" is more than ${Math.round(maxLifetimeMs / 1000)} s ahead`);
    }
    return {
      issuer: claims.iss ?? '',
      subject: claims.sub,
      displayName: claims.name ?? null,
      email: claims.email ?? null,
      avatarUrl: claims.picture ?? null,
    };
  }
}
