// The SDK guide's first examples run for real against a server: the quick start and the Node 20 bot.

import { registerUser, type ServerProcess } from '@ichat/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient } from '@ichat/sdk';
import type { FencedBlock } from '../src/fences.js';
import { blocksOf } from '../src/repo.js';
import { startDocServer } from '../src/doc-server.js';
import { runSnippet } from '../src/typescript/run-snippet.js';

/** The first TypeScript block under a heading of docs/sdk.md. */
function firstSnippetUnder(heading: string): FencedBlock {
  const block = blocksOf('docs/sdk.md').find((candidate) => candidate.heading === heading && candidate.lang === 'ts');
  if (block === undefined) throw new Error(`docs/sdk.md has no ts block under "${heading}" any more; update this test`);
  return block;
}

let server: ServerProcess;

beforeAll(async () => {
  server = await startDocServer();
  // The people the snippets talk about.
  await registerUser(server.url, 'ada');
  await registerUser(server.url, 'grace');
});

afterAll(async () => {
  await server.dispose();
});

describe('docs/sdk.md, run against a real server', () => {
  it('the "Connect" quick start logs in, opens a direct chat, sends, and hears its own message', async () => {
    const run = runSnippet(firstSnippetUnder('Connect'), server.url, 'client.close();');
    const exitCode = await run.exit();
    expect(run.output()).toContain('stored as seq 1');
    expect(run.output()).toMatch(/^\d+ 1 Hello, Grace!$/m);
    expect(exitCode, run.output()).toBe(0);
  });

  it('the Node 20 bot answers "!ping" with "pong"', async () => {
    const bot = await registerUser(server.url, 'pingbot');
    // Ready once synced: a message sent before the bot's first sync is history to it, not a new message.
    const ready = "await bot.whenSynced(); console.log('bot ready');";
    const run = runSnippet(firstSnippetUnder('Node 20: bring your own WebSocket'), server.url, ready, {
      ICHAT_TOKEN: bot.token,
    });
    const grace = await registerUser(server.url, 'grace2');
    const person = createClient({ url: server.url, token: grace.token, WebSocket });
    try {
      await run.waitFor(/bot ready/, 'the bot snippet to sync', 15_000);
      await person.whenSynced();
      const chat = await person.openDirect('pingbot');
      const pong = new Promise<string>((resolve) => {
        person.on('message', (message) => {
          if (message.senderId === bot.user.id) resolve(message.text);
        });
      });
      await person.send(chat.roomId, '!ping');
      expect(await pong).toBe('pong');
    } finally {
      person.close();
      await run.stop('SIGKILL');
    }
  });
});
