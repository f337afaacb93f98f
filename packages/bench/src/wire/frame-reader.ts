// Reads server-to-client WebSocket frames from a TCP byte stream: unmasked, possibly split or coalesced by TCP.

/** What a frame is, after reassembly of fragmented messages. */
export type FrameKind = 'text' | 'binary' | 'ping' | 'pong' | 'close';

export type FrameHandler = (kind: FrameKind, payload: Buffer) => void;

const KIND_BY_OPCODE: Readonly<Record<number, FrameKind>> = { 0x1: 'text', 0x2: 'binary', 0x8: 'close', 0x9: 'ping', 0xa: 'pong' };

/** Thrown for bytes that are not a valid server frame stream. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/**
 * Incremental frame parser. Feed it every chunk with `push`; it calls the handler once per complete message.
 * Payloads handed out may share memory with the chunk: copy them to keep them past the callback.
 */
export class FrameReader {
  readonly #onFrame: FrameHandler;
  #pending: Buffer | undefined;
  #fragments: Buffer[] = [];
  #fragmentKind: FrameKind | undefined;

  constructor(onFrame: FrameHandler) {
    this.#onFrame = onFrame;
  }

  /** Bytes buffered while waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.#pending?.length ?? 0;
  }

  push(chunk: Buffer): void {
    const data = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = undefined;
    let at = 0;
    while (data.length - at >= 2) {
      const first = data[at] as number;
      const second = data[at + 1] as number;
      if ((second & 0x80) !== 0) throw new FrameError('Server frames must not be masked');
      let length = second & 0x7f;
      let head = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        head = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        const long = data.readBigUInt64BE(at + 2);
        if (long > BigInt(Number.MAX_SAFE_INTEGER)) throw new FrameError('Frame too large');
        length = Number(long);
        head = 10;
      }
      if (data.length - at < head + length) break;
      const payload = data.subarray(at + head, at + head + length);
      at += head + length;
      this.#frame((first & 0x80) !== 0, first & 0x0f, payload);
    }
    if (at < data.length) this.#pending = Buffer.from(data.subarray(at));
  }

  #frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0) {
      if (this.#fragmentKind === undefined) throw new FrameError('Continuation without a first fragment');
      this.#fragments.push(Buffer.from(payload));
      if (!fin) return;
      const kind = this.#fragmentKind;
      const whole = Buffer.concat(this.#fragments);
      this.#fragments = [];
      this.#fragmentKind = undefined;
      this.#onFrame(kind, whole);
      return;
    }
    const kind = KIND_BY_OPCODE[opcode];
    if (kind === undefined) throw new FrameError(`Unknown opcode ${opcode}`);
    if (!fin) {
      if (kind !== 'text' && kind !== 'binary') throw new FrameError('Control frames must not be fragmented');
      this.#fragmentKind = kind;
      this.#fragments = [Buffer.from(payload)];
      return;
    }
    this.#onFrame(kind, payload);
  }
}
