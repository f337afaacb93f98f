import { defineConfig } from 'tsup';

// Three entries so each user loads only what it needs: `accounts` runs in browsers too (the widget's tests), and
// `chromium` is the only one that loads playwright-core.
export default defineConfig({
  entry: { index: 'src/index.ts', accounts: 'src/accounts.ts', chromium: 'src/chromium.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
