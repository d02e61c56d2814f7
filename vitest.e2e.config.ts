import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Browser tests: real Chromium with the built extension, against the sandbox and backend
// started by the tests. Run one file at a time so two Chromiums never fight over 2 cores.
export default defineConfig({
  resolve: { alias: { '@shared': r('./shared'), '@backend': r('./backend'), '@': r('./extension') } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
