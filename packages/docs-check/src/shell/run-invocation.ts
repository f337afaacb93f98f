// Runs the cheap ichat-server commands the docs show, for real, on a test server's database: --help, admin grant
// and revoke, backup, and a start that the doc says fails at once. Compares the output when the doc shows it.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { registerUser, runServerCommand, type CommandResult, type ServerProcess } from '@ichat/test-kit';
import type { ServerInvocation } from './shell-check.js';

function positionals(invocation: ServerInvocation): string[] {
  return invocation.args.filter((arg) => !arg.startsWith('-'));
}

function isHelp(invocation: ServerInvocation): boolean {
  return invocation.args.includes('--help') || invocation.args.includes('-h');
}

/** Whether the invocation is cheap and safe to run here. A plain start runs only when the doc shows it ending. */
export function canRun(invocation: ServerInvocation): boolean {
  const [command] = positionals(invocation);
  if (isHelp(invocation) || command === 'admin' || command === 'backup') return true;
  return command === undefined && invocation.output !== undefined;
}

/** Differences between the output the doc shows and the real one; a last line `...` stands for the rest. */
function outputDifferences(shown: readonly string[] | undefined, result: CommandResult, replace: (line: string) => string): string[] {
  if (shown === undefined) return [];
  const expected = shown.map(replace);
  while (expected.at(-1) === '') expected.pop();
  const actual = `${result.stdout}${result.stderr}`.replace(/\n$/, '').split('\n');
  const open = expected.at(-1) === '...';
  const compared = open ? expected.slice(0, -1) : expected;
  const got = open ? actual.slice(0, compared.length) : actual;
  return JSON.stringify(got) === JSON.stringify(compared)
    ? []
    : [`the doc shows the output:\n${compared.join('\n')}\nbut the command prints:\n${actual.join('\n')}`];
}

async function ensureUser(serverUrl: string, email: string): Promise<void> {
  const username = email.split('@')[0] ?? email;
  // Several docs grant the same address: an account that already exists is as good as a new one.
  await registerUser(serverUrl, username, { email }).catch((error: unknown) => {
    if (!(error instanceof IChatError && error.status === 409)) throw error;
  });
}

let backups = 0;

/** Runs the invocation against `server`'s database and returns what differs from the doc (empty when all is well). */
export async function runInvocation(server: ServerProcess, invocation: ServerInvocation): Promise<string[]> {
  const [command, , target] = positionals(invocation);
  const env = { ...invocation.env };
  let args = [...invocation.args];
  let replace = (line: string): string => line;
  let expectCode: number | 'non-zero' = 0;
  if (command === 'admin' && target !== undefined) await ensureUser(server.url, target);
  if (command === 'backup') {
    const file = positionals(invocation)[1] ?? '';
    backups += 1;
    const copy = join(server.dir, `backup-${backups}.db`);
    args = args.map((arg) => (arg === file ? copy : arg));
    // The attachments go into `attachments/` beside the copy.
    replace = (line) => line.replaceAll(file, copy).replaceAll(join(dirname(file), 'attachments'), join(server.dir, 'attachments'));
  }
  let result: CommandResult;
  if (command === undefined && !isHelp(invocation)) {
    // A start the doc says ends at once (with an error): run it where it can do no harm, in case it does not.
    expectCode = 'non-zero';
    result = await runServerCommand([...args, '--port', '0', '--database', join(server.dir, 'start.db')], { cwd: server.dir, env, timeoutMs: 10_000 });
  } else if (isHelp(invocation)) {
    result = await runServerCommand(args, { cwd: server.dir, env });
  } else {
    result = await server.command(args, env);
  }
  const problems = outputDifferences(invocation.output, result, replace);
  const ok = expectCode === 0 ? result.code === 0 : result.code !== 0 && result.code !== null;
  if (!ok) problems.push(`exit code ${result.code ?? 'none (killed)'}; output:\n${result.stdout}${result.stderr}`);
  if (command === 'backup' && result.code === 0 && !args.some((arg) => arg.startsWith(server.dir) && existsSync(arg))) {
    problems.push('the backup file was not written');
  }
  return problems;
}
