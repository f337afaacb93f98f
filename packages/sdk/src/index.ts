// @ichat/sdk public entry: the client, its event map, outbox storages, and the wire protocol.

export { createClient, IChatClient } from './client.js';
export { createAccountClient, AccountClient, type AccountClientOptions } from './account-client.js';
export type { ClientOptions, SendOptions, HistoryOptions, SearchOptions } from './client-options.js';
export type { ClientEvents, ReadyEvent, SentEvent, SendFailedEvent } from './events.js';
export type { ConnectionState, ClosedReason, StateChange, ConnectionTimings } from './reconnecting-socket.js';
export type { BackoffOptions } from './backoff.js';
export type { ResumeReport, RecoveredRoom } from './message-feed.js';
export type { OutboxEntry, PendingState } from './outbox.js';
/** @deprecated The old name of {@link OutboxEntry}, kept so existing apps compile. */
export type { OutboxEntry as PendingMessage } from './outbox.js';
export { memoryStorage, localStorageStorage, indexedDbStorage } from './outbox-storage.js';
export type { OutboxStorage, StoredSend } from './outbox-storage.js';
export type { WebSocketConstructor, WebSocketLike, WebSocketEventMap } from './websocket.js';
export type { FetchFunction } from './http-api.js';
export type { UploadBody, UploadOptions, UploadProgress } from './upload.js';
export type { TokenProvider } from './session-refresher.js';
export type { Listener, Unsubscribe } from './emitter.js';
export * from '@ichat/protocol';
