// Uploading a file: its bytes as the body of the upload route, with progress where the platform reports it.

import { ATTACHMENT_ROUTES, errorOfAnswer, IChatError, parseAnswer, type Attachment } from '@ichat/protocol';
import type { FetchFunction } from './http-api.js';

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
  /** The upload route's absolute URL, query string included. */
  url: string;
  token: string;
  fetch: FetchFunction;
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

/** Reads the upload route's answer (JSON text and status) as the stored attachment, or throws the server's error. */
function answerOf(status: number, text: string): Attachment {
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new IChatError(status < 300 ? 'internal' : 'unavailable', `Server answered ${status} without JSON`);
  }
  if (status >= 200 && status < 300) return parseAnswer(ATTACHMENT_ROUTES.uploadAttachment, value).attachment;
  throw errorOfAnswer(value) ?? new IChatError(status >= 500 ? 'unavailable' : 'bad_request', `Server answered ${status}`);
}

function cancelled(cause?: unknown): IChatError {
  return new IChatError('cancelled', 'The upload was cancelled', { cause });
}

/** Uploads with XMLHttpRequest, whose upload events report progress as the bytes go out. */
function uploadWithXhr(target: UploadTarget, body: UploadBody, type: string, options: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = (): void => xhr.abort();
    xhr.open('POST', target.url);
    xhr.setRequestHeader('authorization', `Bearer ${target.token}`);
    xhr.setRequestHeader('content-type', type);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : sizeOf(body) });
    xhr.onload = () => {
      options.signal?.removeEventListener('abort', abort);
      try {
        resolve(answerOf(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error instanceof IChatError ? error : new IChatError('internal', 'Upload failed', { cause: error }));
      }
    };
    xhr.onerror = () => reject(new IChatError('unavailable', 'Could not reach the server'));
    xhr.onabort = () => reject(cancelled());
    options.signal?.addEventListener('abort', abort, { once: true });
    // A Uint8Array is sent as its own bytes: copied into a Blob so a view into a larger buffer sends only its part.
    xhr.send(body instanceof Uint8Array ? new Blob([body.slice()]) : body);
  });
}

async function uploadWithFetch(target: UploadTarget, body: UploadBody, type: string, options: UploadOptions): Promise<Attachment> {
  const total = sizeOf(body);
  options.onProgress?.({ loaded: 0, total });
  let response: Response;
  try {
    const init: RequestInit = {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': type },
      body: body instanceof Uint8Array ? new Blob([body.slice()]) : body,
    };
    if (options.signal !== undefined) init.signal = options.signal;
    response = await target.fetch(target.url, init);
  } catch (error) {
    if (options.signal?.aborted === true) throw cancelled(error);
    throw new IChatError('unavailable', 'Could not reach the server', { cause: error });
  }
  const attachment = answerOf(response.status, await response.text());
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
