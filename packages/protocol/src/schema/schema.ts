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
  readonly #parent: Place | undefined;
  readonly #key: string | number | undefined;

  /** A root place (`path` prefixes every field name, e.g. `result`), or a child of `parent` when one is given. */
  constructor(code: ErrorCode, path: string | number = '', parent?: Place) {
    this.code = code;
    this.#parent = parent;
    this.#key = path === '' ? undefined : path;
  }

  /**
   * The place of a field or item inside this one. Validators call this for every field they read, on every frame, so
   * it only links to its parent: the dotted path is built only when a failure needs it.
   */
  at(key: string | number): Place {
    return new Place(this.code, key, this);
  }

  /** The dotted path: `roomId`, `result.message.seq`, `members.1`; empty at the root. */
  get path(): string {
    const parent = this.#parent?.path ?? '';
    const key = this.#key === undefined ? '' : String(this.#key);
    return parent === '' ? key : key === '' ? parent : `${parent}.${key}`;
  }

  /** The path as messages quote it: `"roomId"`, `"result.message.seq"`. */
  get quoted(): string {
    return `"${this.path}"`;
  }

  /** Fails here. A whole frame that is not an object has no field to name, so the root names none. */
  fail(message: string): never {
    const path = this.path;
    throw new IChatError(this.code, message, path === '' ? {} : { field: path });
  }
}

/** Reads a value at a place: the typed value, or an {@link IChatError} thrown by {@link Place.fail}. */
export type Read<T> = (value: unknown, place: Place) => T;

/**
 * How the kit's blocks read: the value, its parent's place and its key there (or no key when `parent` is the value's
 * own place). A field that reads fine never needs a place of its own, so none is made for it: validators run on
 * every frame, and this keeps them from allocating one per field.
 */
export type ReadAt<T> = (value: unknown, parent: Place, key?: string | number) => T;

/** The place of the value a {@link ReadAt} is reading. */
export function placeOf(parent: Place, key: string | number | undefined): Place {
  return key === undefined ? parent : parent.at(key);
}

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A declared wire shape. `optional` marks a field of an object that may be left out (and is then left out of the
 * result too, never set to `undefined`). `json` describes what it accepts as a JSON Schema, for documents such as
 * the OpenAPI description; the kit's blocks always give one, a schema without one is described as "anything".
 */
export interface Schema<T> {
  readonly read: ReadAt<T>;
  readonly optional: boolean;
  readonly json?: JsonSchema;
}

/** A field of an object that may be left out. */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

/** The type a schema reads. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A schema from its read function and, for documents, the JSON Schema of what it accepts. */
/* @__NO_SIDE_EFFECTS__ */
export function schema<T>(read: ReadAt<T>, json: JsonSchema = {}): Schema<T> {
  return { read, optional: false, json };
}

/** The JSON Schema of what a schema accepts: `{}` (anything) for one that does not say. */
export function jsonSchemaOf(shape: Schema<unknown>): JsonSchema {
  return shape.json ?? {};
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
