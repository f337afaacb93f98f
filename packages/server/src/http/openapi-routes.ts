// GET /api/v1/openapi.json: this server's HTTP API as an OpenAPI 3.1 document, generated from the route table.

import { openApiDocument, ROUTES } from '@ichat/protocol';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

/** The document is built once: it depends only on the route table and the version. */
export function openApiRoutes(version: string): Pick<RouteHandlers, 'openapi'> {
  const document = openApiDocument(version);
  return { openapi: () => Promise.resolve(answer(ROUTES.openapi, document)) };
}
