// The attachment routes: the upload, and the download behind a signed link with headers that keep files inert.

import {
  ATTACHMENT_ROUTES,
  ATTACHMENT_VARIANTS,
  DownloadQuerySchema,
  IChatError,
  parseWith,
  UploadQuerySchema,
  type AttachmentVariant,
} from '@ichat/protocol';
import type { AttachmentService, Download } from '../attachments/attachment-service.js';
import { toAttachment } from '../store/contract/attachment-store.js';
import type { HttpResponse } from '../transport/http-handler.js';
import { signedIn } from './auth-routes.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

/**
 * Nothing in a served file may run or load anything, even if a browser were to render it: an SVG's scripts, an HTML
 * file's frames. `sandbox` also gives it an opaque origin, away from the chat's cookies and storage.
 */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** `filename*` as RFC 6266 writes a UTF-8 name, with a plain ASCII `filename` beside it for old clients. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function variantOf(value: string | undefined): AttachmentVariant {
  const variant = ATTACHMENT_VARIANTS.find((item) => item === value);
  if (variant === undefined) throw new IChatError('not_found', 'Not found');
  return variant;
}

/** The file with headers that let a browser show only inline images, and only until the link expires. */
export function fileResponse(file: Download, now: number): HttpResponse {
  const maxAge = Math.max(0, Math.floor((file.expiresAt - now) / 1000));
  return {
    status: 200,
    headers: {
      'content-type': file.type,
      'content-disposition': disposition(file.inline ? 'inline' : 'attachment', file.name),
      'content-security-policy': FILE_CSP,
      'x-content-type-options': 'nosniff',
      // Private: a shared cache must not hand one reader's file to another; the browser may keep it while the link lives.
      'cache-control': `private, max-age=${maxAge}`,
      'referrer-policy': 'no-referrer',
    },
    body: file.bytes,
  };
}

/**
 * `POST /api/v1/attachments` and `GET /api/v1/attachments/{attachmentId}/{variant}`. With `unverifiedMayOnlyRead`, a
 * password account whose e-mail is not verified may not upload, as it may not send.
 */
export function attachmentRoutes(
  attachments: AttachmentService,
  options: { unverifiedMayOnlyRead: boolean },
): Pick<RouteHandlers, 'uploadAttachment' | 'downloadAttachment'> {
  return {
    uploadAttachment: async ({ request, session }) => {
      const { user } = signedIn(session);
      if (options.unverifiedMayOnlyRead && user.host === null && user.emailVerifiedAt === null) {
        throw new IChatError('email_not_verified', 'Confirm your e-mail address first: open the link we sent you');
      }
      const query = parseWith(UploadQuerySchema, Object.fromEntries(request.query), 'bad_request');
      const record = await attachments.upload(
        { uploaderId: user.id, bytes: request.body, contentType: request.headers.get('content-type'), name: query.name },
        Date.now(),
      );
      return answer(ATTACHMENT_ROUTES.uploadAttachment, { attachment: toAttachment(record) });
    },
    downloadAttachment: async ({ request, params }) => {
      const query = parseWith(DownloadQuerySchema, Object.fromEntries(request.query), 'bad_request');
      const now = Date.now();
      const file = await attachments.download(Number(params['attachmentId']), variantOf(params['variant']), query, now);
      return fileResponse(file, now);
    },
  };
}
