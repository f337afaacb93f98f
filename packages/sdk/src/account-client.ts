// The account e-mail client: password reset, address verification and the missed-message preference. Apart from
// `IChatClient`, so that an app (the chat widget) that never shows these flows does not carry their code.

import {
  EMAIL_ROUTES,
  IChatError,
  parseAnswer,
  type EmailSettings,
  type RouteSpec,
} from '@ichat/protocol';
import { HttpApi, type FetchFunction, type RouteCall } from './http-api.js';

/** Where the server is, and whose session to use for the calls that need one. */
export interface AccountClientOptions {
  /** The server's base URL, `https://chat.example.com`. */
  url: string;
  /**
   * The signed-in user's session token, for `resendVerification` and the e-mail preference; a function is read at
   * each call, so `() => client.token` follows an `IChatClient` through logins and refreshes.
   */
  token?: string | (() => string | undefined);
  /** The `fetch` to call; the global one unless another is given. */
  fetch?: FetchFunction;
}

/** Password reset, address verification and the e-mail preference of one server. */
export class AccountClient {
  readonly #api: HttpApi;
  readonly #token: AccountClientOptions['token'];

  constructor(options: AccountClientOptions) {
    this.#api = new HttpApi(options.url, options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    this.#token = options.token;
  }

  /**
   * Asks for a password reset link by e-mail. Resolves the same whether or not an account has the address.
   * @throws {IChatError} `validation_failed` (field `email`), `rate_limited` (with `retryAfterMs`), `email_disabled`.
   * @example
   * ```ts
   * await accounts.requestPasswordReset('ada@example.com');
   * ```
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.#send(EMAIL_ROUTES.requestPasswordReset, { body: { email } });
  }

  /**
   * Sets a new password with the token of a reset link (`/account/reset?token=…`). Every session of the account ends,
   * this device's included: log in again with the new password.
   * @throws {IChatError} `invalid_link` (used, expired or unknown), `validation_failed` (field `password`).
   */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    await this.#send(EMAIL_ROUTES.resetPassword, { body: { token, password: newPassword } });
  }

  /** Verifies the address with the token of a verification link. @throws {IChatError} `invalid_link`. */
  async verifyEmail(token: string): Promise<void> {
    await this.#send(EMAIL_ROUTES.verifyEmail, { body: { token } });
  }

  /** Sends the signed-in user a new verification link. @throws {IChatError} `unauthorized`, `rate_limited`, `email_disabled`. */
  async resendVerification(): Promise<void> {
    await this.#send(EMAIL_ROUTES.resendVerification, { token: this.#session() });
  }

  /** The signed-in user's address, whether it is verified, and whether they get missed-message e-mails. */
  async emailSettings(): Promise<EmailSettings> {
    return (await this.#read(EMAIL_ROUTES.emailSettings, { token: this.#session() })).email;
  }

  /**
   * Turns the signed-in user's missed-message e-mails on or off; answers the settings as now stored.
   * @example
   * ```ts
   * await accounts.setEmailNotifications(false);
   * ```
   */
  async setEmailNotifications(on: boolean): Promise<EmailSettings> {
    return (await this.#read(EMAIL_ROUTES.updateEmailSettings, { token: this.#session(), body: { notifications: on } })).email;
  }

  /**
   * Turns missed-message e-mails off with the token of an e-mail's unsubscribe link (`/account/unsubscribe?token=…`);
   * needs no session. @throws {IChatError} `invalid_link` (forged or expired).
   */
  async unsubscribe(token: string): Promise<void> {
    await this.#send(EMAIL_ROUTES.emailUnsubscribe, { params: { token } });
  }

  #session(): string {
    const token = typeof this.#token === 'function' ? this.#token() : this.#token;
    if (token === undefined) throw new IChatError('unauthorized', 'Sign in first: this needs a session token');
    return token;
  }

  /** A call of a route that answers no JSON (202, 204). */
  async #send(spec: RouteSpec<unknown, undefined>, call: Omit<RouteCall, 'spec'>): Promise<void> {
    await this.#api.call({ ...call, spec });
  }

  async #read<Result>(spec: RouteSpec<unknown, Result>, call: Omit<RouteCall, 'spec'>): Promise<Result> {
    return parseAnswer(spec, await this.#api.call({ ...call, spec }));
  }
}

/**
 * The account e-mail client of a server.
 *
 * @example
 * ```ts
 * import { createAccountClient, createClient } from '@ichat/sdk';
 *
 * const client = createClient({ url: 'https://chat.example.com' });
 * const accounts = createAccountClient({ url: 'https://chat.example.com', token: () => client.token });
 * await accounts.setEmailNotifications(false);
 * ```
 */
export function createAccountClient(options: AccountClientOptions): AccountClient {
  return new AccountClient(options);
}
