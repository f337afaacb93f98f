// Which of the accepted types a file is, read from its bytes: the declared type is only ever checked against this.

import { IChatError, type AttachmentType } from '@ichat/protocol';

/** The declared types that leave the choice to the server: browsers send these for files they do not know. */
const UNDECLARED = new Set(['', 'application/octet-stream']);

/** Spellings of an accepted type that some clients send. */
const ALIASES: Readonly<Record<string, string>> = { 'image/jpg': 'image/jpeg', 'application/x-zip-compressed': 'application/zip' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function startsWith(bytes: Buffer, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

/** Text a browser would render as a page: it starts (after white space and a BOM) with markup it recognises as HTML. */
const HTML_START = /^\s*<(!doctype\s+html|html|head|body|script|iframe|meta|title|style|div|a\s|img|svg:|p[\s>])/i;
const SVG_START = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i;

/** Text without NULs or control characters other than tab, newlines and form feed. */
function textOf(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex -- the control characters are exactly what is looked for
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? undefined : text.replace(/^\ufeff/, '');
}

/** The accepted type of these bytes, or undefined when they are of none. */
export function sniffType(bytes: Buffer): AttachmentType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  const text = textOf(bytes);
  if (text === undefined) return undefined;
  if (SVG_START.test(text)) return 'image/svg+xml';
  if (HTML_START.test(text)) return 'text/html';
  return 'text/plain';
}

/** A `content-type` header as a bare, lower-case type: parameters (`; charset=…`) and aliases resolved. */
export function declaredType(header: string | undefined): string {
  const bare = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[bare] ?? bare;
}

/**
 * The type to store an upload as: the one its bytes are, which must also be the declared one (unless the client
 * declared none). A file whose bytes say otherwise is refused however harmless its declared type looks.
 *
 * @throws {IChatError} `attachment_type_not_allowed` for bytes of no accepted type, or of another type than declared.
 */
export function checkedType(bytes: Buffer, contentType: string | undefined): AttachmentType {
  const found = sniffType(bytes);
  const declared = declaredType(contentType);
  if (found === undefined) {
    throw new IChatError('attachment_type_not_allowed', 'This kind of file is not accepted', { field: 'type' });
  }
  if (!UNDECLARED.has(declared) && declared !== found) {
    throw new IChatError('attachment_type_not_allowed', `The file was sent as ${declared} but its content is ${found}`, {
      field: 'type',
    });
  }
  return found;
}
