// Runs a TypeScript snippet from the docs for real, in a Node child process, pointed at a test server.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNode, type NodeProcess } from '@ichat/test-kit';
import ts from 'typescript';
import type { FencedBlock } from '../fences.js';
import { PACKAGE_ROOT } from '../repo.js';

/** Inside this package's node_modules, so the snippet's `@ichat/sdk` and `ws` imports resolve as an app's would. */
const RUN_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'docs-check');

/** The example server URLs the docs use, replaced by the test server's. */
const DOC_SERVER_URLS = ['https://chat.example.com', 'http://localhost:5000'];

/** Gives Node 20 the global WebSocket that browsers and Node 22 have, for snippets written for those. */
const GLOBAL_WEBSOCKET = "import { WebSocket } from 'ws';\nglobalThis.WebSocket ??= WebSocket;\n";

/**
 * Compiles `block` to JavaScript, points it at `serverUrl`, appends `epilogue` (code run after the snippet, in the
 * same module, e.g. `client.close();`) and starts it with `env`.
 */
export function runSnippet(block: FencedBlock, serverUrl: string, epilogue: string, env: Record<string, string> = {}): NodeProcess {
  let code = block.code;
  for (const url of DOC_SERVER_URLS) code = code.replaceAll(`'${url}'`, JSON.stringify(serverUrl));
  const javascript = ts.transpileModule(`${code}\n${epilogue}\n`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  mkdirSync(RUN_DIR, { recursive: true });
  const name = `${block.file.replaceAll(/[^a-z0-9]+/gi, '-')}-${block.line}`;
  const script = join(RUN_DIR, `${name}.mjs`);
  const setup = join(RUN_DIR, 'global-websocket.mjs');
  writeFileSync(script, javascript);
  writeFileSync(setup, GLOBAL_WEBSOCKET);
  return startNode(script, { nodeArgs: ['--import', setup], cwd: RUN_DIR, env });
}
