// The attachment routes: the upload (the file's bytes as the body) and the download a signed link points to.

import { ATTACHMENT_LIMITS, UploadResultSchema } from '../attachments.js';
import { object, optional, string } from '../schema/kit.js';
import type { Infer } from '../schema/schema.js';
import { API_PREFIX } from '../version.js';
import { route } from './route-spec.js';

/** An upload's query string: the file's name. Its type is the request's `content-type`. */
export const UploadQuerySchema = object({ name: optional(string(ATTACHMENT_LIMITS.nameMax * 4)) });

/** A signed link's query string: the reader it was signed for, its expiry (ms since the epoch) and the signature. */
export const DownloadQuerySchema = object({ u: string(16, 1), exp: string(16, 1), sig: string(128, 1) });
export type DownloadQuery = Infer<typeof DownloadQuerySchema>;

/** Which file of an attachment a link fetches. */
export const ATTACHMENT_VARIANTS = ['file', 'thumbnail'] as const;
export type AttachmentVariant = (typeof ATTACHMENT_VARIANTS)[number];

export const ATTACHMENT_ROUTES = {
  /**
   * Uploads a file: the body is its bytes, `content-type` its type, `?name=` its file name. Answers the stored
   * attachment, for `message.send`'s `attachments`; one no message takes is removed after a grace period.
   */
  uploadAttachment: route({
    method: 'POST',
    path: `${API_PREFIX}/attachments`,
    rawBody: true,
    query: UploadQuerySchema,
    result: UploadResultSchema,
    status: 201,
    access: 'user',
  }),
  /**
   * Serves an attachment's file or thumbnail to a link's bearer: no token, so `<img src>` works; the link's signature,
   * expiry and reader are checked, and the reader must still be a member of the message's room.
   */
  downloadAttachment: route({
    method: 'GET',
    path: `${API_PREFIX}/attachments/{attachmentId}/{variant}`,
    params: { attachmentId: 'id', variant: ATTACHMENT_VARIANTS },
    query: DownloadQuerySchema,
    status: 200,
    access: 'public',
  }),
} as const;
