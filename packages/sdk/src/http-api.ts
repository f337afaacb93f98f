// The HTTP half of the API over fetch, built from the protocol's route table, with errors rebuilt as IChatError.

import {
  IChatError,
  CLIENT_ROUTES,
  errorOfAnswer,
  parseAnswer,
  routePath,
  statsSearchParams,
  type AuthResult,
  type JwtLoginBody,
  type LoginBody,
  type Me,
  type ProfileEditBody,
  type RegisterBody,
  type RouteSpec,
  type StatsQuery,
  type StatsResult,
} from '@ichat/protocol';

/** The `fetch` the SDK calls; the global one unless another is injected. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** How one call goes out: its route's method and path, and what travels with it. */
export interface RouteCall {
  readonly spec: RouteSpec<unknown, unknown>;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: URLSearchParams;
  readonly body?: object;
  /** Bytes sent as they are, with their type (an upload), instead of a JSON `body`. */
  readonly file?: { readonly bytes: Blob; readonly type: string };
  readonly token?: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * A route's answer from its status and text: its JSON (undefined when empty) when the status is 2xx, else the server's
 * error rebuilt. The one reading of answers, for fetch and for uploads through XMLHttpRequest alike.
 *
 * @throws {IChatError} the server's error; `unavailable` (an error status) or `internal` (a 2xx) without JSON.
 */
export function readAnswer(status: number, text: string): unknown {
  const ok = status >= 200 && status < 300;
  let value: unknown = undefined;
  if (text !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new IChatError(ok ? 'internal' : 'unavailable', `Server answered ${status} without JSON`);
    }
  }
  if (ok) return value;
  throw errorOfAnswer(value) ?? new IChatError(status >= 500 ? 'unavailable' : 'bad_request', `Server answered ${status}`);
}

/** The HTTP API of one server. */
export class HttpApi {
  readonly #origin: string;
  readonly #fetch: FetchFunction;

  constructor(url: string, fetchFunction: FetchFunction) {
    const parsed = new URL(url);
    if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') parsed.protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
    // A server mounted under a path prefix keeps it; the socket's own `/ws` is not part of it.
    this.#origin = `${parsed.origin}${parsed.pathname.replace(/\/(ws)?\/*$/, '')}`;
    this.#fetch = fetchFunction;
  }

  /** A path of this server as an absolute URL (a signed attachment link, say). */
  url(path: string): string {
    return `${this.#origin}${path}`;
  }

  /** @throws {IChatError} `validation_failed`, `email_taken`, `username_taken`, and network errors as `unavailable`. */
  async register(body: RegisterBody): Promise<AuthResult> {
    return parseAnswer(CLIENT_ROUTES.register, await this.call({ spec: CLIENT_ROUTES.register, body }));
  }

  /** @throws {IChatError} `validation_failed`, `invalid_credentials`, `rate_limited`. */
  async login(body: LoginBody): Promise<AuthResult> {
    return parseAnswer(CLIENT_ROUTES.login, await this.call({ spec: CLIENT_ROUTES.login, body }));
  }

  /**
   * Signs in with a JWT the host site signed for its user.
   * @throws {IChatError} `invalid_token` (with `reason`), `forbidden` (not configured), `rate_limited`.
   */
  async jwtLogin(body: JwtLoginBody): Promise<AuthResult> {
    return parseAnswer(CLIENT_ROUTES.jwtLogin, await this.call({ spec: CLIENT_ROUTES.jwtLogin, body }));
  }

  /** Revokes the token. @throws {IChatError} `unauthorized`. */
  async logout(token: string): Promise<void> {
    await this.call({ spec: CLIENT_ROUTES.logout, token });
  }

  /** @throws {IChatError} `unauthorized`. */
  async me(token: string): Promise<Me> {
    return parseAnswer(CLIENT_ROUTES.me, await this.call({ spec: CLIENT_ROUTES.me, token })).user;
  }

  /**
   * Edits the signed-in user's display name and avatar.
   * @throws {IChatError} `validation_failed` (with `field`), `forbidden` (a host site's user), `unauthorized`.
   */
  async updateProfile(token: string, body: ProfileEditBody): Promise<Me> {
    return parseAnswer(CLIENT_ROUTES.updateProfile, await this.call({ spec: CLIENT_ROUTES.updateProfile, body, token })).user;
  }

  /** Administrators only. @throws {IChatError} `unauthorized`, `forbidden`, `validation_failed`, `cancelled`. */
  async stats(token: string, query: StatsQuery, signal?: AbortSignal): Promise<StatsResult> {
    const call: RouteCall = { spec: CLIENT_ROUTES.stats, params: { series: query.series }, query: statsSearchParams(query), token, signal };
    return parseAnswer(CLIENT_ROUTES.stats, await this.call(call));
  }

  /**
   * Makes one call of a route and answers its JSON, unchecked (read it with `parseAnswer` and the route), or undefined
   * for a route that answers none. The SDK's clients are built on it.
   *
   * @throws {IChatError} the server's error, rebuilt; `unavailable` when the server cannot be reached; `cancelled`
   * when `signal` aborts it.
   */
  async call(call: RouteCall): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.file !== undefined) headers['content-type'] = call.file.type;
    if (call.token !== undefined) headers['authorization'] = `Bearer ${call.token}`;
    const init: RequestInit = { method: call.spec.method, headers };
    if (call.body !== undefined) init.body = JSON.stringify(call.body);
    if (call.file !== undefined) init.body = call.file.bytes;
    if (call.signal !== undefined) init.signal = call.signal;
    const query = call.query === undefined ? '' : `?${call.query.toString()}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}${routePath(call.spec, call.params)}${query}`, init);
    } catch (error) {
      if (call.signal?.aborted === true) throw new IChatError('cancelled', 'Request was cancelled', { cause: error });
      throw new IChatError('unavailable', 'Could not reach the server', { cause: error });
    }
    return readAnswer(response.status, await response.text());
  }
}
