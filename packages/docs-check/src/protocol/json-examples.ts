// Checks the docs' JSON blocks with the protocol's own validators: transcripts of socket frames (`→` client, `←`
// server), pushed events, the objects of the protocol, HTTP error bodies and statistics answers.

import {
  AttachmentSchema,
  ChatSchema,
  CLOSE_CODES,
  IChatError,
  isErrorCode,
  MeSchema,
  MessageSchema,
  parseAnswer,
  parseClientFrame,
  parseResult,
  parseServerFrame,
  parseWebhookEvent,
  parseWith,
  PublicUserSchema,
  readRequestId,
  REQUEST_TYPES,
  ROUTES,
  WEBHOOK_EVENT_TYPES,
  type RequestType,
} from '@ichat/protocol';
import type { FencedBlock } from '../fences.js';
import { completeElisions, completeObjects, parseDocJson, unknownFields, type Json } from './doc-json.js';

/** One line of a transcript: what went which way. */
interface TranscriptEntry {
  readonly direction: 'client' | 'server';
  readonly text: string;
  /** 0-based line in the block. */
  readonly line: number;
}

/** The validators for the objects a doc introduces by name (`**Chat** is …`). */
const MODEL_VALIDATORS: Readonly<Record<string, (value: unknown) => unknown>> = {
  PublicUser: (value) => parseWith(PublicUserSchema, value, 'invalid_frame'),
  Me: (value) => parseWith(MeSchema, value, 'invalid_frame'),
  Message: (value) => parseWith(MessageSchema, value, 'invalid_frame'),
  Chat: (value) => parseWith(ChatSchema, value, 'invalid_frame'),
  Attachment: (value) => parseWith(AttachmentSchema, value, 'invalid_frame'),
};

const CLOSE_LINE = /^close (\d{4}) "([a-z_]+)"$/;

function describe(error: unknown): string {
  if (error instanceof IChatError) return `${error.code}: ${error.message}${error.field === undefined ? '' : ` (field ${error.field})`}`;
  return error instanceof Error ? error.message : String(error);
}

/** Whether a JSON object is a webhook request's body: `{ id, type, createdAt, data }` with a webhook event type. */
function isWebhookBody(value: { [key: string]: Json }): boolean {
  const type = value['type'];
  return 'data' in value && 'createdAt' in value && WEBHOOK_EVENT_TYPES.some((known) => known === type);
}

function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}

/** Whether the block is a transcript: every entry starts with an arrow, continuation lines are indented. */
function transcriptOf(code: string): TranscriptEntry[] | undefined {
  if (!/^[→←]/u.test(code.trimStart())) return undefined;
  const entries: TranscriptEntry[] = [];
  code.split('\n').forEach((text, line) => {
    if (text.trim() === '') return;
    const arrow = /^([→←]) (.*)$/u.exec(text);
    if (arrow !== null) {
      entries.push({ direction: arrow[1] === '→' ? 'client' : 'server', text: arrow[2] ?? '', line });
      return;
    }
    const last = entries.pop();
    if (last === undefined || !/^\s/.test(text)) throw new Error(`line ${line + 1}: neither a frame (→ or ←) nor its indented continuation`);
    entries.push({ ...last, text: `${last.text} ${text.trim()}` });
  });
  return entries;
}

/** Checks the JSON blocks of one doc. `examples` are complete objects from the whole doc, for elided ones. */
export class JsonExampleChecker {
  readonly #examples: { [key: string]: Json }[];

  constructor(blocks: readonly FencedBlock[]) {
    this.#examples = blocks.flatMap((block) => {
      const values: Json[] = [];
      const entries = transcriptOf(block.code);
      const texts = entries === undefined ? [block.code, ...block.code.split('\n')] : entries.map((entry) => entry.text);
      for (const text of texts) {
        try {
          values.push(parseDocJson(text));
        } catch {
          // Not JSON on its own (a malformed-frame example, a close line, one line of a multi-line value).
        }
      }
      return values.flatMap(completeObjects);
    });
  }

  /** Every problem with one block, as readable lines; empty when the block is right. */
  check(block: FencedBlock): string[] {
    try {
      const entries = transcriptOf(block.code);
      return entries === undefined ? this.#checkValues(block) : this.#checkTranscript(entries);
    } catch (error) {
      return [describe(error)];
    }
  }

  #complete(text: string): Json {
    return completeElisions(parseDocJson(text), this.#examples);
  }

  #checkValues(block: FencedBlock): string[] {
    let values: Json[];
    try {
      values = [parseDocJson(block.code)];
    } catch {
      // Several values, one per line (like the two presence events).
      values = block.code
        .split('\n')
        .filter((text) => text.trim() !== '')
        .map((text, line) => {
          try {
            return parseDocJson(text);
          } catch (error) {
            throw new Error(`line ${line + 1} is not JSON: ${describe(error)}`);
          }
        });
    }
    return values.flatMap((value) => this.#checkValue(completeElisions(value, this.#examples), block.term));
  }

  #checkValue(value: Json, term: string | undefined): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['a JSON example must be an object'];
    // A webhook body shares some type names with socket events (message.updated); its `data` envelope tells them apart.
    if (isWebhookBody(value)) {
      const event = parseWebhookEvent(value);
      return unknownFields(value, event).map((field) => `${field} is not a field of the ${event.type} webhook`);
    }
    // A named object first: an Attachment has a `type` of its own, which is not a frame's.
    const model = term;
    const validate = model === undefined ? undefined : MODEL_VALIDATORS[model];
    if (validate !== undefined) return unknownFields(value, validate(value)).map((field) => `${field} is not a field of ${model}`);
    if ('type' in value) return this.#checkServerFrame(value, undefined);
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'error') return checkWireError(value['error'], '$.error');
    if ('endpoints' in value && 'deliveries' in value) {
      return unknownFields(value, parseAnswer(ROUTES.adminWebhooks, value)).map((field) => `${field} is not a field of the webhooks answer`);
    }
    if ('series' in value && 'buckets' in value) {
      return unknownFields(value, parseAnswer(ROUTES.stats, value)).map((field) => `${field} is not a field of the statistics answer`);
    }
    return [`cannot tell what this JSON is (not a frame, not an {"error"} body, and the text before it names no protocol object such as **Chat**)`];
  }

  #checkTranscript(entries: readonly TranscriptEntry[]): string[] {
    const problems: string[] = [];
    const requests = new Map<string, RequestType>();
    let refusal: { id: string | null; error: IChatError; line: number } | undefined;
    for (const entry of entries) {
      const at = `line ${entry.line + 1}`;
      try {
        if (entry.direction === 'client') {
          if (refusal !== undefined) problems.push(`line ${refusal.line + 1}: the validator refuses this frame (${describe(refusal.error)}), but no error answer follows`);
          refusal = undefined;
          if (/^\(.*\)$/.test(entry.text)) continue; // a description such as "(a 70,074-byte frame)"
          try {
            const frame = parseClientFrame(entry.text);
            const input: unknown = JSON.parse(entry.text);
            problems.push(...unknownFields(input, frame).map((field) => `${at}: ${field} is not a field of ${frame.type}`));
            requests.set(frame.id, frame.type);
          } catch (error) {
            if (!(error instanceof IChatError)) throw error;
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(entry.text);
            } catch {
              // Not JSON at all: no id can be read.
            }
            refusal = { id: readRequestId(parsed), error, line: entry.line };
          }
          continue;
        }
        const close = CLOSE_LINE.exec(entry.text);
        if (close !== null) {
          const code = Number(close[1]);
          if (!Object.values(CLOSE_CODES).some((known) => known === code)) problems.push(`${at}: close code ${code} is not in CLOSE_CODES`);
          continue;
        }
        const value = this.#complete(entry.text);
        if (refusal !== undefined) {
          problems.push(...checkRefusal(value, refusal).map((problem) => `${at}: ${problem}`));
          refusal = undefined;
          continue;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('a frame must be an object');
        problems.push(...this.#checkServerFrame(value, requests).map((problem) => `${at}: ${problem}`));
      } catch (error) {
        problems.push(`${at}: ${describe(error)}`);
      }
    }
    if (refusal !== undefined) problems.push(`line ${refusal.line + 1}: the validator refuses this frame (${describe(refusal.error)}), but no error answer follows`);
    return problems;
  }

  /** A server frame; `requests` maps the transcript's request ids to their types, so a reply's result is checked too. */
  #checkServerFrame(value: { [key: string]: Json }, requests: ReadonlyMap<string, RequestType> | undefined): string[] {
    const frame = parseServerFrame(value);
    if (frame.type === 'error') {
      return [...unknownFields(value, frame).map((field) => `${field} is not a field of an error frame`), ...checkWireError(value['error'], '$.error')];
    }
    if (frame.type !== 'reply') return unknownFields(value, frame).map((field) => `${field} is not a field of the ${frame.type} event`);
    const type = requests?.get(frame.id);
    if (!isRequestType(type)) return [`a reply to "${frame.id}", but no request with that id comes before it`];
    const result = parseResult(type, frame.result);
    return unknownFields(value['result'], result, '$.result').map((field) => `${field} is not a field of the ${type} result`);
  }
}

/** An error's wire shape: a known code, a message, and no other fields than `field` and `retryAfterMs`. */
function checkWireError(value: Json | undefined, path: string): string[] {
  const problems: string[] = [];
  const code = typeof value === 'object' && value !== null && !Array.isArray(value) ? value['code'] : undefined;
  if (!isErrorCode(code)) problems.push(`${path}.code ${JSON.stringify(code)} is not in ERROR_CODES`);
  problems.push(...unknownFields(value, IChatError.fromWire(value).toWire(), path).map((field) => `${field} is not a field of an error`));
  return problems;
}

/** The answer to a frame the validator refused must be that very refusal: same id, code, message and field. */
function checkRefusal(value: Json, refusal: { id: string | null; error: IChatError }): string[] {
  const frame = parseServerFrame(value);
  if (frame.type !== 'error') return [`the validator refuses the frame before (${describe(refusal.error)}), but the answer shown is not an error`];
  const expected = { type: 'error', id: refusal.id, error: refusal.error.toWire() };
  return JSON.stringify(value) === JSON.stringify(expected)
    ? []
    : [`the validator answers the frame before with ${JSON.stringify(expected)}, not ${JSON.stringify(value)}`];
}
