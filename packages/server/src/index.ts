// @ichat/server public entry: start a server from code (tests, embedding) with the same config as the CLI.

export { startServer, type RunningServer } from './server.js';
export { loadConfig, helpText, OPTIONS, DEFAULTS, type Config } from './config.js';
export type { Store } from './store/contract/store.js';
export { seedAccounts, type SeedOptions } from './auth/seed-accounts.js';
export { createApiKey } from './auth/api-keys.js';
