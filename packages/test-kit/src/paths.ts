// Where the built ichat-server command is: found from this package's place in the workspace, not from a package
// dependency, because the server's own tests use this kit (a dependency would be a cycle).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `packages/server/dist/main.js` as `pnpm build` writes it (this file is in packages/test-kit/src or /dist). */
export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

/** Fails with a clear message when the server is not built, instead of a child that dies with MODULE_NOT_FOUND. */
export function requireServerBuild(): void {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` (or \`pnpm --filter @ichat/server build\`) first`);
}
