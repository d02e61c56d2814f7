import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', '.wrangler/', 'coverage/', 'data/', 'backend/db/migrations/', 'test/e2e/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Take a clock; do not call Date.now() directly.' }],
    },
  },
  // The sandbox is someone else's system and the oracle of our tests: it imports nothing of ours.
  {
    files: ['sandbox/**/*.ts', 'sandbox/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@shared/*', '@backend/*', '../shared/*', '../backend/*', '../extension/*', '../../shared/*', '../../backend/*', '../../extension/*'] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@backend/*', '../backend/*', '../extension/*', '../sandbox/*', '../../backend/*', '../../sandbox/*', '../../extension/*'] }] },
  },
  {
    files: ['backend/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../sandbox/*', '../../sandbox/*', '../../../sandbox/*', '../extension/*', '../../extension/*'] }] },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'sandbox/node.ts', 'backend/node.ts', 'backend/node/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
