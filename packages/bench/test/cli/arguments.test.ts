// The bench's options as someone types them: what a run is asked for, and one clear line for what it cannot take.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readArguments, USAGE } from '../../src/cli-arguments.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('the bench options', () => {
  it('runs everything by default, the raw relay always, and the servers and scenarios named otherwise', () => {
    const all = readArguments([]);
    expect(all).toMatchObject({ mode: 'full', servers: ['uws', 'ichat', 'ws', 'socketio'], steps: undefined, soak: undefined });
    expect(all !== 'help' && [...all.scenarios]).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7']);

    const some = readArguments(['--', '--servers', 'ichat', '--scenarios', 'S3,s1', '--steps', '2']);
    expect(some).toMatchObject({ servers: ['uws', 'ichat'], steps: 2 });
    expect(some !== 'help' && [...some.scenarios]).toEqual(['s1', 's3']);
    expect(readArguments(['--quick'])).toMatchObject({ mode: 'quick' });
    expect(readArguments(['--soak'])).toMatchObject({ soak: 60 });
    expect(readArguments(['--soak', '--minutes', '0.5'])).toMatchObject({ soak: 0.5 });
    expect(readArguments(['--help'])).toBe('help');
  });

  it.each([
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['--steps'], "Option '--steps <value>' argument missing"],
    [['--steps', 'two'], '--steps must be a positive whole number, not "two"'],
    [['--steps', '0'], '--steps must be a positive whole number, not "0"'],
    [['--soak', '--minutes', 'soon'], '--minutes must be a positive number, not "soon"'],
    [['--soak', '--minutes=-1'], '--minutes must be a positive number, not "-1"'],
    [['--minutes', '5'], '--minutes is for --soak'],
    [['--servers', 'nginx'], 'Unknown server "nginx" (uws, ichat, ws, socketio)'],
    [['--scenarios', 's1,s9'], 'Unknown scenario "s9" (s1, s2, s3, s4, s5, s6, s7)'],
  ])('refuses %j in one line', (argv, message) => {
    expect(() => readArguments(argv)).toThrow(message);
  });

  it('prints the usage for --help, and one line and the usage with exit code 2 for an unknown option', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(USAGE);

    const wrong = spawnSync(process.execPath, [CLI, '--frobnicate'], { encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe(`bench: Unknown option '--frobnicate'\n\n${USAGE}`);
    expect(wrong.stdout).toBe('');
  });
});
