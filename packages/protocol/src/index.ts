// @ichat/protocol: the whole wire contract of iChat, shared by the server, the SDK and every other client.

export { PROTOCOL_VERSION, WS_PATH, API_PREFIX } from './version.js';
export {
  ERROR_CODES,
  RETRYABLE_CODES,
  CLOSE_CODES,
  INVALID_TOKEN_REASONS,
  isErrorCode,
  closeReasonOf,
  type ErrorCode,
  type CloseReason,
  type InvalidTokenReason,
} from './codes.js';
export { IChatError, type WireError } from './errors.js';
export {
  LIMITS,
  normaliseEmail,
  normaliseUsername,
  checkPassword,
  normaliseText,
  normaliseGroupName,
  normaliseDisplayName,
  normaliseAvatarUrl,
  normaliseProfileData,
  type JsonValue,
  type ProfileData,
} from './rules.js';

export { foldWord, matchRanges, searchTermsOf, textMatches, type SearchTerms, type TextMatches, type TextRange } from './search.js';
export { Place, parseWith, placeOf, schema, type Schema, type OptionalSchema, type Infer, type Read, type ReadAt } from './schema/schema.js';
export { jsonSchemaOf, type JsonSchema } from './schema/schema.js';
export {
  array,
  boolean,
  custom,
  int,
  isFields,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  type Fields,
  type ObjectOf,
  type ObjectSchema,
  type Shape,
} from './schema/kit.js';

export {
  PublicUserSchema,
  MeSchema,
  MessageSchema,
  SearchHitSchema,
  ChatSchema,
  StatsBucketSchema,
  ROOM_KINDS,
  MESSAGE_KINDS,
  type MessageKind,
  type PublicUser,
  type Me,
  type Message,
  type SearchHit,
  type RoomKind,
  type Chat,
  type StatsBucket,
} from './models.js';

export {
  REQUESTS,
  REQUEST_TYPES,
  ServerLimitsSchema,
  ReadyResultSchema,
  type Requests,
  type RequestType,
  type ServerLimits,
  type ReadyResult,
} from './frames/requests.js';
export { EVENTS, EVENT_TYPES, type Events, type EventType } from './frames/events.js';
export type { RequestFrame, ClientFrame, ReplyFrame, ErrorFrame, EventFrame, ServerFrame } from './frames/frames.js';
export { parseClientFrame, parseServerFrame, parseResult, readRequestId } from './frames/parse-frames.js';
export { encodeRequest, encodeReply, encodeError, encodeEvent, encodedTypePrefix } from './frames/encode.js';

export {
  RegisterBodySchema,
  LoginBodySchema,
  JwtLoginBodySchema,
  AuthResultSchema,
  MeResultSchema,
  HealthResultSchema,
  StatsResultSchema,
  STATS_SERIES,
  STATS_BUCKET_SIZES,
  statsSearchParams,
  type RegisterBody,
  type LoginBody,
  type JwtLoginBody,
  type AuthResult,
  type MeResult,
  type HealthResult,
  type StatsResult,
  type StatsSeries,
  type StatsBucketSize,
  type StatsQuery,
} from './http/bodies.js';
export { ProfileEditBodySchema, type ProfileEditBody } from './http/profile-body.js';
export {
  ROUTES,
  CLIENT_ROUTES,
  SERVER_ROUTES,
  PATH_KEY_MAX,
  hasFixedPaths,
  matchRoute,
  routePath,
  routePaths,
  type PathParam,
  type RouteAccess,
  type RouteMethod,
  type RouteName,
  type RouteSpec,
} from './http/routes.js';
export { parseBody, parseAnswer, errorOfAnswer } from './http/parse-http.js';
export {
  ServerUserSchema,
  ServerUserResultSchema,
  UpsertUserBodySchema,
  UpsertUserResultSchema,
  ServerRoomSchema,
  ServerRoomResultSchema,
  CreateRoomBodySchema,
  CreateRoomResultSchema,
  AddMembersBodySchema,
  PostMessageBodySchema,
  PostMessageResultSchema,
  MessagePageSchema,
  MessagePageQuerySchema,
  ServerMessageResultSchema,
  messagePageSearchParams,
  parseMessagePageQuery,
  type ServerUser,
  type ServerUserResult,
  type UpsertUserBody,
  type UpsertUserResult,
  type ServerRoom,
  type ServerRoomResult,
  type CreateRoomBody,
  type CreateRoomResult,
  type AddMembersBody,
  type PostMessageBody,
  type PostMessageResult,
  type MessagePage,
  type MessagePageQuery,
  type ServerMessageResult,
} from './http/server-bodies.js';
export { OpenApiDocumentSchema } from './http/openapi-document.js';
export { openApiDocument } from './http/openapi.js';

export {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_HEADERS,
  WEBHOOK_DATA,
  WEBHOOK_DELIVERY_STATUSES,
  MessageEventDataSchema,
  RoomCreatedDataSchema,
  MemberEventDataSchema,
  UserCreatedDataSchema,
  WebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhooksResultSchema,
  parseWebhookEvent,
  type WebhookEventType,
  type MessageEventData,
  type RoomCreatedData,
  type MemberEventData,
  type UserCreatedData,
  type WebhookData,
  type WebhookEvent,
  type WebhookEventOf,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookDelivery,
  type WebhooksResult,
} from './webhooks.js';
