// One linter, type-aware: typescript-eslint's recommendedTypeChecked over every TypeScript project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'k6/dist/', '.tools/', 'results/', 'bench/results/', 'bench/.peers/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each folder is its own TypeScript project (k6 sees only k6's types; the rest only Node's).
        project: ['k6/tsconfig.json', 'k6/tsconfig.test.json', 'orchestrator/tsconfig.json', 'lab/tsconfig.json', 'bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Plain JS (the CLI shim, this file): no type information to lint with.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', __ENV: 'readonly', __ITER: 'readonly', __VU: 'readonly' },
    },
  },
  {
    // report.html's inline chart script runs in the browser, beside the inlined uPlot.
    files: ['orchestrator/src/report/assets/*.js'],
    languageOptions: { globals: { document: 'readonly', uPlot: 'readonly', setTimeout: 'readonly' } },
  },
);
