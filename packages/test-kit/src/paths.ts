// Where the built ichat-server command is: found from this package's place in the workspace, not from a package
// dependency, because the server's own tests use this kit (a dependency would be a cycle).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `packages/server/dist/main.js` as `pnpm build` writes it (this file is in packages/test-kit/src or /dist). */
export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

/**
 * The Node.js that runs the server: `ICHAT_SERVER_NODE` when set, else the one running the tests. The server runs on
 * Node.js 20 only, so suites of the packages that run on newer ones (the SDK's) run under Node.js 22 or 24 with the
 * server on the Node.js 20 named here.
 */
export function serverNode(): string {
  const named = process.env['ICHAT_SERVER_NODE'];
  return named === undefined || named === '' ? process.execPath : named;
}

/** Fails with a clear message when the server is not built, instead of a child that dies with MODULE_NOT_FOUND. */
export function requireServerBuild(): void {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` (or \`pnpm --filter @ichat/server build\`) first`);
}
