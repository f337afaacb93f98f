// The schema kit's core: a schema reads an untrusted value into a typed one or fails naming the field, and its type is
// inferred from it, so each wire shape is declared once and its type and its validator cannot disagree.

import type { ErrorCode } from '../codes.js';
import { IChatError } from '../errors.js';

/**
 * Where a value being read sits: the error code a failure raises (`invalid_frame` for socket frames, `bad_request`
 * for HTTP bodies, `internal` for a server's answers as a client reads them) and the dotted path to it.
 */
export class Place {
  readonly code: ErrorCode;
  readonly path: string;

  constructor(code: ErrorCode, path = '') {
    this.code = code;
    this.path = path;
  }

  /** The place of a field or item inside this one. */
  at(key: string | number): Place {
    return new Place(this.code, this.path === '' ? String(key) : `${this.path}.${String(key)}`);
  }

  /** The path as messages quote it: `"roomId"`, `"result.message.seq"`. */
  get quoted(): string {
    return `"${this.path}"`;
  }

  /** Fails here. A whole frame that is not an object has no field to name, so the root names none. */
  fail(message: string): never {
    throw new IChatError(this.code, message, this.path === '' ? {} : { field: this.path });
  }
}

/** Reads a value at a place: the typed value, or an {@link IChatError} thrown by {@link Place.fail}. */
export type Read<T> = (value: unknown, place: Place) => T;

/**
 * A declared wire shape. `optional` marks a field of an object that may be left out (and is then left out of the
 * result too, never set to `undefined`).
 */
export interface Schema<T> {
  readonly read: Read<T>;
  readonly optional: boolean;
}

/** A field of an object that may be left out. */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

/** The type a schema reads. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A schema from its read function. */
export function schema<T>(read: Read<T>): Schema<T> {
  return { read, optional: false };
}

/**
 * Reads `value` with `shape`, failing with `code` (`bad_request` by default) and field names relative to `path`.
 *
 * @example
 * ```ts
 * const body = parseWith(RegisterBodySchema, JSON.parse(text)); // throws IChatError('bad_request', …)
 * ```
 */
export function parseWith<T>(shape: Schema<T>, value: unknown, code: ErrorCode = 'bad_request', path = ''): T {
  return shape.read(value, new Place(code, path));
}
