// The SDK client of the widget's session: one per server and token, and where the session stands.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  IChatError,
  createClient,
  type AuthResult,
  type ClosedReason,
  type ConnectionState,
  type IChatClient,
  type LoginBody,
  type Me,
  type RegisterBody,
  type TokenProvider,
  type Unsubscribe,
} from '@ichat/sdk';

/** Where the session is: no account yet, waiting for the first sync, or live. */
export type SessionStatus = 'signed-out' | 'connecting' | 'ready';

/** Widget state kept from a client's events: attached to each new client, forgotten when it stops. */
export interface SessionPart {
  /** Starts listening; returns what stops it. */
  attach(client: IChatClient): Unsubscribe[];
  reset(): void;
}

/** What the session tells the element, beyond re-rendering it. */
export interface SessionObserver {
  ready(user: Me): void;
  unauthorized(): void;
}

export class SessionController implements ReactiveController {
  status: SessionStatus = 'signed-out';
  connection: ConnectionState = 'closed';
  closedReason: ClosedReason | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #observer: SessionObserver;
  readonly #parts: SessionPart[] = [];
  #client: IChatClient | undefined;
  #server = '';
  #provider: TokenProvider | undefined;
  #stops: Unsubscribe[] = [];

  constructor(host: ReactiveControllerHost, observer: SessionObserver) {
    this.#host = host;
    this.#observer = observer;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /**
   * Parts attach in the order they are added, after the session's own listeners. A part added while a client runs (a
   * lazy part, loaded on first use) attaches to it at once.
   */
  add(part: SessionPart): void {
    this.#parts.push(part);
    if (this.#client !== undefined) this.#stops.push(...part.attach(this.#client));
  }

  get started(): boolean {
    return this.#client !== undefined;
  }

  get client(): IChatClient | undefined {
    return this.#client;
  }

  get user(): Me | undefined {
    return this.#client?.user;
  }

  /** The client, for a call the visitor asked for: without one, the call fails like one made offline. */
  require(): IChatClient {
    if (this.#client === undefined) throw new IChatError('disconnected', 'The widget is not connected');
    return this.#client;
  }

  /** Whether the host page signs the visitor in (a token provider), so the sign-in form is never shown. */
  get hostSignIn(): boolean {
    return this.#provider !== undefined;
  }

  /**
   * Starts a client for this server: with the host's token provider, signed in by the host; else signed in at once
   * with a token, or waiting for `login` or `register`.
   */
  start(server: string, token: string, provider?: TokenProvider): void {
    this.stop();
    this.#server = server;
    this.#provider = provider;
    const client = createClient(
      provider !== undefined ? { url: server, tokenProvider: provider } : token === '' ? { url: server } : { url: server, token },
    );
    this.#client = client;
    this.status = provider !== undefined || token !== '' ? 'connecting' : 'signed-out';
    this.connection = client.state;
    this.#stops = [
      client.on('state', (change) => {
        this.connection = change.state;
        this.closedReason = change.reason;
        this.#host.requestUpdate();
      }),
      client.on('ready', ({ user }) => {
        this.status = 'ready';
        this.#host.requestUpdate();
        this.#observer.ready(user);
      }),
      client.on('unauthorized', () => {
        if (this.#provider === undefined) {
          this.#observer.unauthorized();
          return;
        }
        // The host signed nobody in, or its token was refused: nothing to do here but say so.
        this.status = 'signed-out';
        this.#host.requestUpdate();
      }),
      ...this.#parts.flatMap((part) => part.attach(client)),
    ];
    this.#host.requestUpdate();
  }

  /** Closes the client and forgets everything it held. */
  stop(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.#client?.close();
    this.#client = undefined;
    for (const part of this.#parts) part.reset();
    this.status = 'signed-out';
    this.connection = 'closed';
    this.closedReason = undefined;
  }

  async login(body: LoginBody): Promise<AuthResult> {
    return this.#connecting(await this.require().login(body));
  }

  async register(body: RegisterBody): Promise<AuthResult> {
    return this.#connecting(await this.require().register(body));
  }

  /** Revokes the token (best effort: an offline logout still signs out here) and starts a fresh signed-out client. */
  async logout(): Promise<void> {
    const client = this.#client;
    this.start(this.#server, '', this.#provider);
    await client?.logout().catch(() => undefined);
  }

  #connecting(result: AuthResult): AuthResult {
    this.status = 'connecting';
    this.#host.requestUpdate();
    return result;
  }
}
