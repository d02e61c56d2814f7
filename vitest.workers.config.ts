// The worker (backend/worker.ts) in the real workerd runtime, through @cloudflare/vitest-pool-workers:
// its fetch, scheduled and queue handlers and the rate limit's Durable Object, with wrangler.jsonc's
// bindings. The Go sandbox and a Hrana-over-HTTP test server (the Turso stand-in) run in Node on
// loopback, started by test/workers/global-setup.ts, which also runs the deploy step's
// drizzle-kit migrate against that server and seeds the demo data through it.
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: { alias: { '@shared': r('./shared'), '@backend': r('./backend') } },
  plugins: [
    cloudflareTest(({ inject }) => {
      const edge = inject('edge');
      return {
        main: './backend/worker.ts',
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          // The test harness itself needs Node's modules inside workerd; the worker's bundle does not
          // (wrangler.jsonc has no nodejs_compat, and deploy:check builds without it).
          compatibilityFlags: ['nodejs_compat'],
          bindings: {
            DATABASE_URL: edge.databaseUrl,
            DATABASE_AUTH_TOKEN: edge.authToken,
            ENCRYPTION_KEY: edge.encryptionKey,
            GO_API_URL: `${edge.sandboxUrl}/`,
            GO_V2_URL: `${edge.sandboxUrl}/v2/`,
            COMPANY_REGISTER_URL: `${edge.sandboxUrl}/enhetsregisteret/api/enheter`,
            GO_APPLICATION_KEY: edge.applicationKey,
            GO_SUBSCRIPTION_KEY: edge.subscriptionKey,
            PUBLIC_URL: 'http://127.0.0.1:8787/',
          },
          queueConsumers: { 'modhi-daily': { maxBatchSize: 5, maxBatchTimeout: 0.05, maxRetries: 2, retryDelay: 0 } },
        },
      };
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
    // One file at a time: they share the one database and Go sandbox, and the machine's 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
