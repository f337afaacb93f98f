// A real webhook receiver for the tests: a node:http server that checks each request's signature the way a host site's
// backend would (its own HMAC code, not the server's), records it, and answers as the test tells it to.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseWebhookEvent, WEBHOOK_HEADERS, type WebhookEvent } from '@ichat/protocol';

/** One request as it arrived. */
export interface ReceivedRequest {
  /** The parsed body; undefined when the signature or the body did not check out. */
  event: WebhookEvent | undefined;
  webhookId: string;
  signatureValid: boolean;
  contentType: string;
  /** `performance.now()` when it arrived. */
  at: number;
}

/** How to answer a request: a status, after an optional delay (a delay longer than the server's timeout is no answer). */
export interface Answer {
  status: number;
  delayMs?: number;
}

/** What the test says to answer, given the request and how many requests came before it. */
export type Responder = (request: ReceivedRequest, index: number) => Answer;

function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

/** Checks `v1=<hex>` against the HMAC-SHA256 of "<timestamp>.<body>", in constant time. */
export function signatureMatches(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** The secret to check signatures with; set once the endpoint is added. */
  secret = '';
  respond: Responder = () => ({ status: 200 });
  readonly #server: Server;
  /** Answers not sent yet, with the timer that would send each. */
  readonly #pending = new Map<ServerResponse, NodeJS.Timeout | undefined>();
  /** The status each request was answered with, by index; undefined while it waits. */
  readonly #statuses: (number | undefined)[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Starts a receiver on a free loopback port. */
  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => receiver.#handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('The receiver is not listening on a port');
    return `http://127.0.0.1:${address.port}/hooks`;
  }

  /** Events with a valid signature, in arrival order. */
  get events(): WebhookEvent[] {
    return this.requests.flatMap((request) => (request.event === undefined ? [] : [request.event]));
  }

  /** Events with a valid signature that were answered 2xx, each once (de-duplicated by `ichat-webhook-id`). */
  accepted(): WebhookEvent[] {
    const seen = new Map<string, WebhookEvent>();
    this.requests.forEach((request, index) => {
      if (request.event !== undefined && this.#statuses[index] !== undefined && this.#statuses[index] < 300) {
        seen.set(request.webhookId, request.event);
      }
    });
    return [...seen.values()];
  }

  /** How many requests are waiting for their answer. */
  get waiting(): number {
    return this.#pending.size;
  }

  /**
   * Cuts every request still waiting for its answer, as a receiver that crashed would: none of them counts as
   * accepted, so the server must send each again.
   */
  dropPending(): void {
    for (const [response, timer] of this.#pending) {
      clearTimeout(timer);
      response.destroy();
    }
    this.#pending.clear();
  }

  async close(): Promise<void> {
    this.dropPending();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = signatureMatches(
        this.secret,
        header(request, WEBHOOK_HEADERS.timestamp),
        body,
        header(request, WEBHOOK_HEADERS.signature),
      );
      const received: ReceivedRequest = {
        event: signatureValid ? parseWebhookEvent(JSON.parse(body)) : undefined,
        webhookId: header(request, WEBHOOK_HEADERS.id),
        signatureValid,
        contentType: header(request, 'content-type'),
        at: performance.now(),
      };
      const index = this.requests.length;
      this.requests.push(received);
      const answer = this.respond(received, index);
      const send = (): void => {
        this.#pending.delete(response);
        this.#statuses[index] = answer.status;
        response.writeHead(answer.status).end();
      };
      if (answer.delayMs === undefined) send();
      else this.#pending.set(response, setTimeout(send, answer.delayMs));
    });
  }
}
