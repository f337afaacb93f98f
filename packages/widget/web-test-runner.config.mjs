// Browser tests in real Chromium against a real iChat server started for the run (temp SQLite file).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '@ichat/server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { pino } from 'pino';
import { ichatFixtures } from './test/support/fixtures-plugin.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const dataDir = mkdtempSync(join(tmpdir(), 'ichat-widget-tests-'));
const server = await startServer(
  loadConfig(
    {
      port: '0',
      database: join(dataDir, 'db.sqlite'),
      'presence-grace-ms': '0',
      'messages-per-second': '1000',
      'message-burst': '1000',
      // Every test registers its people from 127.0.0.1.
      'registrations-per-hour': '100000',
    },
    {},
  ),
  pino({ level: 'warn' }),
);

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2021' }), ichatFixtures(server)],
  reporters: [defaultReporter(), summaryReporter()],
  async onServerStop() {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
};
