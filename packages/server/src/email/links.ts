// The links in e-mails: where each points, and the signed, expiring token of the one-click unsubscribe link.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { API_PREFIX, routePath, EMAIL_ROUTES } from '@ichat/protocol';

/** The pages the server serves for links from e-mails (the widget package's standalone pages). */
export const ACCOUNT_PAGES = {
  reset: '/account/reset',
  verify: '/account/verify',
  unsubscribe: '/account/unsubscribe',
} as const;

/** A page of this server with a token in its query string: `https://chat.example.com/account/reset?token=…`. */
export function pageLink(publicUrl: string, page: keyof typeof ACCOUNT_PAGES, token: string): string {
  return `${publicUrl}${ACCOUNT_PAGES[page]}?token=${encodeURIComponent(token)}`;
}

/** The one-click unsubscribe URL (RFC 8058) that `List-Unsubscribe` names: a POST to it needs no session. */
export function oneClickUnsubscribeLink(publicUrl: string, token: string): string {
  return `${publicUrl}${routePath(EMAIL_ROUTES.emailUnsubscribe, { token })}`;
}

function unsubscribeMac(secret: string, userId: number, expiresAt: number): Buffer {
  // The purpose is part of what is signed, so no other token made with the same key can pass for this one.
  return createHmac('sha256', secret).update(`${API_PREFIX} unsubscribe ${userId} ${expiresAt}`).digest();
}

/**
 * An unsubscribe token: `<userId>.<expiresAt>.<HMAC>`. Nothing is stored for it: the HMAC with the server's secret
 * proves the server issued it, and the expiry is part of what is signed.
 */
export function unsubscribeToken(secret: string, userId: number, expiresAt: number): string {
  return `${userId}.${expiresAt}.${unsubscribeMac(secret, userId, expiresAt).toString('base64url')}`;
}

/** The user an unsubscribe token is for, when it is well-formed, signed with `secret` and not expired; else undefined. */
export function readUnsubscribeToken(secret: string, token: string, now: number): number | undefined {
  const match = /^([1-9]\d{0,14})\.(\d{1,16})\.([\w-]{43})$/.exec(token);
  if (match === null) return undefined;
  const userId = Number(match[1]);
  const expiresAt = Number(match[2]);
  const given = Buffer.from(match[3] ?? '', 'base64url');
  const expected = unsubscribeMac(secret, userId, expiresAt);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return expiresAt > now ? userId : undefined;
}
