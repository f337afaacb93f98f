// Structure-aware fuzz frames: a valid request of a random type from the protocol's table, then mutated (fields
// dropped, duplicated, retyped or pushed to their limits, bytes spliced, text cut short) or sent as binary or oversized.

import { DEFAULT_REACTIONS, LIMITS, readRequestId, REQUEST_TYPES, type RequestType } from '@ichat/protocol';
import type { Random } from './random.js';

/** What the fuzzer knows of the server: rooms and people a frame can name, so some mutated frames reach the handlers. */
export interface FuzzContext {
  roomIds: readonly number[];
  usernames: readonly string[];
  userIds: readonly number[];
}

/** How a frame was made, for the figures. */
export type FrameKind =
  | 'valid'
  | 'drop'
  | 'duplicate-key'
  | 'retype'
  | 'boundary'
  | 'surrogate'
  | 'extra'
  | 'wrong-type'
  | 'truncated'
  | 'spliced'
  | 'garbage'
  | 'nested'
  | 'binary'
  | 'oversized'
  | 'invalid-utf8'
  | 'beyond-limit';

/** One frame to send, and what the server must do with it. */
export interface FuzzFrame {
  kind: FrameKind;
  data: string | Buffer;
  /** Sent as a binary frame (a Buffer may also be sent as text, for invalid UTF-8). */
  binary: boolean;
  /**
   * The id the answer must carry: the frame's readable id, or null when it has none (or is refused for its size before
   * it is read). Undefined when no answer is due because the server drops the connection (invalid UTF-8, or a frame
   * beyond uWS's hard limit).
   */
  answerId: string | null | undefined;
}

export interface GeneratorLimits {
  /** The server's max-frame-bytes: larger frames are answered with frame_too_large. */
  maxFrameBytes: number;
  /** uWS's own limit: larger frames drop the connection without a close frame. */
  hardLimitBytes: number;
}

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b'];

/** A string of printable, non-ASCII, control and emoji characters. */
function someText(random: Random, max = 24): string {
  const alphabet = ['a', 'Z', '0', ' ', '\n', '\t', '"', '\\', 'é', '中', '🙂', '\u0000', '\u200b', '\ufeff', '\u202e'];
  let out = '';
  for (let i = random.int(max + 1); i > 0; i -= 1) out += random.pick(alphabet);
  return out;
}

function roomId(random: Random, context: FuzzContext): number {
  return random.chance(0.8) && context.roomIds.length > 0 ? random.pick(context.roomIds) : random.between(1, 10_000);
}

function username(random: Random, context: FuzzContext): string {
  return random.chance(0.7) && context.usernames.length > 0 ? random.pick(context.usernames) : someText(random, 12) || 'x';
}

/** Valid params for a request type, naming rooms and people the server knows most of the time. */
export function validParams(type: RequestType, random: Random, context: FuzzContext): Record<string, unknown> {
  switch (type) {
    case 'auth':
      return { token: random.chance(0.5) ? 'not-a-token' : someText(random, 40) || 't' };
    case 'ping':
    case 'chats.list':
      return {};
    case 'room.open_direct':
      return { with: username(random, context) };
    case 'room.create_group':
      return { name: someText(random) || 'group', members: Array.from({ length: random.int(4) }, () => username(random, context)) };
    case 'room.add_members':
      return { roomId: roomId(random, context), members: Array.from({ length: random.between(1, 3) }, () => username(random, context)) };
    case 'room.remove_member':
      return { roomId: roomId(random, context), userId: context.userIds.length > 0 ? random.pick(context.userIds) : 1 };
    case 'room.rename':
      return { roomId: roomId(random, context), name: someText(random) || 'renamed' };
    case 'room.leave':
      return { roomId: roomId(random, context) };
    case 'room.mute':
      return { roomId: roomId(random, context), muted: random.chance(0.5) };
    case 'message.send':
      return { roomId: roomId(random, context), clientMsgId: `fz-${random.int(2 ** 31)}`, text: someText(random, 60) || 'hi' };
    case 'message.edit':
      return { roomId: roomId(random, context), seq: random.between(1, 40), text: someText(random) || 'edited' };
    case 'message.delete':
      return { roomId: roomId(random, context), seq: random.between(1, 40) };
    case 'reaction.add':
    case 'reaction.remove':
    case 'reaction.list':
      return { roomId: roomId(random, context), seq: random.between(1, 40), emoji: random.chance(0.8) ? random.pick(DEFAULT_REACTIONS) : someText(random, 4) || 'x' };
    case 'message.search': {
      const search: Record<string, unknown> = { query: someText(random, 30) || 'a', limit: random.between(1, LIMITS.searchPageMax) };
      if (random.chance(0.5)) search['roomId'] = roomId(random, context);
      if (random.chance(0.3)) search['offset'] = random.int(LIMITS.searchOffsetMax + 1);
      return search;
    }
    case 'room.receipts':
      return { roomId: roomId(random, context) };
    case 'receipts.share':
      return { share: random.chance(0.5) };
    case 'message.changes':
      return { roomId: roomId(random, context), after: random.int(40), limit: random.between(1, LIMITS.historyPageMax) };
    case 'history': {
      const page: Record<string, unknown> = { roomId: roomId(random, context), limit: random.between(1, LIMITS.historyPageMax) };
      if (random.chance(0.5)) page[random.chance(0.5) ? 'before' : 'after'] = random.between(1, 40);
      return page;
    }
    // Ids of uploads that may or may not exist: a link is given only for those the caller may read.
    case 'attachment.links':
      return { ids: Array.from({ length: random.int(4) }, () => random.between(1, 50)) };
    case 'read':
      return { roomId: roomId(random, context), seq: random.between(0, 40) };
    case 'typing':
      return { roomId: roomId(random, context) };
    // A block between the fuzzing users would refuse their valid sends (as it should), which the run counts on being
    // acknowledged: blocks name users who do not exist; unblocks name real ones.
    case 'user.block':
      return { userId: random.between(1_000_000, 2_000_000) };
    case 'user.unblock':
      return { userId: context.userIds.length > 0 ? random.pick(context.userIds) : 1 };
    case 'user.blocked':
      return {};
    case 'message.report':
      return {
        roomId: roomId(random, context),
        seq: random.between(1, 40),
        reason: random.pick(['spam', 'harassment', 'other']),
        ...(random.chance(0.5) ? { note: someText(random) } : {}),
      };
  }
}

/** A value of the wrong kind, or one just off (or far beyond) a field's limits. */
function hostileValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => null,
    () => true,
    () => random.pick([0, -1, -0, 0.5, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER]),
    () => random.pick(['', '1', 'x'.repeat(LIMITS.requestIdMax + 1), 'x'.repeat(LIMITS.emailMax + 1)]),
    () => [],
    () => ({}),
    () => [random.int(5), 'a', null],
    () => ({ nested: { deeper: [1, 2, 3] } }),
    () => someText(random),
  ])();
}

/** A string at (or one past) a limit the protocol names. */
function boundaryValue(random: Random, key: string): unknown {
  const limits: Record<string, number> = {
    id: LIMITS.requestIdMax,
    token: LIMITS.tokenMax,
    with: LIMITS.emailMax,
    clientMsgId: LIMITS.clientMsgIdMax,
    text: LIMITS.textMax,
    name: LIMITS.groupNameMax,
  };
  const limit = limits[key];
  if (limit !== undefined) {
    const length = random.pick([limit, limit + 1, limit * 4, limit * 4 + 1, 0]);
    // Emoji count as one character but two UTF-16 units: the code-point rules and the unit-length checks differ.
    return random.chance(0.3) ? '🙂'.repeat(Math.ceil(length / 2)) : 'y'.repeat(length);
  }
  if (key === 'members') {
    return Array.from({ length: random.pick([0, LIMITS.groupMembersMax, LIMITS.groupMembersMax + 1]) }, (_, i) => `m${i}`);
  }
  // A `userId` of 1 names a fuzzing user: a block of them would refuse the valid sends the run counts on (see
  // validParams), so that boundary is one past every user instead.
  const one = key === 'userId' ? 2_000_001 : 1;
  return random.pick([0, one, -1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 31, 2 ** 63, LIMITS.historyPageMax + 1]);
}

/** An object literal written by hand, so that a key may appear twice (JSON.parse keeps the last). */
function withDuplicateKey(frame: Record<string, unknown>, key: string, value: unknown): string {
  const parts = Object.entries(frame).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
  parts.push(`${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`);
  return `{${parts.join(',')}}`;
}

function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so "__proto__" becomes a field as JSON.parse would make it, not the object's prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The id the server reads from a text frame (as its own refusal path does), or null. */
function answerIdOf(text: string, byteLength: number, limits: GeneratorLimits): string | null {
  if (byteLength > limits.maxFrameBytes) return null;
  try {
    return readRequestId(JSON.parse(text));
  } catch {
    return null;
  }
}

export class FrameGenerator {
  readonly #random: Random;
  readonly #limits: GeneratorLimits;
  #nextId = 1;

  constructor(random: Random, limits: GeneratorLimits) {
    this.#random = random;
    this.#limits = limits;
  }

  /** A fuzz frame for a client of this context. */
  next(context: FuzzContext): FuzzFrame {
    const random = this.#random;
    const type = random.pick(REQUEST_TYPES);
    const frame: Record<string, unknown> = { type, id: `f${this.#nextId++}`, ...validParams(type, random, context) };
    const keys = Object.keys(frame);
    const roll = random.next();

    // The rarest kinds first: frames the server answers by dropping the connection, then the ones it refuses whole.
    // Rare, because the answers still due on a dropped socket can no longer be checked.
    if (roll < 0.002) return this.#raw('invalid-utf8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), false, undefined);
    if (roll < 0.004) return this.#raw('beyond-limit', 'z'.repeat(this.#limits.hardLimitBytes + 1024), false, undefined);
    if (roll < 0.05) return this.#raw('binary', Buffer.from(JSON.stringify(frame)), true, null);
    if (roll < 0.08) {
      const padding = 'p'.repeat(this.#limits.maxFrameBytes + random.int(this.#limits.maxFrameBytes));
      return this.#text('oversized', JSON.stringify({ ...frame, text: padding }));
    }
    if (roll < 0.18) return this.#text('valid', JSON.stringify(frame));
    if (roll < 0.28) {
      const key = random.pick(keys);
      Reflect.deleteProperty(frame, key);
      return this.#text('drop', JSON.stringify(frame));
    }
    if (roll < 0.36) return this.#text('duplicate-key', withDuplicateKey(frame, random.pick(keys), hostileValue(random)));
    if (roll < 0.5) {
      frame[random.pick(keys)] = hostileValue(random);
      return this.#text('retype', JSON.stringify(frame));
    }
    if (roll < 0.6) {
      const key = random.pick(keys);
      frame[key] = boundaryValue(random, key);
      return this.#text('boundary', JSON.stringify(frame));
    }
    if (roll < 0.66) {
      const key = random.pick(['text', 'name', 'clientMsgId', 'with', 'id', 'token']);
      frame[key] = `${someText(random, 4)}${random.pick(LONE_SURROGATES)}${someText(random, 4)}`;
      // JSON.stringify writes a lone surrogate as a \u escape, so the wire text stays valid UTF-8.
      return this.#text('surrogate', JSON.stringify(frame));
    }
    if (roll < 0.72) {
      for (let i = random.between(1, 3); i > 0; i -= 1) {
        defineField(frame, random.pick(['__proto__', 'constructor', 'toString', 'senderId', 'seq', 'result', someText(random, 6)]), hostileValue(random));
      }
      return this.#text('extra', JSON.stringify(frame));
    }
    if (roll < 0.77) {
      frame['type'] = random.pick<unknown>(['reply', 'error', 'message', 'auth ', 'PING', '', 'constructor', '__proto__', 7, null]);
      return this.#text('wrong-type', JSON.stringify(frame));
    }
    if (roll < 0.85) {
      const json = JSON.stringify(frame);
      return this.#text('truncated', json.slice(0, random.int(json.length)));
    }
    if (roll < 0.92) {
      const json = JSON.stringify(frame);
      const at = random.int(json.length + 1);
      return this.#text('spliced', json.slice(0, at) + someText(random, 3) + random.pick(['{', '}', '"', ',', ':', '[', '\\']) + json.slice(at));
    }
    if (roll < 0.96) {
      // Written as text: JSON.stringify recurses and would overflow its stack on the value it describes.
      const depth = random.between(100, 5000);
      frame[random.pick(keys)] = 'NESTED';
      return this.#text('nested', JSON.stringify(frame).replace('"NESTED"', `${'['.repeat(depth)}${']'.repeat(depth)}`));
    }
    return this.#text('garbage', random.chance(0.5) ? someText(random, 80) : random.pick(['null', '[]', '""', '0', 'true', '{}', '[{}]']));
  }

  #text(kind: FrameKind, text: string): FuzzFrame {
    return { kind, data: text, binary: false, answerId: answerIdOf(text, Buffer.byteLength(text), this.#limits) };
  }

  #raw(kind: FrameKind, data: string | Buffer, binary: boolean, answerId: string | null | undefined): FuzzFrame {
    return { kind, data, binary, answerId };
  }
}
