// The iChat wire protocol, shared by the server and every client: `import … from '@ichat/sdk/protocol'`.

export { PROTOCOL_VERSION, WS_PATH, API_PREFIX } from './version.js';
export {
  ERROR_CODES,
  RETRYABLE_CODES,
  CLOSE_CODES,
  isErrorCode,
  closeReasonOf,
  type ErrorCode,
  type CloseReason,
} from './codes.js';
export { IChatError, type WireError } from './errors.js';
export {
  LIMITS,
  normaliseEmail,
  normaliseUsername,
  checkPassword,
  normaliseText,
  normaliseGroupName,
} from './rules.js';
export { FieldReader, isFields, type Fields } from './guards.js';
export {
  parseClientFrame,
  parseServerFrame,
  parseResult,
  parseMessage,
  parseAuthResult,
  parseMeResult,
  readRequestId,
} from './parse.js';
export { REQUEST_TYPES, EVENT_TYPES } from './frames.js';
export type {
  Requests,
  RequestType,
  RequestFrame,
  ClientFrame,
  ReplyFrame,
  ErrorFrame,
  Events,
  EventType,
  EventFrame,
  ServerFrame,
  ServerLimits,
  ReadyResult,
} from './frames.js';
export type { RegisterBody, LoginBody, AuthResult, MeResult } from './http.js';
export type { PublicUser, Me, Message, RoomKind, Chat, StatsBucket } from './models.js';
export {
  STATS_SERIES,
  STATS_BUCKET_SIZES,
  parseStatsResult,
  statsSearchParams,
  type StatsSeries,
  type StatsBucketSize,
  type StatsQuery,
  type StatsResult,
} from './stats.js';
