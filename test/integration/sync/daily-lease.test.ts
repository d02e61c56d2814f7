// The daily run under job leases: two runs never work on one creditor at once, a run that died is
// taken over when its lease runs out, a failed creditor is tried again, and a finished day may be
// run again (every step of it is idempotent).
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runDaily } from '@backend/services/cases';
import { claimJob, finishJob, getJob } from '@backend/services/jobs';
import { cases } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

describe('job leases', () => {
  it('one holder at a time; a run-out lease is taken over and the old holder cannot finish it', async () => {
    t = await makeTestBackend();
    const first = await claimJob(t.deps, 'q', 'k', { n: 1 }, 60_000);
    expect(first).toMatchObject({ attempts: 1 });
    expect(await claimJob(t.deps, 'q', 'k', { n: 2 }, 60_000)).toBeNull();
    t.clock.set(new Date(t.clock.now().getTime() + 61_000).toISOString());
    const second = await claimJob(t.deps, 'q', 'k', { n: 3 }, 60_000);
    expect(second).toMatchObject({ attempts: 2, id: first!.id });
    expect(await finishJob(t.deps, first!, { ok: true, result: { by: 'first' } })).toBe(false);
    expect(await finishJob(t.deps, second!, { ok: false, error: 'Go svarte 500' })).toBe(true);
    expect(await getJob(t.deps, 'q', 'k')).toMatchObject({ state: 'failed', lastError: 'Go svarte 500', leaseUntil: null, attempts: 2 });
    const third = await claimJob(t.deps, 'q', 'k', {}, 60_000); // failed: taken again at once
    expect(await finishJob(t.deps, third!, { ok: true, result: { by: 'third' } })).toBe(true);
    expect(await getJob(t.deps, 'q', 'k')).toMatchObject({ state: 'done', result: { by: 'third' }, lastError: null });
    expect(await claimJob(t.deps, 'q', 'k', {}, 60_000)).not.toBeNull(); // done: may run again
  });
});

describe('the daily run', () => {
  it('skips a creditor another run is working on, and takes it over when that run’s lease runs out', async () => {
    t = await makeTestBackend();
    const held = await claimJob(t.deps, 'daily', t.conectoId, { date: 'elsewhere' }, 30 * 60_000);
    expect(held).not.toBeNull();
    const busy = await runDaily(t.deps);
    expect(busy.creditors.find((c) => c.creditorId === t.conectoId)).toMatchObject({ ok: true, skipped: 'running' });
    expect(await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).toHaveLength(0); // nothing done for it
    t.clock.set(new Date(t.clock.now().getTime() + 31 * 60_000).toISOString()); // the other runner died
    const after = await runDaily(t.deps);
    const conecto = after.creditors.find((c) => c.creditorId === t.conectoId)!;
    expect(conecto.ok).toBe(true);
    expect(conecto.skipped).toBeUndefined();
    expect((await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).length).toBeGreaterThan(0);
    expect(await getJob(t.deps, 'daily', t.conectoId)).toMatchObject({ state: 'done', attempts: 2, leaseUntil: null });
  });

  it('records a creditor that failed, with the reason, and runs it again next time', async () => {
    t = await makeTestBackend();
    const failing = async (_deps: unknown, creditorId: string) => {
      if (creditorId === t.conectoId) throw new Error('remittance refused by Go');
    };
    const first = await runDaily(t.deps, { afterCreditor: failing });
    expect(first.creditors.find((c) => c.creditorId === t.conectoId)).toMatchObject({ ok: false, error: 'remittance refused by Go' });
    expect(await getJob(t.deps, 'daily', t.conectoId)).toMatchObject({ state: 'failed', lastError: 'remittance refused by Go' });
    const second = await runDaily(t.deps);
    expect(second.creditors.find((c) => c.creditorId === t.conectoId)).toMatchObject({ ok: true });
    expect(await getJob(t.deps, 'daily', t.conectoId)).toMatchObject({ state: 'done', attempts: 2 });
  });
});
