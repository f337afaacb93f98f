// Uploading a file: its bytes as the body of the upload route, with progress where the platform reports it.

import { ATTACHMENT_ROUTES, IChatError, parseAnswer, routePath, type Attachment } from '@ichat/protocol';
import { readAnswer, type HttpApi } from './http-api.js';

/** What an upload takes: a browser `File` or `Blob`, or bytes (a Node `Buffer` is a `Uint8Array`). */
export type UploadBody = Blob | Uint8Array;

/** How far an upload has got, in bytes. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Options of {@link IChatClient.upload}. */
export interface UploadOptions {
  /** The file name; a `File`'s own name when absent, else `file`. */
  name?: string;
  /** The declared type; a `Blob`'s own type when absent. The server checks it against the bytes either way. */
  type?: string;
  /**
   * Told of progress as the bytes go out. Browsers report it as it happens (XMLHttpRequest's upload events);
   * elsewhere it is told once at the start and once when the server has answered.
   */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload: it rejects with `cancelled`, and the server keeps nothing of it. */
  signal?: AbortSignal;
}

/** Where and as whom an upload goes. */
export interface UploadTarget {
  http: HttpApi;
  /** The upload route's query (the file name). */
  query: URLSearchParams;
  token: string;
}

function sizeOf(body: UploadBody): number {
  return body instanceof Uint8Array ? body.byteLength : body.size;
}

/** The file name and declared type of an upload. */
export function describeUpload(body: UploadBody, options: UploadOptions): { name: string; type: string } {
  const ownName = typeof File === 'function' && body instanceof File ? body.name : undefined;
  const ownType = body instanceof Uint8Array ? '' : body.type;
  return { name: options.name ?? ownName ?? 'file', type: options.type ?? (ownType === '' ? 'application/octet-stream' : ownType) };
}

/** The stored attachment of the upload route's answer, or the server's error. */
function attachmentOf(answer: unknown): Attachment {
  return parseAnswer(ATTACHMENT_ROUTES.uploadAttachment, answer).attachment;
}

/** The bytes as a Blob: a Uint8Array is copied, so a view into a larger buffer sends only its part. */
function blobOf(body: UploadBody): Blob {
  return body instanceof Uint8Array ? new Blob([body.slice()]) : body;
}

function cancelled(cause?: unknown): IChatError {
  return new IChatError('cancelled', 'The upload was cancelled', { cause });
}

/** Uploads with XMLHttpRequest, whose upload events report progress as the bytes go out. */
function uploadWithXhr(target: UploadTarget, body: UploadBody, type: string, options: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = (): void => xhr.abort();
    xhr.open('POST', target.http.url(`${routePath(ATTACHMENT_ROUTES.uploadAttachment)}?${target.query.toString()}`));
    xhr.setRequestHeader('authorization', `Bearer ${target.token}`);
    xhr.setRequestHeader('content-type', type);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : sizeOf(body) });
    xhr.onload = () => {
      options.signal?.removeEventListener('abort', abort);
      try {
        resolve(attachmentOf(readAnswer(xhr.status, xhr.responseText)));
      } catch (error) {
        reject(error instanceof IChatError ? error : new IChatError('internal', 'Upload failed', { cause: error }));
      }
    };
    xhr.onerror = () => reject(new IChatError('unavailable', 'Could not reach the server'));
    xhr.onabort = () => reject(cancelled());
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.send(blobOf(body));
  });
}

/** Uploads through the client's HTTP API (its fetch, its error mapping); progress only at the start and the end. */
async function uploadWithFetch(target: UploadTarget, body: UploadBody, type: string, options: UploadOptions): Promise<Attachment> {
  const total = sizeOf(body);
  options.onProgress?.({ loaded: 0, total });
  const answer = await target.http.call({
    spec: ATTACHMENT_ROUTES.uploadAttachment,
    query: target.query,
    token: target.token,
    signal: options.signal,
    file: { bytes: blobOf(body), type },
  });
  const attachment = attachmentOf(answer);
  options.onProgress?.({ loaded: total, total });
  return attachment;
}

/**
 * Uploads a file to the server and resolves with the stored attachment, to send with `client.send`.
 *
 * @throws {IChatError} `attachment_too_large`, `attachment_type_not_allowed`, `unauthorized`, `cancelled`,
 * `unavailable`.
 */
export function uploadFile(target: UploadTarget, body: UploadBody, type: string, options: UploadOptions): Promise<Attachment> {
  if (options.signal?.aborted === true) return Promise.reject(cancelled());
  // Progress needs XMLHttpRequest; without a listener, fetch (the one the client was given) does the same job.
  const xhr = options.onProgress !== undefined && typeof XMLHttpRequest === 'function';
  return xhr ? uploadWithXhr(target, body, type, options) : uploadWithFetch(target, body, type, options);
}
