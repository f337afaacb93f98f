// Browser tests in real Chromium against a real iChat server started for the run (temp SQLite file).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '@ichat/server';
import { TEST_FLAGS } from '@ichat/test-kit';
import { chromiumPath, CHROMIUM_ARGS } from '@ichat/test-kit/chromium';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { pino } from 'pino';
import { HOST_JWT_SECRET, ichatFixtures } from './test/support/fixtures-plugin.mjs';
import { pageStatePlugin } from './test/support/page-state-plugin.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';
import { testRunnerHtml } from './test/support/test-page.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'ichat-widget-tests-'));
const server = await startServer(
  loadConfig(
    {
      port: '0',
      database: join(dataDir, 'db.sqlite'),
      'messages-per-second': '1000',
      'message-burst': '1000',
      // Short-lived attachment links, so a test sees the widget renew one (30 s before expiry) within seconds.
      'attachment-link-ttl-seconds': '40',
      // Host site sign-in (token-url), with the secret the fixtures sign with.
      'jwt-secret': HOST_JWT_SECRET,
      // Instant offline presence, and every test registers its people from 127.0.0.1.
      ...TEST_FLAGS,
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
  testRunnerHtml,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: [...CHROMIUM_ARGS],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2021' }), ichatFixtures(server), pageStatePlugin()],
  reporters: [defaultReporter(), summaryReporter()],
  async onServerStop() {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
};
