// Short-lived links to attachments: HMAC-signed with the server secret for one reader, so `<img src>` needs no header.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { ATTACHMENT_ROUTES, IChatError, routePath, type AttachmentVariant, type DownloadQuery } from '@ichat/protocol';

/** What a link grants: one file of one attachment, to one reader, until `expiresAt`. */
export interface LinkGrant {
  attachmentId: number;
  variant: AttachmentVariant;
  readerId: number;
  expiresAt: number;
}

export class LinkSigner {
  readonly #key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the secret: a link's signature can never stand in for a token's or an e-mail's.
    this.#key = createHmac('sha256', secret).update('ichat attachment links').digest();
  }

  #signature(grant: LinkGrant): Buffer {
    return createHmac('sha256', this.#key)
      .update(`${grant.attachmentId}:${grant.variant}:${grant.readerId}:${grant.expiresAt}`)
      .digest();
  }

  /** The link's path and query, relative to the server. */
  path(grant: LinkGrant): string {
    const query = new URLSearchParams({
      u: String(grant.readerId),
      exp: String(grant.expiresAt),
      sig: this.#signature(grant).toString('base64url'),
    });
    const path = routePath(ATTACHMENT_ROUTES.downloadAttachment, { attachmentId: String(grant.attachmentId), variant: grant.variant });
    return `${path}?${query.toString()}`;
  }

  /**
   * The reader a link was signed for, once its signature and expiry are checked.
   *
   * @throws {IChatError} `invalid_link` for a link that was not signed here for this file, or has expired.
   */
  verify(attachmentId: number, variant: AttachmentVariant, query: DownloadQuery, now: number): number {
    const readerId = /^[1-9]\d{0,14}$/.test(query.u) ? Number(query.u) : undefined;
    const expiresAt = /^\d{1,15}$/.test(query.exp) ? Number(query.exp) : undefined;
    if (readerId === undefined || expiresAt === undefined) throw new IChatError('invalid_link', 'This link is not valid');
    const expected = this.#signature({ attachmentId, variant, readerId, expiresAt });
    const given = Buffer.from(query.sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new IChatError('invalid_link', 'This link is not valid');
    }
    if (now >= expiresAt) throw new IChatError('invalid_link', 'This link has expired: ask for a new one');
    return readerId;
  }
}
