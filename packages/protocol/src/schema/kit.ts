// The schema kit's building blocks: strings, integers, numbers, booleans, choices, arrays, objects, nullable and optional.
// Their failure messages are part of the documented protocol ("roomId" must be an integer ≥ 1), so they are fixed here.

import { jsonSchemaOf, placeOf, schema, type Infer, type JsonSchema, type OptionalSchema, type Place, type Read, type Schema } from './schema.js';

/** A plain JSON object, read field by field. */
export type Fields = Readonly<Record<string, unknown>>;

/** Whether a value is a plain object (not null, not an array). */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string of `min`–`max` UTF-16 units (domain rules such as trimming and code points are checked later). */
/* @__NO_SIDE_EFFECTS__ */
export function string(max = Number.MAX_SAFE_INTEGER, min = 0): Schema<string> {
  return schema<string>((value: unknown, parent: Place, key?: string | number) => {
    if (typeof value !== 'string') return fail(parent, key, (at) => `${at} must be a string`);
    if (value.length < min || value.length > max) return fail(parent, key, (at) => `${at} must be ${min}–${max} characters`);
    return value;
  }, withBounds({ type: 'string' }, { minLength: min > 0 ? min : undefined, maxLength: finite(max) }));
}

/** A safe integer of at least `min`, and at most `max` when given. */
/* @__NO_SIDE_EFFECTS__ */
export function int(min = 0, max?: number): Schema<number> {
  return schema<number>((value: unknown, parent: Place, key?: string | number) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      return fail(parent, key, (at) => `${at} must be an integer ≥ ${min}`);
    }
    if (max !== undefined && value > max) return fail(parent, key, (at) => `${at} may be at most ${max}`);
    return value;
  }, withBounds({ type: 'integer' }, { minimum: min, maximum: max }));
}

/**
 * A finite number of at least `min`, and at most `max` when given: for measures that need not be whole (durations,
 * rates, shares). NaN and ±Infinity are refused; JSON cannot carry them, so only a value built in code can hold one.
 */
/* @__NO_SIDE_EFFECTS__ */
export function number(min = -Number.MAX_VALUE, max?: number): Schema<number> {
  return schema<number>((value: unknown, parent: Place, key?: string | number) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(parent, key, (at) => `${at} must be a finite number`);
    if (value < min) return fail(parent, key, (at) => `${at} must be ≥ ${min}`);
    if (max !== undefined && value > max) return fail(parent, key, (at) => `${at} may be at most ${max}`);
    return value;
  }, withBounds({ type: 'number' }, { minimum: min === -Number.MAX_VALUE ? undefined : min, maximum: max }));
}

export const boolean: Schema<boolean> = schema<boolean>((value: unknown, parent: Place, key?: string | number) => {
  if (typeof value !== 'boolean') return fail(parent, key, (at) => `${at} must be true or false`);
  return value;
}, { type: 'boolean' });

/** One of a fixed list of strings. */
/* @__NO_SIDE_EFFECTS__ */
export function oneOf<const T extends string>(allowed: readonly T[]): Schema<T> {
  return schema<T>((value: unknown, parent: Place, key?: string | number) => {
    const match = allowed.find((item) => item === value);
    return match ?? fail(parent, key, (at) => `${at} must be one of ${allowed.join(', ')}`);
  }, { type: 'string', enum: [...allowed] });
}

/** `null`, or a value of `inner`. */
/* @__NO_SIDE_EFFECTS__ */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema<T | null>(
    (value: unknown, parent: Place, key?: string | number) => (value === null ? null : inner.read(value, parent, key)),
    { anyOf: [jsonSchemaOf(inner), { type: 'null' }] },
  );
}

/** A field that may be left out; a field that is present is read with `inner`. */
/* @__NO_SIDE_EFFECTS__ */
export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return { read: inner.read, optional: true, json: jsonSchemaOf(inner) };
}

/** An array of at most `max` items, each read with `item` (its place is `field.index`). */
/* @__NO_SIDE_EFFECTS__ */
export function array<T>(item: Schema<T>, max = Number.MAX_SAFE_INTEGER): Schema<T[]> {
  return schema<T[]>((value: unknown, parent: Place, key?: string | number) => {
    const place: Place = placeOf(parent, key);
    if (!Array.isArray(value)) place.fail(`${place.quoted} must be an array`);
    if (value.length > max) place.fail(`${place.quoted} may hold at most ${max} items`);
    return value.map((entry: unknown, index) => item.read(entry, place, index));
  }, withBounds({ type: 'array', items: jsonSchemaOf(item) }, { maxItems: finite(max) }));
}

/**
 * A value checked by hand, for the few shapes the blocks above cannot say (its messages are its own). `json` says
 * what it accepts for documents; left out, it is described as "anything".
 */
/* @__NO_SIDE_EFFECTS__ */
export function custom<T>(read: Read<T>, json: JsonSchema = {}): Schema<T> {
  return schema((value: unknown, parent: Place, key?: string | number) => read(value, placeOf(parent, key)), json);
}

/** A bound only when it bounds something: the kit's "no limit" defaults are left out of JSON Schemas. */
function finite(bound: number): number | undefined {
  return bound >= Number.MAX_SAFE_INTEGER ? undefined : bound;
}

/** A JSON Schema with the bounds that are set. */
function withBounds(base: JsonSchema, bounds: Readonly<Record<string, number | undefined>>): JsonSchema {
  const out: Record<string, unknown> = { ...base };
  for (const [name, bound] of Object.entries(bounds)) if (bound !== undefined) out[name] = bound;
  return out;
}

/** Fails at the place of `parent`'s field `key`, building the message from that place's quoted path. */
function fail(parent: Place, key: string | number | undefined, message: (quoted: string) => string): never {
  const place = placeOf(parent, key);
  return place.fail(message(place.quoted));
}

/** The fields of an object schema, by name. */
export type Shape = Readonly<Record<string, Schema<unknown>>>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The object type an object schema reads: required fields, then those that may be left out. */
export type ObjectOf<S extends Shape> = Flatten<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
    -readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
  }
>;

/** An object schema: the declared fields, read in order; other fields are ignored and not copied. */
export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  readonly shape: S;
  /** Reads the declared fields out of an object already known to be one. */
  readonly readFields: (fields: Fields, place: Place) => ObjectOf<S>;
  /**
   * Reads the declared fields into `target`, after the fields it already has: how an envelope (`type`, `id`) and its
   * body become one frame without a second copy.
   */
  readonly readInto: <T extends object>(fields: Fields, place: Place, target: T) => T & ObjectOf<S>;
}

/**
 * An object with the given fields. `check` may add a rule across fields (such as "not both"), run after each field
 * has been read.
 *
 * @example
 * ```ts
 * const PublicUser = object({ id: int(1), username: string() });
 * type PublicUser = Infer<typeof PublicUser>; // { id: number; username: string }
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function object<const S extends Shape>(shape: S, check?: (value: ObjectOf<S>, place: Place) => void): ObjectSchema<S> {
  const entries = Object.entries(shape);
  const readInto = <T extends object>(fields: Fields, place: Place, target: T): T & ObjectOf<S> => {
    const out: Record<string, unknown> = target as Record<string, unknown>;
    for (const [key, field] of entries) {
      const value = fields[key];
      if (field.optional && value === undefined) continue;
      out[key] = field.read(value, place, key);
    }
    // Every declared key was read by its own schema just above, so `target` now has the fields of ObjectOf<S>.
    const typed = target as T & ObjectOf<S>;
    check?.(typed, place);
    return typed;
  };
  const readFields = (fields: Fields, place: Place): ObjectOf<S> => readInto(fields, place, {});
  // Other fields are ignored rather than refused, so the JSON Schema leaves additionalProperties open too.
  const json: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(entries.map(([key, field]) => [key, jsonSchemaOf(field)])),
    required: entries.filter(([, field]) => !field.optional).map(([key]) => key),
  };
  return {
    shape,
    optional: false,
    json,
    readFields,
    readInto,
    read: (value: unknown, parent: Place, key?: string | number) => {
      const place: Place = placeOf(parent, key);
      if (!isFields(value)) place.fail(place.path === '' ? 'Value must be an object' : `${place.quoted} must be an object`);
      return readFields(value, place);
    },
  };
}
