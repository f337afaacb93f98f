// The attachments part of the store contract: uploads, the message that takes them, who may read them, the orphan sweep.

import type { Attachment, AttachmentType } from '@ichat/protocol';

/** An upload as stored: the protocol's Attachment plus who uploaded it, the message that took it and its storage keys. */
export interface AttachmentRecord {
  id: number;
  uploaderId: number;
  /** The message that took the upload; null until one does. */
  messageId: number | null;
  /** The storage key of the file (its SHA-256). */
  blobKey: string;
  /** The storage key of the thumbnail; null without one. */
  thumbnailKey: string | null;
  name: string;
  type: AttachmentType;
  size: number;
  width: number | null;
  height: number | null;
  createdAt: number;
}

export type NewAttachment = Omit<AttachmentRecord, 'id' | 'messageId'>;

/**
 * Uploads and the messages that carry them. A message takes its uploads in the same transaction that stores it
 * (`MessageStore.append`, through `QueuedMessage.attachmentIds`), so a message is never stored without its files or
 * with files it was not sent with.
 */
export interface AttachmentStore {
  create(attachment: NewAttachment): Promise<AttachmentRecord>;
  find(id: number): Promise<AttachmentRecord | undefined>;
  /**
   * The upload if `userId` may read it, else undefined (whether or not it exists): their own upload no message took
   * yet, or one on a message that is not deleted in a room they are a member of now.
   */
  readableBy(id: number, userId: number): Promise<AttachmentRecord | undefined>;
  /** The uploads among `ids` that `userId` may read (as {@link readableBy}), in one query, in no particular order. */
  readableAmong(ids: readonly number[], userId: number): Promise<AttachmentRecord[]>;
  /**
   * Removes uploads no message took that were made before `before`, at most `limit` of them, oldest first; an upload a
   * message took meanwhile stays. Returns the storage keys that no remaining upload names, for the caller to delete.
   */
  removeUnsent(before: number, limit: number): Promise<{ removed: number; unusedKeys: string[] }>;
  /** Whether any upload names this storage key, as its file or its thumbnail. */
  keyInUse(key: string): Promise<boolean>;
}

/** A stored upload as messages carry it. */
export function toAttachment(record: AttachmentRecord): Attachment {
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    size: record.size,
    width: record.width,
    height: record.height,
    thumbnail: record.thumbnailKey !== null,
  };
}
