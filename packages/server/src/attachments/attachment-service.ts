// Attachments end to end: an upload checked, cleaned and stored; links signed for readers; files served to links.

import {
  ATTACHMENT_LIMITS,
  IChatError,
  isInlineImage,
  type AttachmentLink,
  type AttachmentVariant,
  type DownloadQuery,
} from '@ichat/protocol';
import type { AttachmentRecord } from '../store/contract/attachment-store.js';
import type { Store } from '../store/contract/store.js';
import { contentKey, type AttachmentStorage } from './attachment-storage.js';
import type { ImagePipeline } from './image-pipeline.js';
import { THUMBNAIL_TYPE } from './image-pipeline.js';
import { KeyLock } from './key-lock.js';
import type { LinkSigner } from './signed-links.js';
import { checkedType } from './sniff-type.js';

export interface AttachmentOptions {
  /** The largest upload, in bytes. */
  maxBytes: number;
  /** How long a signed link works. */
  linkTtlMs: number;
}

/** An upload as the route reads it. */
export interface Upload {
  uploaderId: number;
  bytes: Buffer;
  contentType: string | undefined;
  name: string | undefined;
}

/** A file to send: its bytes and the headers that say how a browser may treat them. */
export interface Download {
  bytes: Buffer;
  type: string;
  /** Whether a browser may show it in a page (inline images and thumbnails); everything else is a download. */
  inline: boolean;
  name: string;
  expiresAt: number;
}

/**
 * A file name as kept: no path, no control characters, at most {@link ATTACHMENT_LIMITS}.nameMax characters (the
 * extension kept when cut); `file` when nothing is left.
 */
export function cleanName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').split(/[/\\]/).pop()?.trim() ?? '';
  const chars = [...base];
  if (chars.length === 0) return 'file';
  if (chars.length <= ATTACHMENT_LIMITS.nameMax) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? [...base.slice(dot)].slice(0, 16).join('') : '';
  return chars.slice(0, ATTACHMENT_LIMITS.nameMax - [...extension].length).join('') + extension;
}

export class AttachmentService {
  readonly #store: Store;
  readonly #storage: AttachmentStorage;
  /** Undefined when sharp did not load: images are then refused, since they could not be cleaned. */
  readonly #images: ImagePipeline | undefined;
  readonly #signer: LinkSigner;
  readonly #options: AttachmentOptions;
  readonly #locks = new KeyLock();

  constructor(store: Store, storage: AttachmentStorage, images: ImagePipeline | undefined, signer: LinkSigner, options: AttachmentOptions) {
    this.#store = store;
    this.#storage = storage;
    this.#images = images;
    this.#signer = signer;
    this.#options = options;
  }

  get maxBytes(): number {
    return this.#options.maxBytes;
  }

  /**
   * Checks an upload's size and type, cleans an image, and stores it. Nothing of a refused upload is written.
   *
   * @throws {IChatError} `attachment_too_large`; `attachment_type_not_allowed` (no accepted type, a type other than
   * declared, or an image that does not decode).
   */
  async upload(upload: Upload, now: number): Promise<AttachmentRecord> {
    if (upload.bytes.length > this.#options.maxBytes) {
      throw new IChatError('attachment_too_large', `Files may be at most ${this.#options.maxBytes} bytes`);
    }
    if (upload.bytes.length === 0) throw new IChatError('validation_failed', 'The file is empty', { field: 'body' });
    const type = checkedType(upload.bytes, upload.contentType);
    const image = isInlineImage(type) ? await this.#prepareImage(upload.bytes, type) : undefined;
    const bytes = image?.bytes ?? upload.bytes;
    const blobKey = contentKey(bytes);
    const thumbnailKey = image === undefined ? null : contentKey(image.thumbnail);
    const record = {
      uploaderId: upload.uploaderId,
      blobKey,
      thumbnailKey,
      name: cleanName(upload.name),
      type,
      size: bytes.length,
      width: image?.width ?? null,
      height: image?.height ?? null,
      createdAt: now,
    };
    // Under the keys' locks: the sweep cannot remove either file between its write and the row that names it.
    return this.#locks.run(blobKey, async () => {
      await this.#storage.put(blobKey, bytes);
      if (image === undefined || thumbnailKey === null) return this.#store.attachments.create(record);
      return this.#locks.run(thumbnailKey, async () => {
        await this.#storage.put(thumbnailKey, image.thumbnail);
        return this.#store.attachments.create(record);
      });
    });
  }

  #prepareImage(bytes: Buffer, type: string): ReturnType<ImagePipeline['prepare']> {
    if (this.#images === undefined) {
      throw new IChatError('attachment_type_not_allowed', 'This server takes no images: its image library did not load', {
        field: 'type',
      });
    }
    return this.#images.prepare(bytes, type);
  }

  /** Links for the attachments `readerId` may read; the others are left out of the answer. */
  async links(readerId: number, ids: readonly number[], now: number): Promise<AttachmentLink[]> {
    const expiresAt = now + this.#options.linkTtlMs;
    const asked = [...new Set(ids)];
    // One query for the whole request; the links come back in the order asked.
    const readable = new Map((await this.#store.attachments.readableAmong(asked, readerId)).map((record) => [record.id, record]));
    const links: AttachmentLink[] = [];
    for (const id of asked) {
      const record = readable.get(id);
      if (record === undefined) continue;
      const grant = { attachmentId: id, readerId, expiresAt };
      links.push({
        id,
        url: this.#signer.path({ ...grant, variant: 'file' }),
        thumbnailUrl: record.thumbnailKey === null ? null : this.#signer.path({ ...grant, variant: 'thumbnail' }),
        expiresAt,
      });
    }
    return links;
  }

  /**
   * The file a link points to. Membership is checked now, not only when the link was signed: a member removed from
   * the room loses access at once, whatever links they still hold.
   *
   * @throws {IChatError} `invalid_link` (bad signature or expired); `forbidden` when the reader may no longer read it;
   * `not_found` when the file is gone.
   */
  async download(id: number, variant: AttachmentVariant, query: DownloadQuery, now: number): Promise<Download> {
    const readerId = this.#signer.verify(id, variant, query, now);
    const record = await this.#store.attachments.readableBy(id, readerId);
    if (record === undefined) throw new IChatError('forbidden', 'You may not read this attachment');
    const key = variant === 'thumbnail' ? record.thumbnailKey : record.blobKey;
    const bytes = key === null ? undefined : await this.#storage.read(key);
    if (bytes === undefined) throw new IChatError('not_found', 'This file is not there');
    const thumbnail = variant === 'thumbnail';
    return {
      bytes,
      type: thumbnail ? THUMBNAIL_TYPE : record.type,
      inline: thumbnail || isInlineImage(record.type),
      name: record.name,
      expiresAt: Number(query.exp),
    };
  }

  /**
   * Removes uploads no message took within the grace period, and the files no other upload names. The lock covers
   * this node's uploads; one of the same bytes on another node sharing the folder wrote its file after `before`, so
   * the storage keeps it even when its row is not in yet.
   */
  async sweep(before: number, limit: number): Promise<number> {
    const { removed, unusedKeys } = await this.#store.attachments.removeUnsent(before, limit);
    for (const key of unusedKeys) {
      await this.#locks.run(key, async () => {
        // An upload of the same bytes may have named the key again since the rows went.
        if (!(await this.#store.attachments.keyInUse(key))) await this.#storage.remove(key, before);
      });
    }
    return removed;
  }
}
