// The e-mails themselves: subject, plain text and HTML for reset, verification and missed-message mail. Everything a
// user wrote reaches the HTML only escaped, so a message cannot add markup or links to an e-mail.

import type { DigestRoom } from '../store/contract/store.js';

/** An e-mail's contents, before it is addressed and queued. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A time as e-mails show it, in UTC (the server does not know the reader's zone): `2026-12-01 20:15 UTC`. */
export function mailTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.4;color:#222">${body}</body></html>`
  );
}

function button(href: string, label: string): string {
  return `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:8px 16px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

/** The password reset e-mail. */
export function resetMail(link: string, validMinutes: number): MailContent {
  const subject = 'Reset your chat password';
  const lines = [
    'Someone (hopefully you) asked to reset the password of your chat account.',
    `Choose a new password here within ${validMinutes} minutes: ${link}`,
    'Every device signed in to your account will be signed out.',
    'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  ];
  const html = page(
    subject,
    `<p>${escapeHtml(lines[0] ?? '')}</p>${button(link, 'Choose a new password')}` +
      `<p>The link works for ${validMinutes} minutes, once. ${escapeHtml(lines[2] ?? '')}</p><p>${escapeHtml(lines[3] ?? '')}</p>`,
  );
  return { subject, text: `${lines.join('\n\n')}\n`, html };
}

/** The address verification e-mail. */
export function verifyMail(link: string, validHours: number): MailContent {
  const subject = 'Confirm your e-mail address';
  const text =
    `Confirm that this is your address for your chat account by opening this link within ${validHours} hours:\n\n${link}\n\n` +
    'If you did not create an account, ignore this e-mail.\n';
  const html = page(
    subject,
    `<p>Confirm that this is your address for your chat account.</p>${button(link, 'Confirm my address')}` +
      `<p>The link works for ${validHours} hours, once. If you did not create an account, ignore this e-mail.</p>`,
  );
  return { subject, text, html };
}

/** The links at the foot of a missed-message e-mail. */
export interface DigestLinks {
  chat: string;
  unsubscribe: string;
}

/** The missed-message e-mail: every room's unread messages (sender, time, text) in one mail. */
export function digestMail(rooms: readonly DigestRoom[], links: DigestLinks): MailContent {
  const total = rooms.reduce((sum, room) => sum + room.unread, 0);
  const subject =
    rooms.length === 1 && rooms[0] !== undefined
      ? `${total} unread message${total === 1 ? '' : 's'} in ${rooms[0].title}`
      : `${total} unread messages in ${rooms.length} chats`;
  const text: string[] = [];
  const html: string[] = [];
  for (const room of rooms) {
    const earlier = room.unread - room.messages.length;
    const counts =
      room.mentioned === 0 ? `${room.unread} unread` : room.mentioned === room.unread ? `${room.mentioned} mentioning you` : `${room.unread} unread, ${room.mentioned} mentioning you`;
    text.push(`${room.title} (${counts})`, '');
    html.push(`<h2 style="font-size:16px;margin:16px 0 4px">${escapeHtml(room.title)} <small>(${counts})</small></h2>`);
    if (earlier > 0) {
      text.push(`  … ${earlier} earlier`);
      html.push(`<p style="color:#666">… ${earlier} earlier</p>`);
    }
    for (const message of room.messages) {
      text.push(`  ${message.sender}, ${mailTime(message.createdAt)}:`, ...message.text.split('\n').map((line) => `    ${line}`));
      html.push(
        `<p style="margin:4px 0"><b>${escapeHtml(message.sender)}</b> <span style="color:#666">${escapeHtml(mailTime(message.createdAt))}</span>` +
          `<br><span style="white-space:pre-wrap">${escapeHtml(message.text)}</span></p>`,
      );
    }
    text.push('');
  }
  text.push(`Open the chat: ${links.chat}`, '', `No more of these e-mails: ${links.unsubscribe}`);
  html.push(
    button(links.chat, 'Open the chat'),
    `<p style="color:#666;font-size:12px"><a href="${escapeHtml(links.unsubscribe)}">No more of these e-mails</a></p>`,
  );
  return { subject, text: `${text.join('\n')}\n`, html: page(subject, html.join('')) };
}
