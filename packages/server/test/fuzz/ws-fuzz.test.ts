// The WebSocket fuzzer against a real server: a short run with a fixed seed in every `pnpm test`, and the long run
// that `pnpm fuzz --minutes N [--seed S]` starts (FUZZ_MINUTES, FUZZ_SEED), which prints its figures.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/test-server.js';
import { fuzzWebSocket, type FuzzFigures } from './ws-fuzzer.js';

const minutes = Number(process.env['FUZZ_MINUTES'] ?? '0');
const long = Number.isFinite(minutes) && minutes > 0;
const seedText = process.env['FUZZ_SEED'];
/** The short run's seed is fixed so CI is reproducible; a long run without --seed draws one and prints it. */
const seed = seedText !== undefined && seedText !== '' ? Number(seedText) : long ? Math.floor(Math.random() * 2 ** 31) : 20_240_611;

/** The flags of the fuzzed server: limits high enough that the fuzzer, not the rate limiter, decides what happens. */
const FLAGS = {
  'max-frame-bytes': '16384',
  'frames-per-second': '2000',
  'messages-per-second': '2000',
  'message-burst': '2000',
  'max-connections-per-ip': '10000',
};

function summary(figures: FuzzFigures): string {
  return JSON.stringify(figures, null, 2);
}

describe('the WebSocket endpoint under fuzzed frames', () => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await TestServer.start(FLAGS);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it(
    `answers every frame once with a well-formed frame, stays up and keeps storing valid messages (seed ${seed})`,
    { timeout: long ? minutes * 60_000 + 120_000 : 60_000 },
    async () => {
      if (server === undefined) throw new Error('The server did not start');
      let lastPrint = Date.now();
      const figures = await fuzzWebSocket(server, {
        seed,
        clients: 4,
        framesPerBatch: 40,
        maxBatches: long ? Number.MAX_SAFE_INTEGER : 30,
        maxMs: long ? minutes * 60_000 : 20_000,
        onBatch: (now) => {
          if (!long || Date.now() - lastPrint < 30_000) return;
          lastPrint = Date.now();
          process.stdout.write(`fuzz: ${Math.round(now.elapsedMs / 1000)} s, ${now.framesSent} frames, ${now.batches} batches\n`);
        },
      });
      if (long || figures.problems.length > 0) process.stdout.write(`fuzz figures:\n${summary(figures)}\n`);
      expect(figures.problems, `replay with: pnpm fuzz --seed ${seed}`).toEqual([]);
      expect(figures.crashes).toBe(0);
      expect(figures.validStored).toBeGreaterThan(0);
    },
  );
});
