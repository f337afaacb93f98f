// @ichat/sdk public entry. The client lands with the SDK work; the protocol is exported for now.

export * from './protocol/index.js';
