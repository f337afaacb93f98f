// The wire protocol's version: bumped on any change an older peer could not understand.

/** The protocol version this build speaks; sent in the `ready` frame and checked by the SDK. */
export const PROTOCOL_VERSION = 1;

/** Path of the WebSocket endpoint, relative to the server's origin. */
export const WS_PATH = '/ws';

/** Prefix of every HTTP API route. */
export const API_PREFIX = '/api/v1';
