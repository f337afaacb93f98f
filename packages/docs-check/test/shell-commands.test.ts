// Every shell command in the docs names real scripts, real server commands, flags and variables, and real files;
// the cheap server commands (--help, admin, backup, a refused production start) run for real on a temp database.

import type { ServerProcess } from '@ichat/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocServer } from '../src/doc-server.js';
import { where } from '../src/fences.js';
import { allBlocks } from '../src/repo.js';
import { readServerCli } from '../src/shell/server-cli.js';
import { SHELL_LANGUAGES, ShellChecker, type ServerInvocation } from '../src/shell/shell-check.js';
import { canRun, runInvocation } from '../src/shell/run-invocation.js';
import { workspacePackages } from '../src/shell/workspace.js';

const shellBlocks = allBlocks().filter((block) => SHELL_LANGUAGES.has(block.lang) && block.skipReason === undefined);
const checker = new ShellChecker(readServerCli(), workspacePackages());
const reports = shellBlocks.map((block) => ({ block, report: checker.check(block) }));
const invocations: ServerInvocation[] = reports.flatMap(({ report }) => report.serverInvocations);

describe('shell commands, read', () => {
  it.each(reports.map(({ block, report }) => [where(block), report] as const))('%s names only what exists', (_at, report) => {
    expect(report.problems).toEqual([]);
  });
});

describe('ichat-server commands, run', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startDocServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const runnable = invocations.filter(canRun);
  it.each(runnable.map((invocation) => [`${invocation.at}: ichat-server ${invocation.args.join(' ')}`, invocation] as const))(
    '%s',
    async (_name, invocation) => {
      expect(await runInvocation(server, invocation)).toEqual([]);
    },
  );
});
