// What a route of the HTTP API is: its method, path and parameters, body, answer and who may call it.

import type { ObjectSchema, Shape } from '../schema/kit.js';
import type { Schema } from '../schema/schema.js';

/**
 * Who may call a route: anyone, a signed-in user (bearer token), an administrator, or the host site's backend (an
 * API key as the bearer token). A session token never opens a `server` route, and an API key never opens any other.
 */
export type RouteAccess = 'public' | 'user' | 'admin' | 'server';

/** The HTTP methods the API uses. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a path parameter may hold: one of a fixed list of values, `'id'` (a positive integer such as a room id), or
 * `'key'` (any non-empty text of at most {@link PATH_KEY_MAX} characters, such as a host site's user id).
 */
export type PathParam = readonly string[] | 'id' | 'key';

/** The longest text a `'key'` path parameter may hold. */
export const PATH_KEY_MAX = 256;

/** One route of the HTTP API. */
export interface RouteSpec<Body = undefined, Result = undefined> {
  readonly method: RouteMethod;
  /** The path; `{name}` stands for a path parameter whose allowed values `params` gives. */
  readonly path: string;
  readonly params?: Readonly<Record<string, PathParam>>;
  /** The query string's fields, for routes that read one with a schema (documents list them as parameters). */
  readonly query?: ObjectSchema<Shape>;
  /** The JSON body's schema; a route without one takes no JSON body. */
  readonly body?: Schema<Body>;
  /** The body is a file's bytes as they are (its type in `content-type`), not JSON: the handler reads it. */
  readonly rawBody?: true;
  /** The JSON answer's schema; a route without one answers with no JSON (204, or text such as /metrics). */
  readonly result?: Schema<Result>;
  /** The status of a successful answer. */
  readonly status: number;
  readonly access: RouteAccess;
}

/** One route, typed by its body and answer. */
export function route<Body = undefined, Result = undefined>(spec: RouteSpec<Body, Result>): RouteSpec<Body, Result> {
  return spec;
}

