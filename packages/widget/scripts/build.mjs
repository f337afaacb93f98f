// Builds the widget package: script-tag bundles (IIFE, everything inlined), the npm ESM build with types, and the
// pages the server serves. Prints each bundle's gzip size and fails when one is over its budget.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const sources = join(root, 'src');

/**
 * Drops the indentation at the start of each line of our own sources. The only multi-line strings in them are Lit's
 * html`` and css`` templates, where a line break alone is whitespace enough (HTML and CSS collapse runs of it), so
 * the templates ship and render without their source indentation: about 0.35 KB gzipped off widget.js. No element
 * whose template spans lines is `white-space: pre`. Lines stay where they were, so the source maps stay right to the
 * line (columns shift), which is why the map is kept as it is (`map: null`).
 */
const stripIndentation = {
  name: 'ichat-strip-indentation',
  transform(code, id) {
    if (!id.startsWith(sources) || !id.endsWith('.ts')) return undefined;
    return { code: code.replace(/\n[ \t]+/g, '\n'), map: null };
  },
};

/** Script-tag bundles: file name, entry, global name, gzip budget in bytes. */
const BUNDLES = [
  { name: 'widget', entry: 'src/index.ts', global: 'IChatWidget', budget: 35 * 1024 },
  { name: 'admin', entry: 'src/admin.ts', global: 'IChatAdmin', budget: 60 * 1024 },
].filter((bundle) => existsSync(join(root, bundle.entry)));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const bundle of BUNDLES) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [stripIndentation],
    build: {
      outDir: dist,
      emptyOutDir: false,
      // Native class fields and private members (every browser since 2021); ES2021 compiled each into helpers.
      target: 'es2022',
      sourcemap: true,
      lib: { entry: join(root, bundle.entry), formats: ['iife'], name: bundle.global, fileName: () => `${bundle.name}.js` },
    },
  });
}

// The npm build keeps dependencies external: the host's bundler dedupes Lit, d3 and the SDK.
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [stripIndentation],
  build: {
    outDir: join(dist, 'esm'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: Object.fromEntries(BUNDLES.map((bundle) => [bundle.name === 'widget' ? 'index' : bundle.name, join(root, bundle.entry)])),
      formats: ['es'],
    },
    rollupOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^d3-/, /^@ichat\/sdk(\/|$)/] },
  },
});
execFileSync(
  process.execPath,
  [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);

for (const page of readdirSync(join(root, 'pages'))) copyFileSync(join(root, 'pages', page), join(dist, page));

let over = false;
for (const bundle of BUNDLES) {
  const size = gzipSync(readFileSync(join(dist, `${bundle.name}.js`)), { level: 9 }).length;
  const verdict = size <= bundle.budget ? 'ok' : 'OVER BUDGET';
  if (size > bundle.budget) over = true;
  console.log(`${bundle.name}.js: ${(size / 1024).toFixed(1)} KB gzip (budget ${bundle.budget / 1024} KB) ${verdict}`);
}
if (over) process.exit(1);
