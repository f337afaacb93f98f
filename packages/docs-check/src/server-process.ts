// Runs the real ichat-server command: as a server on a free port and a temp SQLite file, or once as a subcommand.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_MAIN } from './repo.js';

/** A server child process on its own database. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The folder holding its database; deleted by `stop`. */
  readonly dir: string;
  readonly databasePath: string;
  /** Runs `ichat-server <args>` on the same database. */
  command(args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  stop(): Promise<void>;
}

/** How a command ended. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a doc's command runs in: PATH only, so the developer's own settings cannot leak in. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...extra };
}

/** Runs `node <SERVER_MAIN> <args>` in `cwd` and collects its output; killed after `timeoutMs` (20 s). */
export function runServerCommand(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CommandResult> {
  const child = spawn(process.execPath, [SERVER_MAIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env ?? {}) });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits for the "listening" log line and returns its URL. */
function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail('did not start within 20 s'), 20_000);
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`the server ${why}:\n${output}`));
    };
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((text) => text.includes('"msg":"iChat server listening"'));
      const url = line === undefined ? undefined : /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve(url);
    });
    child.once('exit', (code) => fail(`exited (${code}) before listening`));
  });
}

/** Starts a server on port 0 and a fresh database, with `flags` added. */
export async function startServer(flags: readonly string[] = []): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ichat-docs-'));
  const databasePath = join(dir, 'ichat.db');
  const child = spawn(process.execPath, [SERVER_MAIN, '--port', '0', '--database', databasePath, '--log-level', 'info', ...flags], {
    cwd: dir,
    env: cleanEnv({}),
  });
  let url: string;
  try {
    url = await listeningUrl(child);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    dir,
    databasePath,
    command: (args, env = {}) => runServerCommand([...args, '--database', databasePath], { cwd: dir, env }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
