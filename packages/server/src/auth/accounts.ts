// Accounts: register, log in, log out and resolve tokens. HTTP and the socket both go through here.

import {
  IChatError,
  checkPassword,
  normaliseEmail,
  normaliseUsername,
  type AuthResult,
  type Me,
} from '@ichat/sdk/protocol';
import type { Store, UserRecord } from '../store/store.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { FailureThrottle } from './throttle.js';
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
}

/** The user as they see themselves on the wire. */
export function toMe(user: UserRecord): Me {
  return { id: user.id, email: user.email, username: user.username, createdAt: user.createdAt, isAdmin: user.isAdmin };
}

export class Accounts {
  readonly #store: Store;
  readonly #options: AccountsOptions;
  readonly #perAccount: FailureThrottle;
  readonly #perAddress: FailureThrottle;
  // Verified against when the e-mail is unknown, so both failures cost one argon2 verification.
  readonly #decoyHash: Promise<string>;

  constructor(store: Store, options: AccountsOptions) {
    this.#store = store;
    this.#options = options;
    this.#perAccount = new FailureThrottle(options.loginMaxFailures, options.loginWindowMs);
    this.#perAddress = new FailureThrottle(options.loginMaxFailures * 4, options.loginWindowMs);
    this.#decoyHash = hashPassword(newToken());
  }

  /** @throws {IChatError} `validation_failed` (with `field`), `email_taken`, `username_taken`. */
  async register(body: Readonly<Record<string, unknown>>, now: number): Promise<AuthResult> {
    const email = normaliseEmail(body['email']);
    const username = normaliseUsername(body['username']);
    const password = checkPassword(body['password']);
    // Fail fast on a taken name before paying for a hash; the unique indexes still decide races.
    if ((await this.#store.findUserByEmail(email)) !== undefined) {
      throw new IChatError('email_taken', 'An account with this e-mail already exists', { field: 'email' });
    }
    if ((await this.#store.findUserByLogin(username)) !== undefined) {
      throw new IChatError('username_taken', 'This username is taken', { field: 'username' });
    }
    const passwordHash = await hashPassword(password);
    const user = await this.#store.createUser({ email, username, passwordHash, createdAt: now });
    return this.#issue(user, now);
  }

  /** @throws {IChatError} `validation_failed`, `invalid_credentials`, `rate_limited` (with `retryAfterMs`). */
  async login(body: Readonly<Record<string, unknown>>, address: string, now: number): Promise<AuthResult> {
    const email = normaliseEmail(body['email']);
    const password = body['password'];
    if (typeof password !== 'string' || password.length === 0) {
      throw new IChatError('validation_failed', 'Password is required', { field: 'password' });
    }
    const accountKey = `account:${email}`;
    const addressKey = `address:${address}`;
    const wait = Math.max(this.#perAccount.retryAfterMs(accountKey, now), this.#perAddress.retryAfterMs(addressKey, now));
    if (wait > 0) throw new IChatError('rate_limited', 'Too many failed logins; try again later', { retryAfterMs: wait });

    const user = await this.#store.findUserByEmail(email);
    const candidate = password.length <= 1024 ? password : '';
    const valid = await verifyPassword(user?.passwordHash ?? (await this.#decoyHash), candidate);
    if (user === undefined || !valid) {
      this.#perAccount.fail(accountKey, now);
      this.#perAddress.fail(addressKey, now);
      throw new IChatError('invalid_credentials', 'E-mail or password is wrong');
    }
    this.#perAccount.clear(accountKey);
    return this.#issue(user, now);
  }

  /** Resolves a bearer token; undefined when it is unknown, revoked or expired. */
  async resolve(token: string, now: number): Promise<Session | undefined> {
    const hash = tokenHash(this.#options.secret, token);
    const record = await this.#store.findToken(hash);
    if (record === undefined) return undefined;
    if (record.expiresAt <= now) {
      await this.#store.deleteToken(hash);
      return undefined;
    }
    const user = await this.#store.findUserById(record.userId);
    return user === undefined ? undefined : { user, tokenHash: hash, expiresAt: record.expiresAt };
  }

  /** Revokes a token. Closing the sockets that used it is the caller's job (it knows the sockets). */
  async logout(session: Session): Promise<void> {
    await this.#store.deleteToken(session.tokenHash);
  }

  async #issue(user: UserRecord, now: number): Promise<AuthResult> {
    const token = newToken();
    const expiresAt = now + this.#options.tokenTtlMs;
    await this.#store.createToken(tokenHash(this.#options.secret, token), { userId: user.id, createdAt: now, expiresAt });
    return { user: toMe(user), token, expiresAt };
  }
}
