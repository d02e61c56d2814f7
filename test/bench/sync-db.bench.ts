// What the first sync of a creditor costs the database, counted where Turso would count it: every
// statement the Hrana-over-HTTP test server executes (each statement of a batch counted), and every
// HTTP request (round trip) to it. Two groups of creditors against the same Go sandbox on loopback,
// one with 5 new cases each and one with 250: the difference between them, divided by
// the difference in cases, is what one more new case costs (sync.dbStatementsPerNewCase, goal ≤ 1);
// what is left is the fixed cost of one creditor's run (sync.dbStatementsPerCreditorSync), however
// many cases it opens. Each case has `invoicesPerDebtor` invoices. The claims' start is planned per
// case (domain/start-plan.ts, the rules startCase uses) and written per 100 cases as a few
// multi-row statements in the commit transaction (modules/cases/process.ts startCases); before, startCase ran
// per case there, about 19 statements and 19 round trips per new case (docs/scaling.md).
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fixedClock, osloDate, systemClock } from '@shared/clock';
import * as schema from '@backend/db/schema';
import type { Db } from '@backend/db/client';
import type { AppDeps } from '@backend/deps';
import { newEncryptionKey } from '@backend/crypto';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { LocalRateLimit } from '@backend/integrations/poweroffice/rate-limit';
import { seedDemo } from '@backend/seed';
import { syncCreditor } from '@backend/modules/sync/run';
import { sandboxKeys } from '../../sandbox/seed';
import { startHranaServer } from '../helpers/hrana-server';
import { benchGo } from './edge-fixture';
import type { BenchContext, Figure } from './lib';

const invoicesPerDebtor = 2;

async function firstSyncs(ctx: BenchContext, name: string, creditors: number, debtors: number, today: string) {
  const go = await benchGo({ today, creditors, debtors, invoicesPerDebtor });
  const hrana = await startHranaServer({ file: join(ctx.tmpDir, `${name}.db`) });
  const client = createClient({ url: hrana.url });
  try {
    const db = drizzle(client, { schema }) as Db;
    await migrate(db, { migrationsFolder: join(ctx.root, 'backend/db/migrations') });
    const encryptionKey = newEncryptionKey();
    const deps: AppDeps = {
      db,
      clock: fixedClock(`${today}T05:00:00Z`),
      secrets: { encryptionKey },
      config: { publicUrl: 'http://127.0.0.1:8787', defaultCommissionBp: 1000, defaultCommissionMinOre: 5000, interestRateOverrides: {} },
      goClientFor: goClientFactory({ apiUrl: go.sandbox.url, v2Url: `${go.sandbox.url}/v2`, applicationKey: sandboxKeys.applicationKey, subscriptionKey: sandboxKeys.subscriptionKey, encryptionKey, clock: systemClock, limiter: new LocalRateLimit({ perSecond: 1e9 }) }),
    };
    const seeded = await seedDemo(deps, { demoEmail: 'bench@regnskap.example', demoPassword: 'bench', passwordIterations: 1000, creditors: go.clients.map((c) => ({ ...c, firm: 'demo' as const })) });
    const statements = hrana.stats.statements;
    const pipelines = hrana.stats.pipelines;
    let newCases = 0;
    const start = performance.now();
    for (const c of go.clients) {
      const run = await syncCreditor(deps, seeded.creditorIds[c.orgNo]!, 'daily');
      if (!run.ok) throw new Error(`sync failed: ${run.errors.join('; ')}`);
      newCases += run.casesCreated;
    }
    const seconds = (performance.now() - start) / 1000;
    if (newCases !== creditors * debtors) throw new Error(`${name}: expected ${creditors * debtors} new cases, got ${newCases}`);
    return { statements: (hrana.stats.statements - statements) / creditors, roundTrips: (hrana.stats.pipelines - pipelines) / creditors, cases: debtors, invoicesPerSecond: go.invoices / seconds };
  } finally {
    client.close();
    await hrana.close();
    await go.sandbox.close();
  }
}

export default async function (ctx: BenchContext): Promise<Figure[]> {
  const today = osloDate(systemClock.now());
  const creditors = ctx.quick ? 5 : 20;
  const small = await firstSyncs(ctx, 'small', creditors, 5, today);
  // Past the 100 cases the sync commits together, so the chunks' own statements are counted too.
  const large = await firstSyncs(ctx, 'large', ctx.quick ? 2 : 4, 250, today);
  const perCase = (large.statements - small.statements) / (large.cases - small.cases);
  const perCreditor = small.statements - perCase * small.cases;
  const tripsPerCase = (large.roundTrips - small.roundTrips) / (large.cases - small.cases);
  ctx.log(`first sync over HTTP, per creditor: ${small.statements.toFixed(1)} statements / ${small.roundTrips.toFixed(1)} round trips with ${small.cases} new cases, ${large.statements.toFixed(1)} / ${large.roundTrips.toFixed(1)} with ${large.cases}; ${large.invoicesPerSecond.toFixed(0)} invoices/s`);
  return [
    { key: 'sync.dbStatementsPerNewCase', value: perCase, unit: 'statements', baseline: { label: 'goal: at most one statement per new case', value: 1 } },
    { key: 'sync.dbStatementsPerCreditorSync', value: perCreditor, unit: 'statements' },
    { key: 'sync.dbRoundTripsPerNewCase', value: tripsPerCase, unit: 'requests' },
    { key: 'sync.dbStatementsPerCaseAt5', value: small.statements / small.cases, unit: 'statements', baseline: { label: 'a creditor with 5 new cases, all its run counted', value: 1 } },
    { key: 'sync.httpInvoicesPerSecond', value: large.invoicesPerSecond, unit: 'invoices/s' },
  ];
}
