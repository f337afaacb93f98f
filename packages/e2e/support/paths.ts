// Where the built pieces live in this repository.

import { fileURLToPath } from 'node:url';

export const BOT_MAIN = fileURLToPath(new URL('../../../examples/sdk-node/bot.mjs', import.meta.url));
export const SCRIPT_TAG_SITE = fileURLToPath(new URL('../../../examples/script-tag/', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../test-results/', import.meta.url));
export const SDK_BROWSER_EXAMPLE = fileURLToPath(new URL('../../../examples/sdk-browser/', import.meta.url));
export const ADMIN_EXAMPLE = fileURLToPath(new URL('../../../examples/admin/', import.meta.url));
