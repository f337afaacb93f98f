// A real SMTP server for the suites (smtp-server), keeping every e-mail it accepts parsed (mailparser), so tests read
// what was actually sent. It can be stopped and started again on the same port, to play an SMTP outage.

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One accepted e-mail: who it was for, and the message as parsed. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Each header's value as sent (unfolded), by lower-case name. */
  raw: ReadonlyMap<string, string>;
}

function receivedOf(parsed: ParsedMail, to: string): ReceivedMail {
  return {
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
    raw: new Map(parsed.headerLines.map((line) => [line.key, line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()])),
  };
}

/** How long {@link Mailbox.nth} waits unless told otherwise. */
const DEFAULT_WAIT_MS = 5000;

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives.
 *
 * @example
 * ```ts
 * const mailbox = new Mailbox();
 * await mailbox.start(); // then start iChat with --smtp-url mailbox.url
 * const mail = await mailbox.nth('ada@example.test');
 * ```
 */
export class Mailbox {
  readonly received: ReceivedMail[] = [];
  #server: SMTPServer | undefined;
  #port = 0;
  readonly #waiters = new Set<() => void>();

  /** Starts listening on a free port of 127.0.0.1 (or the port it had before a {@link stop}). */
  async start(): Promise<void> {
    const server = new SMTPServer({
      // Plain SMTP on loopback: no certificate to make, and nothing to log in with.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
        simpleParser(stream)
          .then((parsed) => {
            this.received.push(receivedOf(parsed, to));
            for (const wake of this.#waiters) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#port = (server.server.address() as AddressInfo).port;
  }

  /** The URL to give the iChat server. */
  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Stops accepting connections: the SMTP server is down until {@link start}. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The e-mails received for `to`. */
  for(to: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === to);
  }

  /** Waits for the `count`-th e-mail to `to` (1 for the first) and answers it. */
  async nth(to: string, count = 1, ms = DEFAULT_WAIT_MS): Promise<ReceivedMail> {
    const deadline = Date.now() + ms;
    for (;;) {
      const mail = this.for(to)[count - 1];
      if (mail !== undefined) return mail;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${ms} ms waiting for e-mail number ${count} to ${to}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }
}

/** The token in a link of an e-mail's text that opens `page` (such as `/account/reset`). */
export function linkToken(mail: ReceivedMail, page: string): string {
  const match = new RegExp(`https?://[^\\s]+${page}\\?token=([\\w%-]+)`).exec(mail.text);
  if (match?.[1] === undefined) throw new Error(`No ${page} link in the e-mail "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}
