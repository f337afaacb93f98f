// The HTTP API as an OpenAPI 3.1 document, generated from the route table and the schema kit's JSON Schemas, so the
// document cannot describe a route, a parameter or a shape other than the one the server serves.

import { ERROR_CODES } from '../codes.js';
import { API_PREFIX } from '../version.js';
import { jsonSchemaOf, type JsonSchema } from '../schema/schema.js';
import { PATH_KEY_MAX, ROUTES, type PathParam, type RouteAccess, type RouteSpec } from './routes.js';

/** The `{"error": {...}}` answer every route gives when it fails. */
const ERROR_ANSWER: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        field: { type: 'string' },
        retryAfterMs: { type: 'integer', minimum: 0 },
        reason: { type: 'string' },
      },
    },
  },
};

/** Who may call, as OpenAPI security requirements: none, a session token, or an API key. */
const SECURITY: Record<RouteAccess, readonly Record<string, readonly string[]>[]> = {
  public: [],
  user: [{ sessionToken: [] }],
  admin: [{ sessionToken: [] }],
  server: [{ apiKey: [] }],
};

function paramSchema(kind: PathParam): JsonSchema {
  if (kind === 'id') return { type: 'integer', minimum: 1 };
  if (kind === 'key') return { type: 'string', minLength: 1, maxLength: PATH_KEY_MAX };
  return { type: 'string', enum: [...kind] };
}

function json(schema: JsonSchema): JsonSchema {
  return { 'application/json': { schema } };
}

/** The answer of a route that succeeded: its JSON, plain text (/metrics), or nothing (204). */
function successOf(spec: RouteSpec<unknown, unknown>): JsonSchema {
  if (spec.result !== undefined) return { description: 'Success', content: json(jsonSchemaOf(spec.result)) };
  if (spec.status === 204) return { description: 'Done; no content' };
  return { description: 'Success', content: { 'text/plain': { schema: { type: 'string' } } } };
}

function operationOf(name: string, spec: RouteSpec<unknown, unknown>): JsonSchema {
  const parameters: JsonSchema[] = Object.entries(spec.params ?? {}).map(([param, kind]) => ({
    name: param,
    in: 'path',
    required: true,
    schema: paramSchema(kind),
  }));
  for (const [field, schema] of Object.entries(spec.query?.shape ?? {})) {
    parameters.push({ name: field, in: 'query', required: !schema.optional, schema: jsonSchemaOf(schema) });
  }
  const operation: Record<string, unknown> = {
    operationId: name,
    tags: [spec.access],
    parameters,
    responses: {
      [String(spec.status)]: successOf(spec),
      default: { description: 'An error, with a stable code', content: json(ERROR_ANSWER) },
    },
    security: SECURITY[spec.access],
  };
  if (spec.body !== undefined) operation['requestBody'] = { required: true, content: json(jsonSchemaOf(spec.body)) };
  if (spec.rawBody === true) {
    operation['requestBody'] = { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } };
  }
  return operation;
}

/**
 * The OpenAPI 3.1 document of every route in {@link ROUTES}: paths with their parameters, bodies and answers as JSON
 * Schemas, and who may call each (a session token, an API key, or anyone).
 *
 * @example
 * ```ts
 * const document = openApiDocument('0.1.0');
 * Object.keys(document.paths); // ['/api/v1/auth/register', …]
 * ```
 */
export function openApiDocument(version: string): { openapi: string; info: JsonSchema; paths: Record<string, Record<string, JsonSchema>> } & JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, spec] of Object.entries(ROUTES) as [string, RouteSpec<unknown, unknown>][]) {
    const item = (paths[spec.path] ??= {});
    item[spec.method.toLowerCase()] = operationOf(name, spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'iChat HTTP API',
      version,
      description: `The HTTP API of an iChat server. Everything under ${API_PREFIX}/server/ is for the host site's backend.`,
    },
    paths,
    components: {
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', description: 'A session token from login, register or JWT sign-in' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'A server API key (ichat_sk_…) from `ichat-server api-key create`' },
      },
    },
  };
}
