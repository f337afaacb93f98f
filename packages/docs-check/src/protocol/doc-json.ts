// JSON as the docs write it: `...` may stand for fields (or array items) left out, and an elided object is completed
// from a full example of the same kind before it is validated.

import { custom, isFields, parseWith, type Place, type Schema } from '@ichat/protocol';

/** The key that marks an object whose fields were partly left out. */
const ELIDED = '\u2026elided';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Any JSON value, read all the way down. What `JSON.parse` returns always passes; reading it is what gives it the
 * `Json` type without a cast.
 */
const JsonSchema: Schema<Json> = custom((value: unknown, place: Place): Json => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item: unknown, index) => JsonSchema.read(item, place.at(index)));
  if (!isFields(value)) return place.fail(`${place.quoted} is not JSON`);
  const fields: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) fields[key] = JsonSchema.read(item, place.at(key));
  return fields;
});

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null`, `array`, or the `typeof`: what must agree between an elided object and the example completing it. */
function kindOf(value: Json | undefined): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Parses JSON in which `...` marks left-out fields or items. Throws `SyntaxError` like `JSON.parse`. */
export function parseDocJson(text: string): Json {
  let out = '';
  const stack: string[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index += 1;
      } else if (char === '"') {
        inString = false;
      }
      continue;
    }
    if (char === '"') inString = true;
    if (char === '{' || char === '[') stack.push(char);
    if (char === '}' || char === ']') stack.pop();
    if (text.startsWith('...', index)) {
      out += stack.at(-1) === '[' ? JSON.stringify(ELIDED) : `${JSON.stringify(ELIDED)}:true`;
      index += 2;
      continue;
    }
    out += char;
  }
  return parseWith(JsonSchema, JSON.parse(out), 'internal');
}

/** Whether the doc left something out of this value (anywhere inside it). */
export function hasElision(value: Json): boolean {
  if (value === ELIDED) return true;
  if (Array.isArray(value)) return value.some(hasElision);
  if (isObject(value)) return Object.hasOwn(value, ELIDED) || Object.values(value).some(hasElision);
  return false;
}

/** Every complete object inside `value` (itself included): the examples an elided object can borrow from. */
export function completeObjects(value: Json): { [key: string]: Json }[] {
  const found: { [key: string]: Json }[] = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (!isObject(node)) return;
    if (!hasElision(node)) found.push(node);
    Object.values(node).forEach(visit);
  };
  visit(value);
  return found;
}

/**
 * Completes every elided object in `value`: the fields left out are taken from the smallest example in `examples`
 * that has every field the doc did show, with values of the same kinds. Elided array items are dropped. Throws when no example fits.
 */
export function completeElisions(value: Json, examples: readonly { [key: string]: Json }[], path = '$'): Json {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== ELIDED).map((item, index) => completeElisions(item, examples, `${path}[${index}]`));
  }
  if (!isObject(value)) return value;
  const shown = Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== ELIDED)
      .map(([key, item]) => [key, completeElisions(item, examples, `${path}.${key}`)]),
  );
  if (!Object.hasOwn(value, ELIDED)) return shown;
  const keys = Object.keys(shown);
  const fits = examples
    .filter((example) => keys.every((key) => Object.hasOwn(example, key) && kindOf(example[key]) === kindOf(shown[key])))
    .sort((a, b) => Object.keys(a).length - Object.keys(b).length);
  const example = fits[0];
  if (example === undefined) throw new Error(`${path}: no complete example on this page has the fields ${keys.join(', ')}`);
  return { ...structuredClone(example), ...shown };
}

/**
 * Fields of `input` that the validator dropped from `parsed`: names the protocol does not have. Validators build
 * their result field by field, so a field they do not know is missing from what they return.
 */
export function unknownFields(input: unknown, parsed: unknown, path = '$'): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    return input.flatMap((item: unknown, index) => unknownFields(item, parsed[index], `${path}[${index}]`));
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [];
  if (typeof parsed !== 'object' || parsed === null) return [];
  const problems: string[] = [];
  for (const [key, item] of Object.entries(input)) {
    if (!Object.hasOwn(parsed, key)) problems.push(`${path}.${key}`);
    else problems.push(...unknownFields(item, Reflect.get(parsed, key), `${path}.${key}`));
  }
  return problems;
}
