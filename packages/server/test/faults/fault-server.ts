// The built server as the fault tests run it (the test kit's ServerProcess with every rate limit out of the way),
// its health as /healthz reports it, and scratch folders removed after the test.

import { rmSync } from 'node:fs';
import { parseAnswer, ROUTES } from '@ichat/protocol';
import { flagArgs, ServerProcess, UNLIMITED_FLAGS, type ServerOptions } from '@ichat/test-kit';
import { onTestFinished } from 'vitest';
import { makeTempDir } from '../support/test-server.js';

/** How long any single step of a fault test may take before it fails instead of hanging the run. */
export const STEP_MS = 15_000;

/**
 * Starts `ichat-server` with limits far above what the fault tests send, so every refusal they see comes from the
 * fault under test; `options.args` come after and win.
 */
export function startFaultServer(options: ServerOptions = {}): Promise<ServerProcess> {
  return ServerProcess.start({ ...options, args: [...flagArgs(UNLIMITED_FLAGS), ...(options.args ?? [])] });
}

/** GET /healthz: the status code and the validated answer. */
export async function health(url: string): Promise<{ status: number; database: string; overall: string }> {
  const response = await fetch(new URL(ROUTES.health.path, url), { signal: AbortSignal.timeout(STEP_MS) });
  const answer = parseAnswer(ROUTES.health, await response.json());
  return { status: response.status, database: answer.database, overall: answer.status };
}

/** A fresh temporary folder, removed after the test. */
export function scratchDir(): string {
  const dir = makeTempDir();
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
