// Accounts: register, log in (by password or by the host site's token), log out and resolve tokens. HTTP and the
// socket both go through here.

import { IChatError, type AuthResult, type LoginBody, type Me, type PublicUser, type RegisterBody } from '@ichat/protocol';
import { monotonicNow } from '../clock.js';
import type { Store, UserRecord } from '../store/contract/store.js';
import { AttemptLimit, type LimitUnavailable } from '../limits/attempt-limit.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { HostIdentities } from './host-identities.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { newToken, tokenHash } from './tokens.js';

/** What a resolved token proves: who, and until when. */
export interface Session {
  user: UserRecord;
  tokenHash: string;
  expiresAt: number;
}

export interface AccountsOptions {
  secret: string;
  tokenTtlMs: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  /** Registrations one client address may attempt per hour. */
  registrationsPerHour: number;
  /** Whether registration and login by e-mail and password are on. */
  passwordAuth: boolean;
  /** Sign-in with the host site's tokens, when a key is configured; the session it issues lasts `sessionTtlMs`. */
  hostSignIn?: { verifier: JwtVerifier; identities: HostIdentities; sessionTtlMs: number };
  /** The cluster's counts, when a broker is configured: the limits then hold across nodes. */
  shared?: SharedLimits;
  /** Told when the shared counts could not be read (this node's own decided). */
  sharedUnavailable?: LimitUnavailable;
}

/** The answer of a sign-in with the host site's token, whether it created the user, and whether it changed them. */
export interface JwtSignIn {
  result: AuthResult;
  created: boolean;
  /** The user as now stored. */
  user: UserRecord;
  /** Whether this sign-in changed what others see of a known user (display name or avatar): their contacts are told. */
  profileChanged: boolean;
}

const HOUR_MS = 3_600_000;

/** The user as they see themselves on the wire. */
export function toMe(user: UserRecord): Me {
  return {
    id: user.id,
    // A host site's user has no login e-mail (theirs is a placeholder): they see the one their last token carried.
    email: user.host === null ? user.email : (user.host.email ?? ''),
    username: user.username,
    createdAt: user.createdAt,
    isAdmin: user.isAdmin,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    data: user.data,
  };
}

/** @throws {IChatError} `banned` when the user is banned. */
function refuseBanned(user: UserRecord): void {
  if (user.bannedAt !== null) throw new IChatError('banned', 'This account is banned from this server');
}

/** A user as the people who share a room with them see them. */
export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName, avatarUrl: user.avatarUrl, data: user.data };
}

export class Accounts {
  readonly #store: Store;
  readonly #options: AccountsOptions;
  readonly #perAccount: AttemptLimit;
  readonly #perAddress: AttemptLimit;
  readonly #registrations: AttemptLimit;
  // Verified against when the e-mail is unknown, so both failures cost one argon2 verification.
  readonly #decoyHash: Promise<string>;

  constructor(store: Store, options: AccountsOptions) {
    this.#store = store;
    this.#options = options;
    const { shared, sharedUnavailable = () => undefined } = options;
    this.#perAccount = new AttemptLimit('login-account', options.loginMaxFailures, options.loginWindowMs, shared, sharedUnavailable);
    this.#perAddress = new AttemptLimit('login-address', options.loginMaxFailures * 4, options.loginWindowMs, shared, sharedUnavailable);
    this.#registrations = new AttemptLimit('registrations', options.registrationsPerHour, HOUR_MS, shared, sharedUnavailable);
    this.#decoyHash = hashPassword(newToken());
  }

  /**
   * The body was read by the protocol's schema, so its e-mail and username are normalised and every field passed its
   * rule. Every attempt counts against the address's hourly allowance, taken before any lookup or
   * hash, so a flood of concurrent registrations cannot slip past the count.
   * @throws {IChatError} `email_taken`, `username_taken`, `rate_limited` (with
   * `retryAfterMs`), `unavailable` when too many password hashes are waiting.
   */
  async register(body: RegisterBody, address: string, now: number): Promise<AuthResult> {
    this.#requirePasswordAuth();
    const { email, username, password } = body;
    const wait = await AttemptLimit.take([[this.#registrations, `address:${address}`]], monotonicNow());
    if (wait > 0) {
      throw new IChatError('rate_limited', 'Too many registrations from this address; try again later', { retryAfterMs: wait });
    }
    // Fail fast on a taken name before paying for a hash; the unique indexes still decide races.
    if ((await this.#store.users.findByEmail(email)) !== undefined) {
      throw new IChatError('email_taken', 'An account with this e-mail already exists', { field: 'email' });
    }
    if ((await this.#store.users.findByLogin(username)) !== undefined) {
      throw new IChatError('username_taken', 'This username is taken', { field: 'username' });
    }
    const passwordHash = await hashPassword(password);
    const user = await this.#store.users.create({ email, username, passwordHash, createdAt: now });
    return this.#issue(user, now);
  }

  /** @throws {IChatError} `invalid_credentials`, `banned`, `rate_limited` (with `retryAfterMs`), `unavailable`. */
  async login(body: LoginBody, address: string, now: number): Promise<AuthResult> {
    this.#requirePasswordAuth();
    const { email, password } = body;
    const accountKey = `account:${email}`;
    const addressKey = `address:${address}`;
    // Charged before the slow check, not after it: see AttemptLimit. A successful login gives its charge back.
    const wait = await AttemptLimit.take(
      [
        [this.#perAccount, accountKey],
        [this.#perAddress, addressKey],
      ],
      monotonicNow(),
    );
    if (wait > 0) throw new IChatError('rate_limited', 'Too many failed logins; try again later', { retryAfterMs: wait });

    let valid: boolean;
    let user: UserRecord | undefined;
    try {
      user = await this.#store.users.findByEmail(email);
      const candidate = password.length <= 1024 ? password : '';
      valid = await verifyPassword(user?.passwordHash ?? (await this.#decoyHash), candidate);
    } catch (error) {
      // Not a guess that was checked (the server was busy or failed): it does not count against anyone.
      await Promise.all([this.#perAccount.refund(accountKey, monotonicNow()), this.#perAddress.refund(addressKey, monotonicNow())]);
      throw error;
    }
    if (user === undefined || !valid) throw new IChatError('invalid_credentials', 'E-mail or password is wrong');
    await Promise.all([this.#perAccount.clear(accountKey), this.#perAddress.refund(addressKey, monotonicNow())]);
    // Only after the password checked out: a guesser must not learn that an account exists, banned or not.
    refuseBanned(user);
    return this.#issue(user, now);
  }

  /**
   * Signs in with a token the host site signed: verified, then its user found or created and their profile updated.
   * Each attempt is charged to the address's login allowance (shared with password logins) before the check, and
   * given back when it succeeds, so only refused tokens count towards the 429.
   *
   * @throws {IChatError} `forbidden` when no JWT key is configured, `invalid_token` (with `reason`), `banned`,
   * `rate_limited` (with `retryAfterMs`).
   */
  async signInWithJwt(token: string, address: string, now: number): Promise<JwtSignIn> {
    const host = this.#options.hostSignIn;
    if (host === undefined) throw new IChatError('forbidden', 'JWT sign-in is not configured on this server');
    const addressKey = `address:${address}`;
    const wait = await AttemptLimit.take([[this.#perAddress, addressKey]], now);
    if (wait > 0) throw new IChatError('rate_limited', 'Too many failed sign-ins; try again later', { retryAfterMs: wait });
    let signedIn;
    try {
      signedIn = await host.identities.signIn(await host.verifier.verify(token, now), now);
    } catch (error) {
      // Only a refused token is a failure of the caller's; a busy or failing server does not count against them.
      if (!(error instanceof IChatError && error.code === 'invalid_token')) await this.#perAddress.refund(addressKey, now);
      throw error;
    }
    await this.#perAddress.refund(addressKey, now);
    refuseBanned(signedIn.user);
    return {
      result: await this.#issue(signedIn.user, now, host.sessionTtlMs),
      created: signedIn.created,
      user: signedIn.user,
      profileChanged: signedIn.profileChanged,
    };
  }

  /**
   * A session for a user, as the host site's backend asks for one through the server API (for sites that prefer it to
   * JWTs). It lasts as long as a password login's.
   *
   * @throws {IChatError} `banned`.
   */
  async issueSession(user: UserRecord, now: number): Promise<AuthResult> {
    refuseBanned(user);
    return this.#issue(user, now);
  }

  /** Resolves a bearer token; undefined when it is unknown, revoked or expired, or its user is banned. */
  async resolve(token: string, now: number): Promise<Session | undefined> {
    const hash = tokenHash(this.#options.secret, token);
    const record = await this.#store.tokens.find(hash);
    if (record === undefined) return undefined;
    if (record.expiresAt <= now) {
      await this.#store.tokens.delete(hash);
      return undefined;
    }
    const user = await this.#store.users.findById(record.userId);
    // A ban deletes the user's tokens; this also refuses one issued in a race with the ban.
    if (user === undefined || user.bannedAt !== null) return undefined;
    return { user, tokenHash: hash, expiresAt: record.expiresAt };
  }

  /** Revokes a token. Closing the sockets that used it is the caller's job (it knows the sockets). */
  async logout(session: Session): Promise<void> {
    await this.#store.tokens.delete(session.tokenHash);
  }

  #requirePasswordAuth(): void {
    if (!this.#options.passwordAuth) {
      throw new IChatError('forbidden', 'Password sign-in is turned off on this server: sign in through the site');
    }
  }

  async #issue(user: UserRecord, now: number, ttlMs = this.#options.tokenTtlMs): Promise<AuthResult> {
    const token = newToken();
    const expiresAt = now + ttlMs;
    const hash = tokenHash(this.#options.secret, token);
    await this.#store.tokens.create(hash, { userId: user.id, createdAt: now, expiresAt });
    return { user: toMe(user), token, expiresAt };
  }
}
