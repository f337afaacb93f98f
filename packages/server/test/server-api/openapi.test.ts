// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document, public, that covers every route of the table as served.

import { isFields, ROUTES, type RouteSpec } from '@ichat/protocol';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/test-server.js';

/** A field of a JSON object, as an object; fails the test when it is not one. */
function objectAt(value: unknown, ...path: string[]): Record<string, unknown> {
  let current: unknown = value;
  for (const key of path) current = isFields(current) ? current[key] : undefined;
  if (!isFields(current)) throw new Error(`No object at ${path.join('.')}`);
  return { ...current };
}

const SECURITY = { public: [], user: [{ sessionToken: [] }], admin: [{ sessionToken: [] }], server: [{ apiKey: [] }] };

describe('GET /api/v1/openapi.json', () => {
  const env = useTestServer();

  async function served(): Promise<unknown> {
    const answer = await env.server.http(ROUTES.openapi.path);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    return answer.body;
  }

  it('is a valid OpenAPI 3.1 document, served to anyone', async () => {
    const validator = new Validator();
    const result = await validator.validate(objectAt(await served()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route: method, path and its parameters, body, success status and who may call it', async () => {
    const document = await served();
    let operations = 0;
    for (const path of Object.keys(objectAt(document, 'paths'))) operations += Object.keys(objectAt(document, 'paths', path)).length;
    expect(operations).toBe(Object.keys(ROUTES).length);
    for (const [name, spec] of Object.entries(ROUTES) as [string, RouteSpec<unknown, unknown>][]) {
      const operation = objectAt(document, 'paths', spec.path, spec.method.toLowerCase());
      expect(operation['operationId']).toBe(name);
      expect(Object.keys(objectAt(operation, 'responses'))).toContain(String(spec.status));
      expect(operation['security'], name).toEqual(SECURITY[spec.access]);
      const params = Array.isArray(operation['parameters']) ? operation['parameters'] : [];
      const inPath = params.filter((param: unknown) => isFields(param) && param['in'] === 'path').map((param: unknown) => objectAt(param)['name']);
      expect(inPath, name).toEqual([...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
      expect(operation['requestBody'] !== undefined, name).toBe(spec.body !== undefined || spec.rawBody === true);
    }
  });

  it('gives bodies and answers as JSON Schemas from the protocol\'s schemas', async () => {
    const document = await served();
    const createRoom = objectAt(document, 'paths', ROUTES.serverCreateRoom.path, 'post', 'requestBody', 'content', 'application/json', 'schema');
    expect(createRoom).toMatchObject({ type: 'object', required: ['kind', 'members'], properties: { kind: { enum: ['direct', 'group'] } } });
    const message = objectAt(
      document,
      'paths',
      ROUTES.serverPostMessage.path,
      'post',
      'responses',
      '200',
      'content',
      'application/json',
      'schema',
      'properties',
      'message',
    );
    expect(objectAt(message, 'properties', 'senderId')).toEqual({ anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] });
    const page = objectAt(document, 'paths', ROUTES.serverMessages.path, 'get');
    expect(page['parameters']).toContainEqual({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } });
    // The upload's body is the file itself, of any type.
    const upload = objectAt(document, 'paths', ROUTES.uploadAttachment.path, 'post', 'requestBody', 'content');
    expect(upload).toEqual({ '*/*': { schema: { type: 'string', format: 'binary' } } });
  });
});
