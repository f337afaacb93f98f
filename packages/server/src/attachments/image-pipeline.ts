// Images as they are kept: re-encoded by sharp without their metadata (EXIF, GPS, XMP), turned upright, with a thumbnail.

import { IChatError } from '@ichat/protocol';
import type { Sharp, SharpOptions } from 'sharp';

/** An image as stored: the cleaned bytes, their size in pixels and a WebP thumbnail. */
export interface PreparedImage {
  bytes: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** The longest side of a thumbnail, in pixels: enough for a message bubble on a high-density screen. */
export const THUMBNAIL_SIDE = 320;
/** Thumbnails are always WebP. */
export const THUMBNAIL_TYPE = 'image/webp';
/** Larger images are refused rather than decoded: a small file can claim a huge canvas. */
const MAX_PIXELS = 50_000_000;

type SharpFactory = (input: Buffer, options?: SharpOptions) => Sharp;

/** Cleans images and makes their thumbnails. Made by {@link loadImagePipeline}, which checks sharp loads. */
export class ImagePipeline {
  readonly #sharp: SharpFactory;

  constructor(sharp: SharpFactory) {
    this.#sharp = sharp;
  }

  /**
   * Re-encodes an image in its own format with no metadata kept (sharp keeps none unless asked), after turning it
   * the way its EXIF orientation said, since that tag goes too.
   *
   * @throws {IChatError} `attachment_type_not_allowed` when the bytes do not decode as an image.
   */
  async prepare(bytes: Buffer, type: string): Promise<PreparedImage> {
    const animated = type === 'image/gif' || type === 'image/webp';
    try {
      const image = this.#sharp(bytes, { animated, failOn: 'error', limitInputPixels: MAX_PIXELS }).rotate();
      const encoded =
        type === 'image/png' ? image.png() : type === 'image/jpeg' ? image.jpeg({ quality: 90 }) : type === 'image/gif' ? image.gif() : image.webp({ quality: 90 });
      const clean = await encoded.toBuffer();
      const metadata = await this.#sharp(clean, { animated }).metadata();
      const thumbnail = await this.#sharp(clean)
        .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer();
      const width = metadata.width;
      // An animation's height is that of all its frames stacked; a frame's is `pageHeight`.
      const height = metadata.pageHeight ?? metadata.height;
      return { bytes: clean, width, height, thumbnail };
    } catch (error) {
      throw new IChatError('attachment_type_not_allowed', 'The image could not be read', { field: 'type', cause: error });
    }
  }
}

/** Sharp loaded (`pipeline`), or why it did not (`problem`, one line for the log). */
export type ImageSupport = { pipeline: ImagePipeline; problem?: undefined } | { pipeline?: undefined; problem: string };

/**
 * Loads sharp. Without it images cannot be stripped of where and when they were taken, so image support turns itself
 * off (image uploads are refused; other files still work) and the reason is one line for the log, rather than the
 * server refusing to start over one feature.
 */
export async function loadImageSupport(): Promise<ImageSupport> {
  try {
    const module = await import('sharp');
    return { pipeline: new ImagePipeline(module.default) };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return {
      problem:
        `Image attachments are off: the image library sharp did not load on ${process.platform}-${process.arch} ` +
        `(${reason}). Reinstall with optional dependencies (they bring @img/sharp-${process.platform}-${process.arch}).`,
    };
  }
}
