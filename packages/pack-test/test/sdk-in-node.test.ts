// The SDK installed from its tarball, in plain Node scripts: imported as ESM and required as CommonJS, with its
// subpaths and @ichat/protocol, two users register and exchange a message with the installed server.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, toolEnv } from '../src/commands.js';
import { startInstalledServer, type InstalledServer } from '../src/installed-server.js';
import { packedApp } from '../src/packed.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

describe('@ichat/sdk from npm in Node', () => {
  let server: InstalledServer;

  beforeAll(async () => {
    const { app, root } = packedApp();
    for (const script of ['sdk-chat.mjs', 'sdk-chat.cjs']) copyFileSync(new URL(script, FIXTURES), join(app, script));
    const command = join(app, 'node_modules', '.bin', 'ichat-server');
    server = await startInstalledServer(command, ['--port', '0', '--database', join(root, 'sdk-data', 'ichat.db')], { cwd: app });
  });

  afterAll(async () => {
    if (server !== undefined) expect(await server.stop()).toBe(0);
  });

  it.each([
    ['ESM (import)', 'sdk-chat.mjs', 'esm', 'js', 'Hello from ESM'],
    ['CommonJS (require)', 'sdk-chat.cjs', 'cjs', 'cjs', 'Hello from CommonJS'],
  ])('as %s: loads that build, and two users register and one message goes from one to the other', async (_how, script, module, extension, text) => {
    const result = await run(process.execPath, [script, server.url, `packed-${module}`], { cwd: packedApp().app, env: toolEnv(), timeoutMs: 60_000 });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report: unknown = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '');
    expect(report).toEqual({
      module,
      // Node 20.19+ can require() ESM too, so a missing CommonJS build would still run: the files prove which loaded.
      loaded: [
        `@ichat/sdk/dist/index.${extension}`,
        `@ichat/sdk/dist/protocol/index.${extension}`,
        `@ichat/sdk/dist/server/index.${extension}`,
        `@ichat/protocol/dist/index.${extension}`,
      ],
      sent: text,
      received: text,
      protocolVersion: expect.any(Number),
      errorClass: 'function',
      errorCodeCheck: true,
      serverClient: 'function',
    });
  });
});
