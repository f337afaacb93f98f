// Origin policy for the API and the socket: the widget runs on other sites, so origins are checked explicitly.

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Decides whether a browser origin may use this server. An empty allow-list allows every origin. */
export class OriginPolicy {
  readonly #allowed: ReadonlySet<string> | undefined;

  constructor(allowedOrigins: readonly string[]) {
    this.#allowed =
      allowedOrigins.length === 0 ? undefined : new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  }

  get allowsAny(): boolean {
    return this.#allowed === undefined;
  }

  /**
   * Requests without an Origin header (servers, bots, curl) are not browser cross-origin requests and pass, and so
   * do same-origin ones (the server's own pages: browsers send Origin on POSTs and socket upgrades too), recognised
   * by the Origin's host matching the request's Host.
   */
  allows(origin: string | undefined, host?: string): boolean {
    if (origin === undefined || this.#allowed === undefined || this.#allowed.has(origin.toLowerCase())) return true;
    return host !== undefined && host !== '' && hostOf(origin) === host.toLowerCase();
  }

  /** CORS response headers for an allowed origin. */
  headers(origin: string | undefined, host?: string): Record<string, string> {
    if (origin === undefined || !this.allows(origin, host)) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-headers': 'authorization, content-type',
      // PATCH: the widget and the SDK edit the user's profile from the embedding page's origin.
      'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
      'access-control-max-age': '600',
      vary: 'Origin',
    };
  }
}
