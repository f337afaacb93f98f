import { describe, expect, it } from 'vitest';
import { FrameError, FrameReader, type FrameKind } from '../../src/wire/frame-reader.js';
import { serverFrame } from '../helpers.js';

function collect(): { frames: [FrameKind, string][]; reader: FrameReader } {
  const frames: [FrameKind, string][] = [];
  const reader = new FrameReader((kind, payload) => frames.push([kind, payload.toString()]));
  return { frames, reader };
}

describe('FrameReader', () => {
  it('reads several frames coalesced in one chunk', () => {
    const { frames, reader } = collect();
    reader.push(Buffer.concat([serverFrame(1, 'one'), serverFrame(1, 'two'), serverFrame(9, 'p')]));
    expect(frames).toEqual([
      ['text', 'one'],
      ['text', 'two'],
      ['ping', 'p'],
    ]);
  });

  it('reassembles frames split at every byte, with 16- and 64-bit lengths', () => {
    const { frames, reader } = collect();
    const medium = 'm'.repeat(300);
    const large = 'L'.repeat(70_000);
    const bytes = Buffer.concat([serverFrame(1, 'a'), serverFrame(1, medium), serverFrame(1, large)]);
    for (let i = 0; i < bytes.length; i += i < 400 ? 1 : 997) reader.push(bytes.subarray(i, i < 400 ? i + 1 : i + 997));
    expect(frames.map(([kind, text]) => [kind, text.length])).toEqual([
      ['text', 1],
      ['text', 300],
      ['text', 70_000],
    ]);
    expect(frames[2]?.[1]).toBe(large);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('joins a fragmented message and lets a control frame through in between', () => {
    const { frames, reader } = collect();
    reader.push(Buffer.concat([serverFrame(1, 'hel', false), serverFrame(9, ''), serverFrame(0, 'lo')]));
    expect(frames).toEqual([
      ['ping', ''],
      ['text', 'hello'],
    ]);
  });

  it('refuses masked frames and unknown opcodes', () => {
    const masked = serverFrame(1, 'x');
    masked[1] = (masked[1] ?? 0) | 0x80;
    expect(() => collect().reader.push(masked)).toThrow(FrameError);
    expect(() => collect().reader.push(serverFrame(3, 'x'))).toThrow(FrameError);
  });
});
