import { describe, expect, it } from 'vitest';
import { encodeClientFrame, FrameTemplate, OPCODE, slotsOf } from '../../src/wire/client-frame.js';
import { decodeClientFrame } from '../helpers.js';

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

describe('encodeClientFrame', () => {
  it('writes a masked final text frame that unmasks to the payload', () => {
    const frame = encodeClientFrame(OPCODE.text, Buffer.from('Hello'), MASK);
    // RFC 6455 §5.7's example of a masked "Hello".
    expect(frame.toString('hex')).toBe('818537fa213d7f9f4d5158');
    expect(decodeClientFrame(frame)).toMatchObject({ fin: true, opcode: 1, masked: true, payload: Buffer.from('Hello') });
  });

  it('uses a 16-bit length from 126 bytes and a 64-bit length from 65,536', () => {
    const medium = encodeClientFrame(OPCODE.text, Buffer.alloc(126, 0x61), MASK);
    expect(medium[1]).toBe(0x80 | 126);
    expect(decodeClientFrame(medium).payload.length).toBe(126);
    const large = encodeClientFrame(OPCODE.text, Buffer.alloc(70_000, 0x61), MASK);
    expect(large[1]).toBe(0x80 | 127);
    expect(decodeClientFrame(large).payload.equals(Buffer.alloc(70_000, 0x61))).toBe(true);
  });
});

describe('FrameTemplate', () => {
  it('writes zero-padded digits into each slot, already masked', () => {
    const payload = '{"id":"{id___}","n":"{n__}"}';
    const template = new FrameTemplate(payload, slotsOf(payload, ['id', 'n']), MASK);
    expect(decodeClientFrame(template.build([42, 7])).payload.toString()).toBe('{"id":"0000042","n":"00007"}');
    expect(decodeClientFrame(template.build([9_999_999, 0])).payload.toString()).toBe('{"id":"9999999","n":"00000"}');
  });

  it('leaves earlier frames untouched when building the next one', () => {
    const payload = 'seq={seq}';
    const template = new FrameTemplate(payload, slotsOf(payload, ['seq']), MASK);
    const first = template.build([1]);
    template.build([2]);
    expect(decodeClientFrame(first).payload.toString()).toBe('seq=00001');
  });

  it('refuses a value wider than its slot', () => {
    const payload = 'n={n}';
    const template = new FrameTemplate(payload, slotsOf(payload, ['n']), MASK);
    expect(() => template.build([1000])).toThrow(RangeError);
  });

  it('counts slot offsets in bytes, so text before a slot may be multi-byte', () => {
    const payload = 'é {n__}';
    const template = new FrameTemplate(payload, slotsOf(payload, ['n']), MASK);
    expect(decodeClientFrame(template.build([12])).payload.toString()).toBe('é 00012');
  });
});
