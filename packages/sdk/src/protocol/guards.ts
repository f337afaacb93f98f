// Small assertion helpers that read fields out of untrusted values, failing with a typed error naming the field.

import type { ErrorCode } from './codes.js';
import { IChatError } from './errors.js';

/** A plain JSON object, read field by field. */
export type Fields = Readonly<Record<string, unknown>>;

/** Whether a value is a plain object (not null, not an array). */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which error code a failed check raises: `invalid_frame` for socket frames, `bad_request` for HTTP bodies. */
export class FieldReader {
  readonly #code: ErrorCode;
  readonly #prefix: string;

  constructor(code: ErrorCode, prefix = '') {
    this.#code = code;
    this.#prefix = prefix;
  }

  /** A reader for a nested value, whose field names are prefixed with `name.`. */
  nested(name: string): FieldReader {
    return new FieldReader(this.#code, this.#path(name));
  }

  fail(field: string, message: string): never {
    const path = this.#path(field);
    // A whole frame that is not an object has no field to name; `field: ""` would name one that does not exist.
    throw new IChatError(this.#code, message, path === '' ? {} : { field: path });
  }

  object(value: unknown, field = ''): Fields {
    if (!isFields(value)) this.fail(field, `${field === '' ? 'Value' : `"${this.#path(field)}"`} must be an object`);
    return value;
  }

  string(obj: Fields, key: string, max = Number.MAX_SAFE_INTEGER, min = 0): string {
    const value = obj[key];
    if (typeof value !== 'string') this.fail(key, `"${this.#path(key)}" must be a string`);
    if (value.length < min || value.length > max) {
      this.fail(key, `"${this.#path(key)}" must be ${min}–${max} characters`);
    }
    return value;
  }

  /** A value kept for a stricter, domain-specific check later (such as a message text). */
  present(obj: Fields, key: string): unknown {
    if (!(key in obj)) this.fail(key, `"${this.#path(key)}" is required`);
    return obj[key];
  }

  int(obj: Fields, key: string, min = 0): number {
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.fail(key, `"${this.#path(key)}" must be an integer ≥ ${min}`);
    }
    return value;
  }

  optionalInt(obj: Fields, key: string, min = 0): number | undefined {
    return obj[key] === undefined ? undefined : this.int(obj, key, min);
  }

  nullableInt(obj: Fields, key: string, min = 0): number | null {
    return obj[key] === null ? null : this.int(obj, key, min);
  }

  nullableString(obj: Fields, key: string): string | null {
    return obj[key] === null ? null : this.string(obj, key);
  }

  boolean(obj: Fields, key: string): boolean {
    const value = obj[key];
    if (typeof value !== 'boolean') this.fail(key, `"${this.#path(key)}" must be true or false`);
    return value;
  }

  array<T>(obj: Fields, key: string, max: number, item: (value: unknown, index: number) => T): T[] {
    const value = obj[key];
    if (!Array.isArray(value)) this.fail(key, `"${this.#path(key)}" must be an array`);
    if (value.length > max) this.fail(key, `"${this.#path(key)}" may hold at most ${max} items`);
    return value.map(item);
  }

  #path(field: string): string {
    if (field === '') return this.#prefix;
    return this.#prefix === '' ? field : `${this.#prefix}.${field}`;
  }
}
