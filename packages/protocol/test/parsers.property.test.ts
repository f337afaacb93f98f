// Properties of the validators over any input: a typed value or an IChatError with a known code, never another
// exception; and every valid frame, reply, event and error survives its encoder and validator unchanged.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeError,
  encodeEvent,
  encodeReply,
  IChatError,
  isErrorCode,
  parseBody,
  parseClientFrame,
  parseResult,
  parseServerFrame,
  REQUEST_TYPES,
  REQUESTS,
  ROUTES,
  type ErrorCode,
} from '../src/index.js';
import {
  deliver,
  delivery,
  hostileValue,
  message,
  mutate,
  mutation,
  RESULTS,
  validEvent,
  validRequest,
  wireError,
} from './property/arbitraries.js';
import { settings } from './property/settings.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

/** Runs a parser; an IChatError with a known code is an answer, any other exception fails the property. */
function outcome<T>(parse: () => T): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof IChatError && isErrorCode(error.code)) return { ok: false, code: error.code };
    throw error;
  }
}

/** A value as it would look after a trip through JSON (NaN → null, -0 → 0, undefined fields gone). */
function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.json(),
  fc.string({ unit: 'binary' }),
  fc.string(),
  hostileValue,
  fc.anything(),
);

describe('parseClientFrame', () => {
  it('answers any input with a frame or an invalid_frame IChatError', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = outcome(() => parseClientFrame(input));
        if (!result.ok) expect(result.code).toBe('invalid_frame');
      }),
      settings(300),
    );
  });

  it('answers a valid frame of any type with random mutations with a frame of declared fields, or invalid_frame', () => {
    fc.assert(
      fc.property(validRequest, fc.array(mutation, { minLength: 1, maxLength: 4 }), delivery, (request, mutations, how) => {
        const frame = mutate({ ...request.params, type: request.type, id: request.id }, mutations);
        const result = outcome(() => parseClientFrame(deliver(frame, how)));
        if (!result.ok) {
          expect(result.code).toBe('invalid_frame');
          return;
        }
        const parsed = result.value;
        expect(REQUEST_TYPES).toContain(parsed.type);
        const declared = new Set(['type', 'id', ...Object.keys(REQUESTS[parsed.type].params.shape)]);
        for (const key of Object.keys(parsed)) expect(declared).toContain(key);
        // What was accepted is accepted again, unchanged, once written out as a sender would.
        expect(parseClientFrame(JSON.stringify(parsed))).toEqual(viaJson(parsed));
      }),
      settings(400),
    );
  });

  it('round-trips every valid request through encodeRequest', () => {
    fc.assert(
      fc.property(validRequest, ({ type, id, params, encoded }) => {
        const frame = { ...params, type, id };
        expect(parseClientFrame(encoded)).toEqual(frame);
        expect(parseClientFrame(frame)).toEqual(frame);
      }),
      settings(300),
    );
  });

  it('ignores fields it does not declare, whatever they hold', () => {
    fc.assert(
      fc.property(validRequest, fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 4 }), ({ type, id, params }, extra) => {
        const declared = new Set(['type', 'id', ...Object.keys(REQUESTS[type].params.shape)]);
        const frame = mutate(
          { ...params, type, id },
          Object.entries(extra)
            .filter(([key]) => !declared.has(key))
            .map(([key, value]) => ({ kind: 'set' as const, key, value })),
        );
        expect(parseClientFrame(frame)).toEqual({ ...params, type, id });
      }),
      settings(200),
    );
  });
});

const replyFrame = fc
  .constantFrom(...REQUEST_TYPES)
  .chain((type) => fc.record({ type: fc.constant(type), id: fc.string({ minLength: 1, maxLength: 64 }), result: RESULTS[type] }));

describe('parseServerFrame and parseResult', () => {
  it('answer any input with a frame or an IChatError of a known code', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...REQUEST_TYPES), (input, type) => {
        const frame = outcome(() => parseServerFrame(input));
        if (!frame.ok) expect(frame.code).toBe('invalid_frame');
        const result = outcome(() => parseResult(type, input));
        if (!result.ok) expect(result.code).toBe('invalid_frame');
      }),
      settings(300),
    );
  });

  it('answer mutated events, replies and errors with a frame or invalid_frame', () => {
    const serverFrame = fc.oneof(
      validEvent.map(({ type, body }) => ({ ...body, type })),
      replyFrame.map(({ id, result }) => ({ type: 'reply', id, result })),
      fc.record({ type: fc.constant('error'), id: fc.option(fc.string({ minLength: 1 }), { nil: null }), error: wireError }),
    );
    fc.assert(
      fc.property(serverFrame, fc.array(mutation, { minLength: 1, maxLength: 4 }), delivery, (frame, mutations, how) => {
        const result = outcome(() => parseServerFrame(deliver(mutate(frame, mutations), how)));
        if (!result.ok) expect(result.code).toBe('invalid_frame');
      }),
      settings(300),
    );
  });

  it('check a mutated result against its request with the typed result or invalid_frame', () => {
    fc.assert(
      fc.property(replyFrame, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ type, result }, mutations) => {
        const value = typeof result === 'object' ? mutate(result, mutations) : result;
        const parsed = outcome(() => parseResult(type, value));
        if (!parsed.ok) expect(parsed.code).toBe('invalid_frame');
      }),
      settings(200),
    );
  });

  it('round-trip every event through encodeEvent', () => {
    fc.assert(
      fc.property(validEvent, ({ type, body, encoded }) => {
        expect(parseServerFrame(encoded)).toEqual({ ...body, type });
      }),
      settings(200),
    );
  });

  it('round-trip every reply through encodeReply and parseResult', () => {
    fc.assert(
      fc.property(replyFrame, ({ type, id, result }) => {
        const frame = parseServerFrame(encodeReply(id, result));
        expect(frame).toEqual({ type: 'reply', id, result });
        expect(frame.type === 'reply' ? parseResult(type, frame.result) : undefined).toEqual(result);
      }),
      settings(200),
    );
  });

  it('round-trip every error through encodeError', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: null }), wireError, (id, error) => {
        expect(parseServerFrame(encodeError(id, error))).toEqual({ type: 'error', id, error });
      }),
      settings(200),
    );
  });

  it('round-trip messages with any text, lone surrogates included', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(parseServerFrame(encodeEvent('message', { message: m }))).toEqual({ type: 'message', message: m });
      }),
      settings(100),
    );
  });
});

describe('parseBody', () => {
  const bodyText = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.json(),
    fc
      .record(
        { email: fc.oneof(fc.emailAddress(), hostileValue), username: fc.oneof(fc.string(), hostileValue), password: hostileValue },
        { requiredKeys: [] },
      )
      .map((body) => JSON.stringify(body)),
  );

  it('answers any body text with the typed body or bad_request / validation_failed', () => {
    fc.assert(
      fc.property(fc.constantFrom(ROUTES.register, ROUTES.login), bodyText, (route, text) => {
        const result = outcome(() => parseBody(route, text));
        if (!result.ok) expect(['bad_request', 'validation_failed']).toContain(result.code);
      }),
      settings(300),
    );
  });
});
