// Types read from bytes, the declared type checked against them, and file names as they are kept.

import { describe, expect, it } from 'vitest';
import { cleanName } from '../../src/attachments/attachment-service.js';
import { checkedType, sniffType } from '../../src/attachments/sniff-type.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('sniffType', () => {
  it.each([
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg'],
    ['GIF', bytes('GIF89a...'), 'image/gif'],
    ['WebP', Buffer.concat([bytes('RIFF'), Buffer.from([1, 2, 3, 4]), bytes('WEBPVP8 ')]), 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]), 'application/zip'],
    ['text', bytes('Meeting at noon.\n\tRoom 4.'), 'text/plain'],
    ['text with a BOM', bytes('\ufeffbonjour'), 'text/plain'],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
    ['SVG after a prolog and a comment', bytes('<?xml version="1.0"?>\n<!-- logo -->\n<svg viewBox="0 0 1 1"></svg>'), 'image/svg+xml'],
    ['HTML', bytes('  <!DOCTYPE html><p>hi'), 'text/html'],
    ['HTML from a script tag', bytes('<script>alert(1)</script>'), 'text/html'],
  ])('reads %s', (_what, input, type) => {
    expect(sniffType(input)).toBe(type);
  });

  it('reads nothing from binary that is no accepted type, or from text that is not UTF-8', () => {
    expect(sniffType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBeUndefined();
    expect(sniffType(Buffer.from([0x68, 0x69, 0xff, 0xfe]))).toBeUndefined();
    expect(sniffType(bytes('nul \u0000 inside'))).toBeUndefined();
  });
});

describe('checkedType', () => {
  it('takes the declared type when the bytes are of it, with parameters, case and aliases aside', () => {
    expect(checkedType(bytes('hello'), 'Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(checkedType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpg')).toBe('image/jpeg');
  });

  it('lets the bytes decide when nothing specific was declared', () => {
    expect(checkedType(bytes('%PDF-1.4'), 'application/octet-stream')).toBe('application/pdf');
    expect(checkedType(bytes('%PDF-1.4'), undefined)).toBe('application/pdf');
  });

  it('refuses bytes of another type than declared, however harmless the declared one', () => {
    expect(() => checkedType(bytes('<html><script>x</script>'), 'text/plain')).toThrow(
      expect.objectContaining({ code: 'attachment_type_not_allowed', field: 'type' }),
    );
    expect(() => checkedType(bytes('<svg onload="x()"></svg>'), 'image/png')).toThrow(
      expect.objectContaining({ code: 'attachment_type_not_allowed' }),
    );
  });
});

describe('cleanName', () => {
  it('keeps the last path segment without control characters, and names the nameless `file`', () => {
    expect(cleanName('../../etc/passwd')).toBe('passwd');
    expect(cleanName('C:\\Users\\ada\\plan.pdf')).toBe('plan.pdf');
    expect(cleanName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanName(undefined)).toBe('file');
    expect(cleanName('  ')).toBe('file');
  });

  it('cuts a long name to 200 characters, keeping its extension', () => {
    const name = cleanName(`${'é'.repeat(300)}.jpeg`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('é.jpeg')).toBe(true);
  });
});
