// Lint: typescript-eslint's recommended rules plus DESIGN.md's import rules,
// so a folder that reaches across the process boundary fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Folders each src/ folder must not import (DESIGN.md "Layout"). */
const forbidden = {
  lib: ['metrics', 'http', 'runtime', 'execution', 'workers', 'outputs', 'reports', 'script', 'config', 'cli', 'errors', 'run'],
  errors: ['lib', 'metrics', 'http', 'runtime', 'execution', 'workers', 'outputs', 'reports', 'script', 'config', 'cli', 'run'],
  metrics: ['http', 'runtime', 'execution', 'workers', 'outputs', 'reports', 'script', 'config', 'cli', 'run'],
  http: ['metrics', 'runtime', 'execution', 'workers', 'outputs', 'reports', 'script', 'config', 'cli', 'run'],
  runtime: ['execution', 'outputs', 'cli', 'run'],
  execution: ['runtime', 'http', 'cli', 'run'],
  outputs: ['runtime', 'http', 'execution', 'cli', 'script', 'reports', 'dashboard', 'history', 'run'],
  reports: ['runtime', 'http', 'execution', 'cli', 'script', 'workers', 'run'],
  script: ['runtime', 'execution', 'outputs', 'reports', 'cli', 'workers', 'run'],
  config: ['runtime', 'execution', 'outputs', 'reports', 'cli', 'http', 'workers', 'run'],
  workers: ['cli', 'outputs', 'reports', 'run'],
  // probes sample servers into the pipe and know nothing of VUs
  probes: ['runtime', 'http', 'execution', 'cli', 'script', 'workers', 'outputs', 'reports', 'dashboard', 'history', 'run'],
  // chaos drives proxies and flips the workers' fault bits (workers/control-block); it knows nothing of VUs
  chaos: ['runtime', 'http', 'execution', 'cli', 'script', 'outputs', 'reports', 'dashboard', 'history', 'run'],
  api: ['cli', 'runtime', 'http', 'workers', 'execution', 'script', 'run'],
  dashboard: ['runtime', 'http', 'execution', 'cli', 'script', 'workers', 'outputs', 'history', 'run'],
  history: ['runtime', 'http', 'execution', 'cli', 'script', 'workers', 'outputs', 'dashboard', 'run'],
  // distributed carries the coordinator/agent protocol and renders manifests; run/ composes the runs
  distributed: ['runtime', 'http', 'execution', 'cli', 'outputs', 'reports', 'dashboard', 'history', 'workers', 'probes', 'chaos', 'run'],
  // run/ composes everything below it; only cli/ and the package's index import it
  run: ['cli'],
};

const boundaryRules = Object.entries(forbidden).map(([folder, banned]) => ({
  files: [`src/${folder}/**/*.ts`, 'run'],
  ignores: ['**/*.test.ts', 'run'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: banned.map((b) => ({
        group: [`**/${b}/*`, `**/${b}`, `../${b}/**`],
        message: `src/${folder} must not import src/${b} (DESIGN.md, Layout).`,
      })),
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'test/fixtures/**/*.js', 'examples/scripts/**', 'bench/scripts/**', 'bench/results/**', '.stampede/**', '.ab/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...boundaryRules,
  {
    // only cli/ touches process.exit; everything else returns results.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/workers/entry.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli may exit the process.' }] },
  },
);
