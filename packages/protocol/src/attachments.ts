// Attachments on the wire: what an uploaded file is, the types a server takes, and the signed links that fetch them.

import { array, boolean, int, nullable, object, oneOf, string } from './schema/kit.js';
import type { Infer } from './schema/schema.js';

/** Attachment limits every server shares; the largest file is the server's own setting (`--max-attachment-bytes`). */
export const ATTACHMENT_LIMITS = {
  /** Attachments on one message. */
  perMessage: 10,
  /** A file name, in characters (longer names are cut, keeping the extension). */
  nameMax: 200,
  /** Links asked for in one `attachment.links` request. */
  linksPerRequest: 50,
} as const;

/** Images shown inline (and given a thumbnail): their bytes are re-encoded by the server without metadata. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/**
 * Every type a server accepts, each recognised from the file's bytes; anything else is refused. Only the inline image
 * types are ever shown in a page: the rest, SVG and HTML included, are served as downloads.
 */
export const ATTACHMENT_TYPES = [
  ...INLINE_IMAGE_TYPES,
  'image/svg+xml',
  'application/pdf',
  'application/zip',
  'text/plain',
  'text/html',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Whether `value` is one of {@link ATTACHMENT_TYPES}. */
export function isAttachmentType(value: string): value is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(value);
}

/** Whether an attachment of this type is shown inline as an image. */
export function isInlineImage(type: string): boolean {
  return (INLINE_IMAGE_TYPES as readonly string[]).includes(type);
}

/** An uploaded file, as a message carries it: no URL, since links are signed for each reader (`attachment.links`). */
export const AttachmentSchema = object({
  id: int(1),
  /** The file name the uploader gave (cut to {@link ATTACHMENT_LIMITS}.nameMax). Show it as text. */
  name: string(),
  /** The type found in the file's bytes, which is also the one it was declared as. */
  type: oneOf(ATTACHMENT_TYPES),
  /** Bytes as stored: for an image, after its metadata was stripped. */
  size: int(0),
  /** Pixels, for images; `null` for other files. */
  width: nullable(int(1)),
  height: nullable(int(1)),
  /** Whether a thumbnail exists (inline images only). */
  thumbnail: boolean,
});
export type Attachment = Infer<typeof AttachmentSchema>;

/**
 * Where to fetch an attachment: paths with a signature and an expiry in the query, valid for the reader they were
 * signed for until `expiresAt`, and only while that reader is still a member of the message's room.
 */
export const AttachmentLinkSchema = object({
  id: int(1),
  /** The file, as a path of this server (resolve it against the server's URL). */
  url: string(),
  /** The thumbnail's path, or `null` without one. */
  thumbnailUrl: nullable(string()),
  expiresAt: int(),
});
export type AttachmentLink = Infer<typeof AttachmentLinkSchema>;

/** The answer to an upload. */
export const UploadResultSchema = object({ attachment: AttachmentSchema });
export type UploadResult = Infer<typeof UploadResultSchema>;

/** The attachment ids a message is sent with. */
export const AttachmentIdsSchema = array(int(1), ATTACHMENT_LIMITS.perMessage);
