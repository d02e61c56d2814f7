import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Import specifiers that reach another part of this repository: its alias and any relative path. */
const ours = (parts) => parts.flatMap((p) => [`@${p}/*`, `**/${p}/*`, `**/${p}`]);
/** Node's built-in modules by their bare names (fs, path, …); `node:*` is matched by pattern. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: 'Node built-in: not on every runtime this code runs on.' }));

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
  // Which part may import which (docs/architecture.md). The sandbox is someone else's system and
  // the oracle of our tests: it imports nothing of ours, not even shared/.
  {
    files: ['sandbox/**/*.ts', 'sandbox/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ours(['shared', 'backend', 'extension']), message: 'The sandbox stands for Go: it imports nothing of ours.' }] }] },
  },
  // shared/ runs in the backend (Node and Workers) and in the browser: nothing of ours, no Node.
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ours(['backend', 'extension', 'sandbox']), message: 'shared/ imports nothing of ours.' }, { group: ['node:*'], message: 'shared/ runs in browsers and Workers: no Node built-ins.' }] }] },
  },
  // The backend never imports the sandbox or the extension, and uses only Web APIs outside its Node
  // entry, so the same app runs as a Cloudflare Worker.
  {
    files: ['backend/**/*.ts', 'backend/**/*.tsx'],
    ignores: ['backend/node.ts', 'backend/node/**'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ours(['sandbox', 'extension']), message: 'The backend never imports the sandbox or the extension.' }, { group: ['node:*'], message: 'Only backend/node.ts and backend/node/ may use Node built-ins.' }] }] },
  },
  {
    files: ['backend/node.ts', 'backend/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ours(['sandbox', 'extension']), message: 'The backend never imports the sandbox or the extension.' }] }] },
  },
  // The extension takes only the type of the backend's routes (hc<AppType>), never its code, and
  // nothing of the sandbox.
  {
    files: ['extension/**/*.ts', 'extension/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ours(['backend']), allowTypeImports: true, message: 'The extension imports only types from the backend (import type { AppType }).' },
        { group: ours(['sandbox']), message: 'The extension never imports the sandbox.' },
      ] }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'sandbox/node.ts', 'backend/node.ts', 'backend/node/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The backend's tests sit beside their modules but run in Node only (vitest), never in the
  // Worker's bundle: like test/, they may use Node built-ins, the real time and the sandbox (the Go
  // they test against). The product files next to them stay under the rules above.
  {
    files: ['backend/**/*.test.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
);
