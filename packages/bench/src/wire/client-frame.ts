// Client-to-server WebSocket frames, built once and patched in place, so a send costs one copy and no masking loop.

/** Text and control opcodes the load generator sends. */
export const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** A place in a frame's payload where decimal digits are written per send. */
export interface DigitSlot {
  readonly offset: number;
  readonly width: number;
}

const ZERO = 0x30;

function headerLength(payloadLength: number): number {
  if (payloadLength < 126) return 2;
  if (payloadLength < 65_536) return 4;
  return 10;
}

/**
 * Encodes one masked client frame (RFC 6455 §5.2): FIN set, the given opcode, a 4-byte key and the masked payload.
 *
 * @example
 * ```ts
 * const frame = encodeClientFrame(OPCODE.text, Buffer.from('hi'), Buffer.from([1, 2, 3, 4]));
 * ```
 */
export function encodeClientFrame(opcode: number, payload: Uint8Array, mask: Uint8Array): Buffer {
  const head = headerLength(payload.length);
  const frame = Buffer.allocUnsafe(head + 4 + payload.length);
  frame[0] = 0x80 | opcode;
  if (head === 2) {
    frame[1] = 0x80 | payload.length;
  } else if (head === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payload.length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  for (let i = 0; i < 4; i++) frame[head + i] = mask[i] ?? 0;
  for (let i = 0; i < payload.length; i++) frame[head + 4 + i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return frame;
}

/**
 * A text frame prepared once with fixed-width digit slots (sequence numbers, send times). `build` copies the
 * prepared bytes and writes each slot's digits already masked, so the payload is never re-encoded or re-masked.
 */
export class FrameTemplate {
  readonly #frame: Buffer;
  readonly #mask: Uint8Array;
  readonly #payloadStart: number;
  readonly #slots: readonly DigitSlot[];

  /** `payload` holds each slot as `width` placeholder characters at `offset` (counted in bytes). */
  constructor(payload: string, slots: readonly DigitSlot[], mask: Uint8Array) {
    const bytes = Buffer.from(payload, 'utf8');
    for (const slot of slots) {
      if (slot.offset < 0 || slot.offset + slot.width > bytes.length) throw new RangeError('Digit slot outside the payload');
    }
    this.#mask = mask;
    this.#frame = encodeClientFrame(OPCODE.text, bytes, mask);
    this.#payloadStart = this.#frame.length - bytes.length;
    this.#slots = slots;
  }

  /** A fresh frame with `values[i]` written, zero-padded, into slot i. Values must fit their slot's width. */
  build(values: readonly number[]): Buffer {
    const frame = Buffer.allocUnsafe(this.#frame.length);
    this.#frame.copy(frame);
    for (let s = 0; s < this.#slots.length; s++) {
      const slot = this.#slots[s] as DigitSlot;
      let value = Math.floor(values[s] ?? 0);
      for (let i = slot.width - 1; i >= 0; i--) {
        const at = slot.offset + i;
        frame[this.#payloadStart + at] = (ZERO + (value % 10)) ^ (this.#mask[at & 3] ?? 0);
        value = Math.floor(value / 10);
      }
      if (value !== 0) throw new RangeError(`Value ${values[s]} does not fit ${slot.width} digits`);
    }
    return frame;
  }
}

/**
 * Finds placeholder runs in a payload: each `name` in `names` appears once as `{name}` padded with `_` to its width,
 * e.g. `{seq______}`. Returns the payload with the placeholders left in (they are overwritten on build) and the slots.
 */
export function slotsOf(payload: string, names: readonly string[]): DigitSlot[] {
  const bytes = Buffer.from(payload, 'utf8');
  return names.map((name) => {
    const start = bytes.indexOf(`{${name}`);
    if (start < 0) throw new Error(`No slot {${name}} in payload`);
    const end = bytes.indexOf('}', start);
    return { offset: start, width: end - start + 1 };
  });
}
