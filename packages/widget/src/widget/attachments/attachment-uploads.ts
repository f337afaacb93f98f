// The files the reader is adding to the next message: each uploaded at once, with its progress, cancel and outcome.

import { ATTACHMENT_LIMITS, IChatError, type Attachment, type IChatClient } from '@ichat/sdk';
import { fill } from '../../strings.js';
import type { AttachmentStrings } from './attachment-strings.js';

/** One file on its way: uploading (with bytes so far), ready to send, or refused (with the reason to show). */
export interface Upload {
  readonly key: number;
  readonly name: string;
  state: 'uploading' | 'ready' | 'failed';
  loaded: number;
  total: number;
  attachment: Attachment | null;
  error: string;
  readonly abort: AbortController;
}

function uploadError(error: unknown, name: string, strings: AttachmentStrings): string {
  const code = error instanceof IChatError ? error.code : '';
  if (code === 'attachment_too_large') return fill(strings.tooLarge, { name });
  if (code === 'attachment_type_not_allowed') return fill(strings.typeNotAllowed, { name });
  return fill(strings.uploadFailed, { name });
}

export class AttachmentUploads {
  readonly items: Upload[] = [];
  /** Said when more files were added than a message carries. */
  notice = '';
  #nextKey = 1;
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** The uploaded files, to send with the message. */
  get ids(): number[] {
    return this.items.flatMap((item) => (item.attachment === null ? [] : [item.attachment.id]));
  }

  /** Whether a file is still on its way, so sending now would leave it out. */
  get busy(): boolean {
    return this.items.some((item) => item.state === 'uploading');
  }

  /** Starts uploading each file, up to what one message carries. */
  add(client: IChatClient, files: readonly File[], strings: AttachmentStrings): void {
    const room = ATTACHMENT_LIMITS.perMessage - this.items.filter((item) => item.state !== 'failed').length;
    this.notice = files.length > room ? fill(strings.tooMany, { count: ATTACHMENT_LIMITS.perMessage }) : '';
    for (const file of files.slice(0, Math.max(room, 0))) void this.#upload(client, file, strings);
    this.#changed();
  }

  async #upload(client: IChatClient, file: File, strings: AttachmentStrings): Promise<void> {
    const item: Upload = {
      key: this.#nextKey++,
      name: file.name === '' ? 'file' : file.name,
      state: 'uploading',
      loaded: 0,
      total: file.size,
      attachment: null,
      error: '',
      abort: new AbortController(),
    };
    this.items.push(item);
    try {
      item.attachment = await client.upload(file, {
        signal: item.abort.signal,
        onProgress: ({ loaded, total }) => {
          item.loaded = loaded;
          item.total = total;
          this.#changed();
        },
      });
      item.state = 'ready';
    } catch (error) {
      // A cancelled upload was already taken off the list.
      if (error instanceof IChatError && error.code === 'cancelled') return;
      item.state = 'failed';
      item.error = uploadError(error, item.name, strings);
    }
    this.#changed();
  }

  /** Cancels a file still uploading, or takes a finished one off the message. */
  remove(key: number): void {
    const index = this.items.findIndex((item) => item.key === key);
    const item = this.items[index];
    if (item === undefined) return;
    this.items.splice(index, 1);
    item.abort.abort();
    this.notice = '';
    this.#changed();
  }

  /** After a send or in another room: cancels what is still uploading and forgets every file. */
  clear(): void {
    for (const item of this.items) item.abort.abort();
    this.items.length = 0;
    this.notice = '';
    this.#changed();
  }
}
