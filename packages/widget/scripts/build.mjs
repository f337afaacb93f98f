// Builds the widget package: script-tag bundles (IIFE, everything inlined), the npm ESM build with types, and the
// pages the server serves. Prints each bundle's brotli and gzip sizes and fails when one is over its (brotli) budget. Writes brotli and gzip
// copies beside every text file the server serves, so it never compresses on the request path.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
    let stripped = code.replace(/\n[ \t]+/g, '\n');
    // Style modules hold css`` templates, whose comments would otherwise ship as text; esbuild drops the TypeScript
    // ones anyway. Each comment becomes its own line breaks, so lines keep their numbers.
    if (/-styles\.ts$|theme\.ts$/.test(id)) stripped = stripped.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''));
    return { code: stripped, map: null };
  },
};

/**
 * The widget's lazy parts: every module in `src/parts/`, each its own script `widget-<name>.js` beside widget.js that
 * assigns its exports to `IChatWidgetParts.<camelCaseName>` (the names `src/widget/parts/part-names.ts` loads by).
 * A part bundles its own copy of what it imports (Lit's `html` among them), so it is only for what most page views
 * never open; its budget keeps it from growing into a second widget.
 */
const PARTS = readdirSync(join(root, 'src', 'parts'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => {
    const name = file.slice(0, -'.ts'.length);
    const key = name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
    return { name: `widget-${name}`, entry: `src/parts/${file}`, global: `IChatWidgetParts.${key}`, budget: 12 * 1024 };
  });

/** Script-tag bundles: file name, entry, global name, budget in bytes as browsers download it (brotli). */
const BUNDLES = [
  { name: 'widget', entry: 'src/index.ts', global: 'IChatWidget', budget: 35 * 1024 },
  { name: 'admin', entry: 'src/admin.ts', global: 'IChatAdmin', budget: 60 * 1024 },
  // The account pages that links in e-mails open (reset, verify, unsubscribe): no Lit, only the SDK's account client.
  { name: 'account', entry: 'src/account.ts', global: 'IChatAccount', budget: 12 * 1024, pageOnly: true },
  ...PARTS,
].filter((bundle) => existsSync(join(root, bundle.entry)));

/**
 * In the script-tag bundles a part is loaded as its own script (`part-loader-script.ts`); the npm build keeps the
 * dynamic import() of `part-loader.ts`, which the host's bundler splits into a chunk.
 */
const scriptPartLoader = { find: /^(.*)\/part-loader\.js$/, replacement: '$1/part-loader-script.js' };

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const bundle of BUNDLES) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [stripIndentation],
    resolve: { alias: [scriptPartLoader] },
    build: {
      outDir: dist,
      emptyOutDir: false,
      // Native class fields and private members (every browser since 2021); ES2021 compiled each into helpers.
      target: 'es2022',
      sourcemap: true,
      // Terser with three passes: about 3% smaller gzipped than the default minifier on these bundles, which every
      // host page downloads.
      minify: 'terser',
      terserOptions: { ecma: 2020, compress: { passes: 3 }, format: { comments: false } },
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
      // Page-only bundles run as they load: nothing for an app to import.
      entry: Object.fromEntries(
        BUNDLES.filter((bundle) => bundle.pageOnly !== true).map((bundle) => [bundle.name === 'widget' ? 'index' : bundle.name, join(root, bundle.entry)]),
      ),
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

/** Extensions of the text files the server serves; images and fonts are compressed formats already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.map', '.json', '.svg']);

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every compressible file the server
 * serves. Maximum quality is slow, which is why it happens once here and not per request. A copy that would not be
 * smaller is not written, and the server then sends the file as it is. The npm build (`esm/`) is left alone: bundlers
 * read it from disk, browsers never download it.
 */
function precompress(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(dist, 'esm')) precompress(path);
      continue;
    }
    if (!COMPRESSIBLE.has(extname(entry.name))) continue;
    const bytes = readFileSync(path);
    const brotli = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    if (brotli.length < bytes.length) writeFileSync(`${path}.br`, brotli);
    if (gzip.length < bytes.length) writeFileSync(`${path}.gz`, gzip);
  }
}
precompress(dist);

let over = false;
for (const bundle of BUNDLES) {
  // The budget is checked against the brotli copy the server sends, which is what every browser that asks for it
  // (all of them over HTTPS) downloads; the gzip copy is printed for the clients that accept only gzip.
  const size = readFileSync(join(dist, `${bundle.name}.js.gz`)).length;
  const brotli = readFileSync(join(dist, `${bundle.name}.js.br`)).length;
  const verdict = brotli <= bundle.budget ? 'ok' : 'OVER BUDGET';
  if (brotli > bundle.budget) over = true;
  console.log(
    `${bundle.name}.js: ${(size / 1024).toFixed(1)} KB gzip, ${(brotli / 1024).toFixed(1)} KB brotli (budget ${bundle.budget / 1024} KB) ${verdict}`,
  );
}
if (over) process.exit(1);
