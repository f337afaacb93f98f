// Keeps a session alive with the host site's tokens: exchanges a fresh host JWT for an iChat session at start, before
// each session expires, and after the server refuses the current one.

import { IChatError, type AuthResult } from '@ichat/protocol';
import { backoffDelay } from './backoff.js';

/** Returns a fresh JWT signed by the host site for its signed-in user. */
export type TokenProvider = () => Promise<string>;

export interface RefresherHooks {
  /** Asks the host for a token. */
  readonly provider: TokenProvider;
  /** Trades the host's token for an iChat session (`POST /api/v1/auth/jwt`). */
  readonly exchange: (jwt: string) => Promise<AuthResult>;
  /** A new session is ready. */
  readonly renewed: (result: AuthResult) => void;
  /** No session could be had and retrying will not help (the host signed nobody in, or the token was refused). */
  readonly failed: (error: IChatError) => void;
}

/** A session is renewed once this share of its lifetime has passed, and at most this long before it ends. */
const RENEW_AT_SHARE = 0.8;
const RENEW_LEAD_MAX_MS = 60_000;
/** Node's timers fire at once for longer delays. */
const MAX_TIMER_MS = 2_147_483_647;

/** When to renew a session issued at `now` that ends at `expiresAt`. */
export function renewDelay(now: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - now);
  return Math.min(MAX_TIMER_MS, Math.max(0, lifetime - Math.min(RENEW_LEAD_MAX_MS, lifetime * (1 - RENEW_AT_SHARE))));
}

export class SessionRefresher {
  readonly #hooks: RefresherHooks;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #attempt = 0;
  #stopped = false;

  constructor(hooks: RefresherHooks) {
    this.#hooks = hooks;
  }

  /** Whether a renewal is under way (asking the host, or trading its token). */
  get renewing(): boolean {
    return this.#running !== undefined;
  }

  /** Renews now (at most one renewal at a time: a second call joins the one under way). */
  refresh(): Promise<void> {
    this.#stopped = false;
    clearTimeout(this.#timer);
    this.#running ??= this.#renew().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops renewing (on close or logout); `refresh` starts again. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #renew(): Promise<void> {
    let result: AuthResult;
    try {
      let jwt: string;
      try {
        jwt = await this.#hooks.provider();
      } catch (error) {
        throw new IChatError('unauthorized', 'The token provider gave no token', { cause: error });
      }
      result = await this.#hooks.exchange(jwt);
    } catch (error) {
      const typed = error instanceof IChatError ? error : new IChatError('internal', 'Sign-in failed', { cause: error });
      if (this.#stopped) return;
      if (typed.retryable) {
        // The server was unreachable or busy: the host's next token will do as well, after a pause.
        const delay = typed.retryAfterMs ?? backoffDelay(this.#attempt, {}, Math.random);
        this.#attempt += 1;
        this.#timer = setTimeout(() => void this.refresh(), delay);
      } else {
        this.#hooks.failed(typed);
      }
      return;
    }
    if (this.#stopped) return;
    this.#attempt = 0;
    this.#hooks.renewed(result);
    this.#timer = setTimeout(() => void this.refresh(), renewDelay(Date.now(), result.expiresAt));
  }
}
