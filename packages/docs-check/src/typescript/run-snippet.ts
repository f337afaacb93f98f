// Runs a TypeScript snippet from the docs for real, in a Node child process, pointed at a test server.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { FencedBlock } from '../fences.js';
import { PACKAGE_ROOT } from '../repo.js';

/** Inside this package's node_modules, so the snippet's `@ichat/sdk` and `ws` imports resolve as an app's would. */
const RUN_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'docs-check');

/** The example server URLs the docs use, replaced by the test server's. */
const DOC_SERVER_URLS = ['https://chat.example.com', 'http://localhost:5000'];

/** Gives Node 20 the global WebSocket that browsers and Node 22 have, for snippets written for those. */
const GLOBAL_WEBSOCKET = "import { WebSocket } from 'ws';\nglobalThis.WebSocket ??= WebSocket;\n";

/** A snippet running in a child process. */
export interface SnippetRun {
  readonly process: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (killing the process after `timeoutMs`). */
  exit(timeoutMs?: number): Promise<number | null>;
  kill(): void;
}

/**
 * Compiles `block` to JavaScript, points it at `serverUrl`, appends `epilogue` (code run after the snippet, in the
 * same module, e.g. `client.close();`) and starts it with `env`.
 */
export function runSnippet(block: FencedBlock, serverUrl: string, epilogue: string, env: Record<string, string> = {}): SnippetRun {
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
  const child = spawn(process.execPath, ['--import', setup, script], {
    cwd: RUN_DIR,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return {
    process: child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(output)) return;
          done();
          resolve(output);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        void exited.then(() => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`the snippet exited before printing ${String(pattern)}; output:\n${output}`));
        });
        listeners.add(check);
        check();
      }),
    exit: async (timeoutMs = 15_000) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const exitCode = await exited;
      clearTimeout(timer);
      return exitCode;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
