// The HTTP half of the API: register, log in, log out and who-am-I, over fetch, with errors rebuilt as IChatError.

import {
  API_PREFIX,
  IChatError,
  isFields,
  parseAuthResult,
  parseMeResult,
  parseStatsResult,
  statsSearchParams,
  type AuthResult,
  type LoginBody,
  type Me,
  type RegisterBody,
  type StatsQuery,
  type StatsResult,
} from './protocol/index.js';

/** The `fetch` the SDK calls; the global one unless another is injected. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** The HTTP API of one server. */
export class HttpApi {
  readonly #base: string;
  readonly #fetch: FetchFunction;

  constructor(url: string, fetchFunction: FetchFunction) {
    const parsed = new URL(url);
    if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') parsed.protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
    this.#base = `${parsed.origin}${parsed.pathname.replace(/\/(ws)?\/*$/, '')}${API_PREFIX}`;
    this.#fetch = fetchFunction;
  }

  /** @throws {IChatError} `validation_failed`, `email_taken`, `username_taken`, and network errors as `unavailable`. */
  async register(body: RegisterBody): Promise<AuthResult> {
    return parseAuthResult(await this.#call('POST', '/auth/register', body));
  }

  /** @throws {IChatError} `validation_failed`, `invalid_credentials`, `rate_limited`. */
  async login(body: LoginBody): Promise<AuthResult> {
    return parseAuthResult(await this.#call('POST', '/auth/login', body));
  }

  /** Revokes the token. @throws {IChatError} `unauthorized`. */
  async logout(token: string): Promise<void> {
    await this.#call('POST', '/auth/logout', undefined, token);
  }

  /** @throws {IChatError} `unauthorized`. */
  async me(token: string): Promise<Me> {
    return parseMeResult(await this.#call('GET', '/me', undefined, token)).user;
  }

  /** Administrators only. @throws {IChatError} `unauthorized`, `forbidden`, `validation_failed`, `cancelled`. */
  async stats(token: string, query: StatsQuery, signal?: AbortSignal): Promise<StatsResult> {
    const path = `/admin/stats/${encodeURIComponent(query.series)}?${statsSearchParams(query).toString()}`;
    return parseStatsResult(await this.#call('GET', path, undefined, token, signal));
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    body: object | undefined,
    token?: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal !== undefined) init.signal = signal;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, init);
    } catch (error) {
      if (signal?.aborted === true) throw new IChatError('cancelled', 'Request was cancelled', { cause: error });
      throw new IChatError('unavailable', 'Could not reach the server', { cause: error });
    }
    const text = await response.text();
    let value: unknown = undefined;
    if (text !== '') {
      try {
        value = JSON.parse(text);
      } catch {
        throw new IChatError(response.ok ? 'internal' : 'unavailable', `Server answered ${response.status} without JSON`);
      }
    }
    if (response.ok) return value;
    if (isFields(value) && value['error'] !== undefined) throw IChatError.fromWire(value['error']);
    throw new IChatError(response.status >= 500 ? 'unavailable' : 'bad_request', `Server answered ${response.status}`);
  }
}
