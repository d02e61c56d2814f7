// The daily job for 200 creditors (5 debtors × 2 approved invoices each) on both runtimes, against the
// Go sandbox over loopback HTTP:
// - edge: the worker's bundle (as `wrangler deploy` builds it) in workerd through Miniflare, the
//   database over HTTP (the Hrana test server, Turso's stand-in), the cron → one queue message per
//   creditor → the queue consumer; timed from the cron until every creditor's job is done;
// - node: runDaily on an embedded database file, one creditor after the other.
// Go's 10 requests/s is lifted in both (the Durable Object's GO_REQUESTS_PER_SECOND, a fast local
// bucket on Node): the figures are our cost, and the Go calls counted here say what the pacing adds in
// production (calls ÷ 10 s; docs/scaling.md). The sync's statements per new case: sync-db.bench.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { Miniflare } from 'miniflare';
import { fixedClock, osloDate, systemClock, type Clock } from '@shared/clock';
import * as schema from '@backend/db/schema';
import type { Db } from '@backend/db/client';
import type { AppDeps } from '@backend/deps';
import { newEncryptionKey } from '@backend/crypto';
import { openDatabase } from '@backend/node/db';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { LocalRateLimit } from '@backend/integrations/poweroffice/rate-limit';
import { seedDemo } from '@backend/seed';
import { runDaily } from '@backend/modules/daily/service';
import { isOsloDailyHour } from '@backend/worker';
import { sandboxKeys } from '../../sandbox/seed';
import { startHranaServer, type HranaServer } from '../helpers/hrana-server';
import { benchGo, type BenchGo } from './edge-fixture';
import type { BenchContext, Figure } from './lib';

const shape = { debtors: 5, invoicesPerDebtor: 2 };

function depsFor(db: Db, go: BenchGo, clock: Clock, encryptionKey: string): AppDeps {
  return {
    db,
    clock,
    secrets: { encryptionKey },
    config: { publicUrl: 'http://127.0.0.1:8787', defaultCommissionBp: 1000, defaultCommissionMinOre: 5000, interestRateOverrides: {} },
    goClientFor: goClientFactory({ apiUrl: go.sandbox.url, v2Url: `${go.sandbox.url}/v2`, applicationKey: sandboxKeys.applicationKey, subscriptionKey: sandboxKeys.subscriptionKey, encryptionKey, clock, limiter: new LocalRateLimit({ perSecond: 1e9 }) }),
  };
}

const seed = (deps: AppDeps, go: BenchGo) =>
  seedDemo(deps, { demoEmail: 'bench@regnskap.example', demoPassword: 'bench', passwordIterations: 1000, creditors: go.clients.map((c) => ({ ...c, firm: 'demo' as const })) });

/** Go calls the sandbox answered, by its own count. */
const goRequests = (go: BenchGo) => go.sandbox.stats.total;

async function edgeRun(ctx: BenchContext, creditors: number, today: string) {
  const go = await benchGo({ today, creditors, ...shape });
  const hrana: HranaServer = await startHranaServer({ file: join(ctx.tmpDir, 'edge.db'), authToken: 'bench' });
  const outdir = join(ctx.tmpDir, 'worker');
  mkdirSync(outdir, { recursive: true });
  execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', outdir], { cwd: ctx.root, stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
  const client = createClient({ url: hrana.url, authToken: 'bench' });
  const db = drizzle(client, { schema }) as Db;
  await migrate(db, { migrationsFolder: join(ctx.root, 'backend/db/migrations') });
  const encryptionKey = newEncryptionKey();
  await seed(depsFor(db, go, systemClock, encryptionKey), go);
  client.close();

  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-20',
    bindings: {
      DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: 'bench', ENCRYPTION_KEY: encryptionKey, GO_API_URL: go.sandbox.url, GO_V2_URL: `${go.sandbox.url}/v2`,
      COMPANY_REGISTER_URL: `${go.sandbox.url}/enhetsregisteret/api/enheter`, GO_APPLICATION_KEY: sandboxKeys.applicationKey, GO_SUBSCRIPTION_KEY: sandboxKeys.subscriptionKey,
      PUBLIC_URL: 'http://127.0.0.1:8787', GO_REQUESTS_PER_SECOND: '1000000',
    },
    durableObjects: { GO_RATE_LIMIT: 'GoRateLimitObject' },
    queueProducers: { DAILY_QUEUE: 'modhi-daily' },
    // wrangler.jsonc's consumer (batches of 5), without the 5 s batch timeout, which only waits here.
    queueConsumers: { 'modhi-daily': { maxBatchSize: 5, maxBatchTimeout: 0.05, maxRetries: 2, retryDelay: 0 } },
  });
  try {
    // Miniflare types the worker with @cloudflare/workers-types, which this repository does not use.
    const worker = (await mf.getWorker()) as unknown as {
      fetch(url: string): Promise<{ status: number; text(): Promise<string> }>;
      scheduled(options: { scheduledTime: Date; cron: string }): Promise<unknown>;
    };
    const warm = await worker.fetch('http://127.0.0.1:8787/health');
    if (warm.status !== 200) throw new Error(`worker health ${warm.status}: ${await warm.text()}`);
    const at = [4, 5].map((h) => new Date(`${today}T0${h}:00:00Z`)).find(isOsloDailyHour)!;
    const statementsBefore = hrana.stats.statements;
    const goBefore = goRequests(go);
    const start = performance.now();
    await worker.scheduled({ scheduledTime: at, cron: `0 ${at.getUTCHours()} * * *` });
    for (;;) {
      const rows = (await hrana.direct.execute("select state, count(*) as n from jobs where queue = 'daily' group by state")).rows;
      const done = Number(rows.find((r) => r.state === 'done')?.n ?? 0);
      const failed = Number(rows.find((r) => r.state === 'failed')?.n ?? 0);
      if (failed > 0) throw new Error(`${failed} daily jobs failed on the edge`);
      if (done === creditors) break;
      if (performance.now() - start > 8 * 60_000) throw new Error(`edge daily run: ${done}/${creditors} done after 8 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    const cases = Number((await hrana.direct.execute('select count(*) from cases')).rows[0]![0]);
    if (cases !== creditors * shape.debtors) throw new Error(`edge: expected ${creditors * shape.debtors} cases, got ${cases}`);
    return { seconds, statements: hrana.stats.statements - statementsBefore, goCalls: goRequests(go) - goBefore, cases };
  } finally {
    await mf.dispose();
    await hrana.close();
    await go.sandbox.close();
  }
}

async function nodeRun(ctx: BenchContext, creditors: number, today: string) {
  const go = await benchGo({ today, creditors, ...shape });
  const { db, close } = await openDatabase(`file:${join(ctx.tmpDir, 'node.db')}`);
  try {
    const clock = fixedClock(`${today}T05:00:00Z`);
    const deps = depsFor(db, go, clock, newEncryptionKey());
    await seed(deps, go);
    const goBefore = goRequests(go);
    const start = performance.now();
    const result = await runDaily(deps, { date: today });
    const seconds = (performance.now() - start) / 1000;
    const failed = result.creditors.filter((c) => !c.ok);
    if (failed.length > 0) throw new Error(`node: ${failed.length} creditors failed: ${failed[0]!.error}`);
    const firstDayCalls = goRequests(go) - goBefore;
    // The next morning, nothing new in Go: a fresh token each, the sync's reads, and a status push
    // for every open case whose balance moved (the day's interest).
    clock.advanceDays(1);
    const nextBefore = goRequests(go);
    const next = await runDaily(deps, { date: osloDate(clock.now()) });
    if (next.creditors.some((c) => !c.ok)) throw new Error('node: the next day failed');
    return { seconds, firstDayCalls, nextDayCalls: goRequests(go) - nextBefore };
  } finally {
    close();
    await go.sandbox.close();
  }
}

export default async function (ctx: BenchContext): Promise<Figure[]> {
  const creditors = ctx.quick ? 20 : 200;
  const today = osloDate(systemClock.now()); // the worker runs on the real clock
  const node = await nodeRun(ctx, creditors, today);
  ctx.log(`node: ${creditors} creditors' daily job in ${node.seconds.toFixed(2)} s; Go calls per creditor: ${(node.firstDayCalls / creditors).toFixed(1)} the first day (${shape.debtors} new cases each), ${(node.nextDayCalls / creditors).toFixed(1)} the next day`);
  const edge = await edgeRun(ctx, creditors, today);
  ctx.log(`edge: ${creditors} creditors' daily job in ${edge.seconds.toFixed(2)} s through the queue; ${edge.statements} database statements over HTTP (${(edge.statements / creditors).toFixed(1)} per creditor), ${edge.goCalls} Go calls (${(edge.goCalls / creditors).toFixed(1)} per creditor: ${(edge.goCalls / 10).toFixed(0)} s at 10 requests/s)`);
  rmSync(join(ctx.tmpDir, 'worker'), { recursive: true, force: true });
  return [
    { key: 'edge.dailyRunSeconds', value: edge.seconds, unit: 's', baseline: { label: 'node.dailyRunSeconds, same creditors and Go', value: node.seconds } },
    { key: 'node.dailyRunSeconds', value: node.seconds, unit: 's' },
    { key: 'edge.dbStatementsPerCreditor', value: edge.statements / creditors, unit: 'statements' },
    { key: 'edge.goCallsPerCreditor', value: edge.goCalls / creditors, unit: 'calls', baseline: { label: 'node, same run', value: node.firstDayCalls / creditors } },
    { key: 'node.goCallsPerCreditorNextDay', value: node.nextDayCalls / creditors, unit: 'calls', baseline: { label: `open cases per creditor`, value: shape.debtors } },
  ];
}
