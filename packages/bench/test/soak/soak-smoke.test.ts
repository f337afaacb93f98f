// A short soak against the built server: every kind of traffic runs, is sampled, and checks out against the database.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAllServers } from '../../src/harness/server-process.js';
import { runSoak } from '../../src/soak/run-soak.js';

const workdir = mkdtempSync(join(tmpdir(), 'ichat-soak-test-'));

afterAll(() => {
  killAllServers();
  rmSync(workdir, { recursive: true, force: true });
});

describe('the soak', () => {
  it(
    'sends, reconnects, pages history and pauses readers for a quarter minute with every acked message stored once',
    async () => {
      const results = await runSoak({
        minutes: 0.25,
        plan: { pinned: false, serverCore: 0, clientCore: 0, cores: 1 },
        workdir,
        resultsDir: join(workdir, 'results'),
        note: 'unit test',
        log: () => undefined,
        // Small and busy: every activity happens several times within the quarter minute.
        settings: {
          users: 40,
          registeredUsers: 2,
          smallGroup: 5,
          largeGroup: 20,
          messagesPerSecond: 60,
          reconnectsPerSecond: 1,
          historyPerSecond: 2,
          slowEverySeconds: 5,
          slowUsers: 2,
          slowSeconds: 2,
          sampleSeconds: 2,
        },
      });
      expect(results.samples.length).toBeGreaterThanOrEqual(6);
      expect(results.traffic.acked).toBeGreaterThan(500);
      expect(results.traffic.reconnects).toBeGreaterThanOrEqual(10);
      expect(results.traffic.logins).toBeGreaterThanOrEqual(5);
      expect(results.traffic.historyPages).toBeGreaterThan(20);
      expect(results.traffic.typingReceived).toBeGreaterThan(0);
      expect(results.correctness.storedChecked).toBe(results.traffic.acked);
      const anomalies = Object.entries(results.correctness).filter(([name, count]) => name !== 'storedChecked' && count !== 0);
      expect(anomalies).toEqual([]);
      expect(results.samples.every((sample) => sample.rssBytes > 0 && sample.fds > 0 && sample.heapBytes > 0)).toBe(true);
      const stem = join(workdir, 'results', `soak-${results.date.replace(/[:.]/g, '-')}`);
      expect(existsSync(`${stem}.json`) && existsSync(`${stem}.md`)).toBe(true);
    },
    60_000,
  );
});
