// Builders for frames as a server would send them, and a decoder for frames as the load generator sends them.

/** An unmasked server frame with the given FIN bit, opcode and payload. */
export function serverFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  let head: Buffer;
  if (body.length < 126) {
    head = Buffer.from([(fin ? 0x80 : 0) | opcode, body.length]);
  } else if (body.length < 65_536) {
    head = Buffer.alloc(4);
    head.writeUInt16BE(body.length, 2);
    head[1] = 126;
  } else {
    head = Buffer.alloc(10);
    head.writeBigUInt64BE(BigInt(body.length), 2);
    head[1] = 127;
  }
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, body]);
}

/** Decodes one masked client frame the way a server does. */
export function decodeClientFrame(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; payload: Buffer } {
  const first = frame[0] ?? 0;
  const second = frame[1] ?? 0;
  let length = second & 0x7f;
  let at = 2;
  if (length === 126) {
    length = frame.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    length = Number(frame.readBigUInt64BE(2));
    at = 10;
  }
  const mask = frame.subarray(at, at + 4);
  const payload = Buffer.from(frame.subarray(at + 4, at + 4 + length));
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, masked: (second & 0x80) !== 0, payload };
}
