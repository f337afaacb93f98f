// Lint rules for the whole workspace: ESLint's and typescript-eslint's recommended sets, type-aware for TypeScript.

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's globals, for the plain JavaScript files (CI scripts, this file); TypeScript files get them from @types/node. */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'fetch',
    'Request',
    'Response',
    'Headers',
    'AbortController',
    'AbortSignal',
    'performance',
    'queueMicrotask',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', '**/test-results/', 'data/']),
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each package's tsconfig.json decides which files are typed together; the project service finds it.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Parameters named with a leading underscore are kept for their position in a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Handlers implement an async interface even when a particular one has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Callbacks such as uWS's and node:http's ignore what they return; a promise there is handled inside.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
      'no-throw-literal': 'off',
    },
  },
  {
    // The server's uWS adapter is its one door to uWebSockets.js; everything else speaks the transport's interfaces.
    files: ['packages/server/**/*.ts'],
    ignores: ['packages/server/src/ws/uws-adapter.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'uWebSockets.js', message: 'Only src/ws/uws-adapter.ts imports uWebSockets.js.' }] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      // Tests read parsed JSON and assert on it; the assertion is the check a cast would otherwise skip.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
    rules: { eqeqeq: ['error', 'always'] },
  },
  {
    // CommonJS scripts (the packed SDK's require() check) have CommonJS's module scope.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly' } },
  },
);
