import { defineConfig } from 'tsup';

// Five entries so each user loads only what it needs: `accounts` runs in browsers too (the widget's tests),
// `chromium` is the only one that loads playwright-core, `mailbox` the only one that loads the SMTP server, and
// `postgres` the only one that loads pg.
export default defineConfig({
  entry: { index: 'src/index.ts', accounts: 'src/accounts.ts', chromium: 'src/chromium.ts', mailbox: 'src/mailbox.ts', postgres: 'src/postgres.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
