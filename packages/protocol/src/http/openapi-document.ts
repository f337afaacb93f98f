// The shape of the OpenAPI document the server serves: checked only as a JSON object here, since its own schema is
// the OpenAPI specification's, which a client that wants it checked reads with an OpenAPI validator.

import { custom, isFields, type Fields } from '../schema/kit.js';

/** `GET /api/v1/openapi.json` answer: an OpenAPI 3.1 document. */
export const OpenApiDocumentSchema = custom(
  (value, place): Fields => (isFields(value) && value['openapi'] !== undefined ? value : place.fail('Expected an OpenAPI document')),
  { type: 'object', required: ['openapi', 'info', 'paths'] },
);
