// Sending one e-mail to the SMTP server. The rest of the server sees only `Mailer`; nodemailer lives here.

import { createTransport } from 'nodemailer';

/** One e-mail as it goes to the SMTP server. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Readonly<Record<string, string>>;
  /** The same on every attempt at one queued e-mail, so a receiver can drop the copy a retry may make. */
  messageId: string;
}

/** Hands e-mails to an SMTP server. */
export interface Mailer {
  /** Resolves once the SMTP server has accepted the e-mail; rejects with its reason when it has not. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How long each step of a conversation with the SMTP server may take before the attempt counts as failed. */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * A mailer over the SMTP server at `url` (smtp:// with STARTTLS when the server offers it, smtps:// for TLS from the
 * start), sending as `from`. One connection per e-mail: mail is rare next to chat, and a fresh connection recovers by
 * itself from a server that restarted.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { ...mail.headers },
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}
