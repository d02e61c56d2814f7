import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: { '@shared': r('./shared'), '@backend': r('./backend'), '@': r('./extension'), '~': r('./extension') },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts', 'test/contract/**/*.test.ts', 'backend/**/*.test.ts', 'sandbox/**/*.test.ts', 'shared/**/*.test.ts', 'extension/**/*.test.ts', 'extension/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    coverage: { provider: 'v8', include: ['shared/**/*.ts'], exclude: ['**/*.test.ts'], thresholds: { lines: 95 } },
  },
});
