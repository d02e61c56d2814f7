// The daily run on the edge: the cron's Oslo guard, then scheduled → one queue message per active
// creditor → the queue consumer runs each creditor's job (runCreditorDaily) against the sandbox,
// with the database over HTTP; run again, the same jobs change nothing in Go or in our cases.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { createClient } from '@libsql/client/web';
import worker, { isOsloDailyHour } from '@backend/worker';

const edge = inject('edge');
const db = createClient({ url: edge.databaseUrl, authToken: edge.authToken });

type JobRow = { key: string; state: string; attempts: number; last_error: string | null; result: string | null };
const dailyJobs = async () => (await db.execute("select key, state, attempts, last_error, result from jobs where queue = 'daily' order by key")).rows as unknown as JobRow[];
const count = async (sql: string) => Number((await db.execute(sql)).rows[0]![0]);

async function runScheduled(at: Date, cron: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Polls until every job is done (or one failed), up to `ms`. */
async function jobsSettled(ids: string[], minAttempts: number, ms = 40_000): Promise<JobRow[]> {
  const until = performance.now() + ms;
  for (;;) {
    const rows = (await dailyJobs()).filter((r) => ids.includes(r.key));
    if (rows.length === ids.length && rows.every((r) => r.state === 'done' && r.attempts >= minAttempts)) return rows;
    if (performance.now() > until) throw new Error(`daily jobs not done in time: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the cron belongs to the Oslo morning', () => {
  it('goes on only at 06:xx Europe/Oslo: 04:00 UTC in summer time, 05:00 UTC in winter time, and on the change days', () => {
    expect(isOsloDailyHour(new Date('2026-07-01T04:00:00Z'))).toBe(true);
    expect(isOsloDailyHour(new Date('2026-07-01T05:00:00Z'))).toBe(false);
    expect(isOsloDailyHour(new Date('2026-12-01T05:00:00Z'))).toBe(true);
    expect(isOsloDailyHour(new Date('2026-12-01T04:00:00Z'))).toBe(false);
    expect(isOsloDailyHour(new Date('2026-03-29T04:00:00Z'))).toBe(true); // CEST from 01:00 UTC that day
    expect(isOsloDailyHour(new Date('2026-10-25T05:00:00Z'))).toBe(true); // CET from 01:00 UTC that day
    expect(isOsloDailyHour(new Date('2026-10-25T04:00:00Z'))).toBe(false);
  });
});

describe('the daily run through the queue', () => {
  const ids = [edge.conectoId, edge.delanteId];
  // Today's two crons; the one that is 06:xx in Oslo is the run, the other must do nothing.
  const crons = [4, 5].map((h) => ({ at: new Date(`${edge.today}T0${h}:00:00Z`), cron: `0 ${h} * * *` }));
  const run = crons.find((c) => isOsloDailyHour(c.at))!;
  const other = crons.find((c) => !isOsloDailyHour(c.at))!;

  it('the other UTC cron sends nothing', async () => {
    await runScheduled(other.at, other.cron);
    await new Promise((r) => setTimeout(r, 500)); // a message would be delivered by now (batch timeout 50 ms)
    expect(await dailyJobs()).toEqual([]);
  });

  it("sends one message per active creditor; each message runs that creditor's sync, stages, remittance and status push", async () => {
    await runScheduled(run.at, run.cron);
    const rows = await jobsSettled(ids, 1);
    expect(rows.map((r) => r.key).sort()).toEqual([...ids].sort());
    for (const r of rows) expect(JSON.parse(r.result!)).toMatchObject({ date: edge.today });
    expect(await count(`select count(*) from sync_runs where trigger = 'daily' and ok = 1`)).toBeGreaterThanOrEqual(2);
    expect(await count(`select count(*) from cases where creditor_id = '${edge.conectoId}'`)).toBeGreaterThan(0);
  });

  it('run again, the same jobs are idempotent: no new case, event or remittance, and the sync finds nothing new', async () => {
    const casesBefore = await count('select count(*) from cases');
    const eventsBefore = await count('select count(*) from case_events');
    const remittancesBefore = await count('select count(*) from remittances');
    await runScheduled(run.at, run.cron);
    const rows = await jobsSettled(ids, 2);
    expect(rows.every((r) => r.attempts === 2 && r.last_error === null)).toBe(true);
    expect(await count('select count(*) from cases')).toBe(casesBefore);
    expect(await count('select count(*) from case_events')).toBe(eventsBefore);
    expect(await count('select count(*) from remittances')).toBe(remittancesBefore);
    const latest = (await db.execute("select creditor_id, cases_created, invoices_added from sync_runs where trigger = 'daily' order by started_at desc limit 2")).rows;
    expect(latest.map((r) => [Number(r.cases_created), Number(r.invoices_added)])).toEqual([[0, 0], [0, 0]]);
  });
});
