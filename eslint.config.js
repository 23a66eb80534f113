// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'querystring', 'readline', 'stream', 'string_decoder',
  'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const nodeImports = [{ group: ['node:*'], message: 'Node built-ins do not run here.' }];
const builtinPaths = NODE_BUILTINS.map((name) => ({ name, message: 'Node built-ins do not run here.' }));
const electron = { name: 'electron', message: 'Electron is only for main/.' };

/**
 * Layering (ARCHITECTURE §1): the folder says where code runs and what it may import.
 * - src: the pure simulator — no electron, pixi.js, DOM or Node; never imports main/renderer/cli.
 * - renderer: Pixi + DOM — no electron, no Node; reaches the simulator only through src.
 */
export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist-web/**', 'test-results/**', 'playwright-report/**', 'schemas/**', 'docs/**', 'reports/**', '.stryker-tmp/**'] }, // reports and the sandbox: mutation runs (git-ignored)
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'pixi.js', message: 'src is the pure simulator: no rendering.' }, ...builtinPaths],
          patterns: [
            ...nodeImports,
            { group: ['pixi.js/*', '@pixi/*'], message: 'src is the pure simulator: no rendering.' },
            { group: ['**/main/**', '**/renderer/**', '**/cli/**', '../../main*', '../../renderer*', '../../cli*'], message: 'src never imports the layers above it.' },
          ],
        },
      ],
      // No DOM in the simulator: these globals exist in browsers only.
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'requestAnimationFrame'],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use ctx.random(): the PRNG lives in the state.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Simulated time only: no wall clock in the simulator.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, ...builtinPaths],
          patterns: [...nodeImports, { group: ['**/main/**', '**/cli/**'], message: 'renderer reaches the simulator only through src.' }],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'cli/**/*.ts', 'cli/**/*.js', 'bench/**/*.ts', 'scripts/**/*.mjs', 'security/**/*.mjs', 'e2e/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '**/cli/**'], message: 'main talks to the renderer over IPC only.' }] }],
    },
  },
);
