// What people do with e-mail links: ask for a password reset, reset it, verify their address, get a new verification
// link, turn missed-message e-mail on or off, and unsubscribe in one click.

import { IChatError, type EmailSettings } from '@ichat/protocol';
import { hashPassword } from '../auth/passwords.js';
import { AttemptThrottle } from '../auth/throttle.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import { monotonicNow } from '../clock.js';
import type { LinkPurpose, Store, UserRecord } from '../store/contract/store.js';
import { resetMail, verifyMail } from './compose.js';
import { pageLink, readUnsubscribeToken } from './links.js';

export interface EmailAccountsOptions {
  /** Whether the server sends e-mail at all (an SMTP server is configured). */
  enabled: boolean;
  secret: string;
  /** The address people reach this server at, for the links (known once it listens). */
  publicUrl: () => string;
  /** How long a reset link works; a verification link works {@link VERIFY_TTL_FACTOR} times as long. */
  linkTtlMs: number;
  /** Reset and verification e-mails per address per hour (per client address: 4 times this). */
  perHour: number;
}

/** A verification link is opened at leisure, a reset link at once: it lives this many times as long. */
export const VERIFY_TTL_FACTOR = 24;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export class EmailAccounts {
  readonly #store: Store;
  readonly #options: EmailAccountsOptions;
  readonly #perAddress: AttemptThrottle;
  readonly #perClient: AttemptThrottle;

  constructor(store: Store, options: EmailAccountsOptions) {
    this.#store = store;
    this.#options = options;
    this.#perAddress = new AttemptThrottle(options.perHour, HOUR_MS);
    this.#perClient = new AttemptThrottle(options.perHour * 4, HOUR_MS);
  }

  /** Whether this server sends e-mail. */
  get enabled(): boolean {
    return this.#options.enabled;
  }

  /**
   * Queues a reset link when a password account has this address. Unknown addresses are charged and answered the
   * same, so neither the answer nor the throttle tells which addresses have accounts.
   *
   * @throws {IChatError} `email_disabled`, `rate_limited` (with `retryAfterMs`).
   */
  async requestPasswordReset(email: string, client: string, now: number): Promise<void> {
    this.#requireEnabled();
    this.#charge(email, client);
    const user = await this.#store.users.findByEmail(email);
    // A banned account gets no link: a reset would not let them in anyway.
    if (user === undefined || user.bannedAt !== null) return;
    await this.#issue(user, 'reset', now);
  }

  /**
   * Sets a new password with a reset link's token; answers the user's revoked session token hashes.
   * @throws {IChatError} `invalid_link`, `unavailable` when too many password hashes are waiting.
   */
  async resetPassword(token: string, password: string, now: number): Promise<{ userId: number; revoked: string[] }> {
    const passwordHash = await hashPassword(password);
    const reset = await this.#store.email.resetPassword(tokenHash(this.#options.secret, token), passwordHash, now);
    if (reset === undefined) throw invalidLink();
    return reset;
  }

  /** Marks the address of a verification link verified; answers whose it is. @throws {IChatError} `invalid_link`. */
  async verify(token: string, now: number): Promise<number> {
    const used = await this.#store.email.verify(tokenHash(this.#options.secret, token), now);
    if (used === undefined) throw invalidLink();
    return used.userId;
  }

  /**
   * Queues a verification link for a password account's address (after registration, or when they ask again). An
   * address verified already gets none. A request from `client` is throttled like reset requests; the e-mail of a
   * registration (no `client`) is not, as registrations have their own allowance.
   *
   * @throws {IChatError} `email_disabled`, `forbidden` for a host site's user, `rate_limited` (with `retryAfterMs`).
   */
  async sendVerification(user: UserRecord, client: string | undefined, now: number): Promise<void> {
    this.#requireEnabled();
    if (user.host !== null) throw new IChatError('forbidden', 'Your address comes from the site you signed in on');
    if (user.emailVerifiedAt !== null) return;
    if (client !== undefined) this.#charge(user.email, client);
    await this.#issue(user, 'verify', now);
  }

  /** The user's e-mail as they see it in their settings. */
  settings(user: UserRecord): EmailSettings {
    const address = user.host === null ? user.email : user.host.email;
    return {
      address,
      verified: user.host === null && user.emailVerifiedAt !== null,
      notifications: user.emailNotifications,
      serverSendsEmail: this.#options.enabled,
    };
  }

  /** @throws {IChatError} `unauthorized` when the account no longer exists. */
  async setNotifications(user: UserRecord, on: boolean): Promise<EmailSettings> {
    if (!(await this.#store.email.setNotifications(user.id, on))) throw new IChatError('unauthorized', 'This account no longer exists');
    return this.settings({ ...user, emailNotifications: on });
  }

  /** One-click unsubscribe. @throws {IChatError} `invalid_link` for a token that is forged, damaged or expired. */
  async unsubscribe(token: string, now: number): Promise<void> {
    const userId = readUnsubscribeToken(this.#options.secret, token, now);
    // An account deleted since is unsubscribed as surely as one turned off: both answer success.
    if (userId === undefined) throw invalidLink();
    await this.#store.email.setNotifications(userId, false);
  }

  #requireEnabled(): void {
    if (!this.#options.enabled) throw new IChatError('email_disabled', 'This server sends no e-mail');
  }

  #charge(email: string, client: string): void {
    const wait = AttemptThrottle.take(
      [
        [this.#perAddress, `email:${email}`],
        [this.#perClient, `address:${client}`],
      ],
      monotonicNow(),
    );
    if (wait > 0) throw new IChatError('rate_limited', 'Too many e-mails asked for; try again later', { retryAfterMs: wait });
  }

  async #issue(user: UserRecord, purpose: LinkPurpose, now: number): Promise<void> {
    const token = newToken();
    const reset = purpose === 'reset';
    const ttlMs = reset ? this.#options.linkTtlMs : this.#options.linkTtlMs * VERIFY_TTL_FACTOR;
    const link = pageLink(this.#options.publicUrl(), purpose, token);
    const content = reset ? resetMail(link, Math.round(ttlMs / MINUTE_MS)) : verifyMail(link, Math.round(ttlMs / HOUR_MS));
    await this.#store.email.issueLink(
      { tokenHash: tokenHash(this.#options.secret, token), userId: user.id, purpose, email: user.email, createdAt: now, expiresAt: now + ttlMs },
      { kind: purpose, userId: user.id, to: user.email, ...content, headers: {} },
      now,
    );
  }
}

function invalidLink(): IChatError {
  return new IChatError('invalid_link', 'This link is not valid any more: it was used already or has expired; ask for a new one');
}
