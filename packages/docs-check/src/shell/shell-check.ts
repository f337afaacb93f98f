// Checks the docs' shell commands without running them: every pnpm script exists in the package it runs in, every
// ichat-server subcommand, flag and environment variable is one the server accepts, every repository path exists.
// The server commands it finds are handed back, so cheap ones can be run for real.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { where, type FencedBlock } from '../fences.js';
import { REPO_ROOT } from '../repo.js';
import { checkServerArgs, type ServerCli } from './server-cli.js';
import { isAssignment, shellLines, splitCommands } from './shell-words.js';
import type { WorkspacePackage } from './workspace.js';

/** An `ichat-server` invocation found in a doc. */
export interface ServerInvocation {
  /** `docs/server.md:120`. */
  readonly at: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The output a ```console block shows for it, line by line; `undefined` in ```sh blocks. */
  readonly output: readonly string[] | undefined;
}

/** What checking one block found. */
export interface ShellReport {
  readonly problems: readonly string[];
  readonly serverInvocations: readonly ServerInvocation[];
}

/** The languages this checker reads. `console` blocks are `$ command` lines, each followed by its output. */
export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);

/** The built server, the command `ichat-server` is. */
const SERVER_SCRIPT = 'packages/server/dist/main.js';

/** Commands with nothing of the repository's to check but the repository paths among their words. */
const SYSTEM_COMMANDS = new Set([
  'apt-get',
  'chmod',
  'chown',
  'cp',
  'curl',
  'date',
  'gzip',
  'install',
  'journalctl',
  'ln',
  'mkdir',
  'nginx',
  'set',
  'sha256sum',
  'systemctl',
  'useradd',
  'wc',
  '.',
]);

/** pnpm's own commands (as opposed to scripts), the ones the docs use. */
const PNPM_BUILTINS = new Set(['install', 'i', 'add']);

/** Where a command runs: a folder of the repository (`''` is its root), or somewhere outside it (`undefined`). */
interface Place {
  readonly at: string;
  cwd: string | undefined;
  /** The folder a `git clone <…> <folder>` on this line cloned into. */
  clone?: string;
}

export class ShellChecker {
  readonly #cli: ServerCli;
  readonly #packages: readonly WorkspacePackage[];

  constructor(cli: ServerCli, packages: readonly WorkspacePackage[]) {
    this.#cli = cli;
    this.#packages = packages;
  }

  check(block: FencedBlock): ShellReport {
    const problems: string[] = [];
    const invocations: ServerInvocation[] = [];
    const place: Place = { at: where(block), cwd: '' };
    const entries = block.lang === 'console' ? consoleEntries(block.code) : shellLines(block.code).map((line) => ({ ...line, output: undefined }));
    for (const entry of entries) {
      const at = `${block.file}:${block.line + 1 + entry.line}`;
      const linePlace: Place = { at, cwd: place.cwd };
      try {
        for (const words of splitCommands(entry.text)) {
          this.#command(words, {}, linePlace, problems, (args, env) => invocations.push({ at, args, env, output: entry.output }));
        }
      } catch (error) {
        problems.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
      }
      place.cwd = linePlace.cwd;
    }
    return { problems, serverInvocations: invocations };
  }

  #command(
    allWords: readonly string[],
    inheritedEnv: Readonly<Record<string, string>>,
    place: Place,
    problems: string[],
    onServer: (args: readonly string[], env: Readonly<Record<string, string>>) => void,
  ): void {
    const env: Record<string, string> = { ...inheritedEnv };
    let index = 0;
    for (; index < allWords.length && isAssignment(allWords[index] ?? ''); index += 1) {
      const [name = '', ...value] = (allWords[index] ?? '').split('=');
      env[name] = value.join('=');
    }
    const [name, ...args] = allWords.slice(index);
    for (const word of allWords) this.#checkPathWord(word.replace(/^[A-Za-z_][A-Za-z0-9_]*=/, ''), place, problems);
    const fail = (why: string): void => {
      problems.push(`${place.at}: ${why}`);
    };
    const serverEnvOnly = (): void => {
      for (const variable of Object.keys(env)) if (!this.#cli.env.has(variable)) fail(`the server reads no ${variable} variable`);
    };
    if (name === undefined) {
      serverEnvOnly(); // a .env file, or variables set for the server
      return;
    }
    const recurse = (words: readonly string[]): void => this.#command(words, env, place, problems, onServer);
    switch (name) {
      case 'sudo': {
        let rest = 0;
        while (rest < args.length && (args[rest] ?? '').startsWith('-')) rest += (args[rest] === '-u' ? 2 : 1);
        recurse(args.slice(rest));
        return;
      }
      case 'runuser': {
        // `runuser -u <user> -- <command>`: util-linux's sudo for root, on every Debian.
        let rest = 0;
        while (rest < args.length && (args[rest] ?? '').startsWith('-') && args[rest] !== '--') rest += (args[rest] === '-u' ? 2 : 1);
        if (args[rest] === '--') rest += 1;
        recurse(args.slice(rest));
        return;
      }
      case 'exec':
        recurse(args);
        return;
      case 'sh':
      case 'bash': {
        if (args[0] !== '-c' || args[1] === undefined) return fail(`only "${name} -c '…'" is understood`);
        for (const words of splitCommands(args[1])) recurse(words);
        return;
      }
      case 'npx': {
        // npx's own options come before the tool (--yes, --allow-scripts=…); everything after it is the tool's.
        const start = args.findIndex((word) => !word.startsWith('-'));
        const rest = start === -1 ? [] : args.slice(start);
        const tool = rest[0] ?? '';
        if (/^pnpm(@\d+)?$/.test(tool)) {
          recurse(['pnpm', ...rest.slice(1)]);
          return;
        }
        // The server's package or its command, as an npm user runs it: checked (and run) as ichat-server.
        if (tool === '@ichat/server' || tool === 'ichat-server') {
          recurse(['ichat-server', ...rest.slice(1)]);
          return;
        }
        // Otherwise only a tool the folder's package already installs: npx must not fetch anything.
        const installed = place.cwd !== undefined && existsSync(join(REPO_ROOT, place.cwd, 'node_modules', '.bin', tool));
        if (!installed) return fail(`npx runs pnpm or a tool installed in the package it runs in, not ${tool || 'nothing'}`);
        return;
      }
      case 'pnpm':
        serverEnvOnly();
        this.#pnpm(args, place, fail);
        return;
      case 'npm':
        if (args[0] !== 'install' && args[0] !== 'i') return fail(`only "npm install" is understood, not "npm ${args.join(' ')}"`);
        this.#packagesToAdd(args.slice(1), fail);
        return;
      case 'ichat-server':
        serverEnvOnly();
        for (const problem of checkServerArgs(this.#cli, args)) fail(problem);
        onServer(args, env);
        return;
      case 'node':
        this.#node(args, env, place, fail, onServer);
        return;
      case 'git':
        if (args[0] !== 'clone' && args[0] !== 'pull') fail(`only "git clone" and "git pull" are understood`);
        if (args[0] === 'clone' && args[2] !== undefined) place.clone = args[2];
        return;
      case 'cd': {
        const target = args[0] === place.clone ? '' : repoPath(args[0] ?? '', place.cwd);
        if (target !== undefined && !existsSync(join(REPO_ROOT, target))) fail(`${args[0] ?? ''} is not in the repository`);
        place.cwd = target;
        return;
      }
      default: {
        if (SYSTEM_COMMANDS.has(name)) return;
        const script = repoPath(name, place.cwd);
        if (script === undefined || !name.includes('/')) {
          return fail(`the docs check does not know the command "${name}": teach it (packages/docs-check) or skip the block`);
        }
        this.#scriptEnv(script, env, fail);
      }
    }
  }

  #pnpm(args: readonly string[], place: Place, fail: (why: string) => void): void {
    let filter: string | undefined;
    const positionals: string[] = [];
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index] ?? '';
      if (arg === '--filter' || arg === '-F') filter = args[(index += 1)];
      else if (arg === '--') break;
      else if (!arg.startsWith('-')) positionals.push(arg);
    }
    const [command, ...rest] = positionals;
    if (command === undefined) return fail('pnpm with no command');
    if (PNPM_BUILTINS.has(command)) {
      if (command === 'add') this.#packagesToAdd(rest, fail);
      return;
    }
    const script = command === 'run' ? rest[0] : command;
    const target =
      filter === undefined
        ? this.#packages.find((candidate) => candidate.dir === (place.cwd ?? ''))
        : this.#packages.find((candidate) => candidate.name === filter);
    if (target === undefined) return fail(filter === undefined ? 'pnpm runs outside the workspace here' : `no workspace package is named ${filter}`);
    if (script === undefined || target.scripts[script] === undefined) {
      fail(`${target.name === 'ichat' ? 'the root package.json' : target.name} has no "${script ?? ''}" script`);
    }
  }

  /** `pnpm add` / `npm install` name workspace packages, or packages the workspace already depends on. */
  #packagesToAdd(names: readonly string[], fail: (why: string) => void): void {
    for (const name of names.filter((word) => !word.startsWith('-'))) {
      const known = this.#packages.some((candidate) => candidate.name === name || candidate.dependencies.includes(name));
      if (!known) fail(`${name} is neither a workspace package nor a dependency of one`);
    }
  }

  #node(
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    place: Place,
    fail: (why: string) => void,
    onServer: (args: readonly string[], env: Readonly<Record<string, string>>) => void,
  ): void {
    let index = 0;
    for (; index < args.length && (args[index] ?? '').startsWith('-'); index += 1) {
      const flag = args[index] ?? '';
      if (flag === '-e' || flag === '--eval' || flag === '--import' || flag === '-r') index += 1;
      if (flag === '-e' || flag === '--eval') return;
      if (flag === '--test') {
        for (const path of args.slice(index + 1)) if (repoPath(path, place.cwd) === undefined) fail(`${path} is not in the repository`);
        return;
      }
    }
    const written = args[index];
    if (written === undefined) return fail('node with no script');
    const script = this.#findScript(written, place.cwd);
    if (script === undefined) return fail(`${written} does not exist (from the repository root or any package folder)`);
    const scriptArgs = args.slice(index + 1);
    if (script === SERVER_SCRIPT) {
      for (const variable of Object.keys(env)) if (!this.#cli.env.has(variable)) fail(`the server reads no ${variable} variable`);
      for (const problem of checkServerArgs(this.#cli, scriptArgs)) fail(problem);
      onServer(scriptArgs, env);
      return;
    }
    this.#scriptEnv(script, env, fail);
    const text = readFileSync(join(REPO_ROOT, script), 'utf8');
    for (const arg of scriptArgs) {
      const flag = /^--([a-z][a-z-]*)/.exec(arg)?.[1];
      if (flag !== undefined && !text.includes(flag)) fail(`${script} has no --${flag} option`);
    }
  }

  /** A script run by path: from where the command runs, else from the root or a package folder (docs say which). */
  #findScript(written: string, cwd: string | undefined): string | undefined {
    const direct = repoPath(written, cwd);
    if (direct !== undefined && existsSync(join(REPO_ROOT, direct))) return direct;
    if (written.startsWith('/')) return undefined;
    return this.#packages.map((candidate) => normalize(join(candidate.dir, written))).find((path) => existsSync(join(REPO_ROOT, path)));
  }

  /** Variables set for a repository script must be ones it reads: the server's, or names that appear in its text. */
  #scriptEnv(script: string, env: Readonly<Record<string, string>>, fail: (why: string) => void): void {
    if (!existsSync(join(REPO_ROOT, script))) return fail(`${script} does not exist`);
    const text = readFileSync(join(REPO_ROOT, script), 'utf8');
    for (const variable of Object.keys(env)) {
      if (!this.#cli.env.has(variable) && !text.includes(variable)) fail(`${script} reads no ${variable} variable`);
    }
  }

  /** A word naming a repository file must name one that exists. */
  #checkPathWord(word: string, place: Place, problems: string[]): void {
    if (/[*$<>]/.test(word)) return;
    const inClone = cloneRemainder(word) !== undefined;
    const fromRoot = /^(\.\/)?(packages|examples|docs|\.ci)\//.test(word) && place.cwd === '';
    if (!inClone && !fromRoot) return;
    const path = repoPath(word, place.cwd);
    if (path !== undefined && !existsSync(join(REPO_ROOT, path))) problems.push(`${place.at}: ${word} does not exist in the repository`);
  }
}

/**
 * A path as a path from the repository root, or `undefined` when it points outside the repository. The docs clone
 * the repository into a folder named `ichat` (`/opt/ichat`, `/srv/ichat`), so paths under such a folder are in it.
 */
function repoPath(word: string, cwd: string | undefined): string | undefined {
  const clone = cloneRemainder(word);
  if (clone !== undefined) return clone;
  if (word.startsWith('/') || word.startsWith('~') || cwd === undefined) return undefined;
  const joined = normalize(join(cwd, word)).replace(/^\.$/, '').replace(/\/$/, '');
  return joined.startsWith('..') ? undefined : joined;
}

/** What the repository has at its top level: a path under `/…/ichat/` that goes on with one of these is in a clone. */
const TOP_LEVEL = new Set(readdirSync(REPO_ROOT).filter((name) => !['.git', 'node_modules', 'data'].includes(name)));

/** The rest of a path into a clone of the repository (`/opt/ichat/packages/…` → `packages/…`, `/opt/ichat` → `''`). */
function cloneRemainder(word: string): string | undefined {
  const match = /^\/(?:[^/\s]+\/)*ichat(?:\/(.*))?$/.exec(word);
  if (match === null) return undefined;
  const rest = (match[1] ?? '').replace(/\/$/, '');
  if (rest === '') return '';
  return TOP_LEVEL.has(rest.split('/')[0] ?? '') ? normalize(rest) : undefined;
}

/** A ```console block: `$ command` lines, each with the output lines after it. */
function consoleEntries(code: string): { text: string; line: number; output: string[] }[] {
  const entries: { text: string; line: number; output: string[] }[] = [];
  code.split('\n').forEach((text, line) => {
    if (text.startsWith('$ ')) entries.push({ text: text.slice(2), line, output: [] });
    else entries.at(-1)?.output.push(text);
  });
  return entries;
}
