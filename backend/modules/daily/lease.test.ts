// The daily run under job leases: two runs never work on one creditor at once, a run that died is
// taken over when its short lease runs out (a minute, renewed while a holder works), a creditor
// another run holds is reported as not done and caught up, a failed creditor is tried again, and a
// finished day may be run again (every step of it is idempotent).
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dailyLeaseMs, runDaily } from '@backend/modules/daily/service';
import { claimJob, finishJob, getJob, keepLease, LeaseLost } from '@backend/db/jobs';
import { cases } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

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
  it('reports a creditor another run holds as not done, and catches it up once a crashed holder’s short lease runs out', async () => {
    t = await makeTestBackend();
    // A run that crashed mid-way: its lease is left behind, nobody renews it.
    const crashed = await claimJob(t.deps, 'daily', t.conectoId, { date: 'elsewhere' }, dailyLeaseMs);
    expect(crashed).not.toBeNull();
    expect(dailyLeaseMs).toBeLessThanOrEqual(60_000);
    const busy = await runDaily(t.deps);
    expect(busy.creditors.find((c) => c.creditorId === t.conectoId)).toEqual({ creditorId: t.conectoId, ok: false, advanced: {}, reason: 'running' });
    expect(busy.creditors.find((c) => c.creditorId === t.delanteId)).toMatchObject({ ok: true });
    expect(await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).toHaveLength(0); // nothing done for it
    // The catch-up run (every 5 minutes after 06:00 on Node) while the lease still lives: still not done.
    t.clock.set(new Date(t.clock.now().getTime() + 30_000).toISOString());
    expect((await runDaily(t.deps, { pendingOnly: true })).creditors).toEqual([{ creditorId: t.conectoId, ok: false, advanced: {}, reason: 'running' }]);
    // A minute after the crash the lease has run out: the catch-up runs only the creditor not done.
    t.clock.set(new Date(t.clock.now().getTime() + 31_000).toISOString());
    const after = await runDaily(t.deps, { pendingOnly: true });
    expect(after.creditors.map((c) => c.creditorId)).toEqual([t.conectoId]);
    expect(after.creditors[0]).toMatchObject({ ok: true });
    expect(after.creditors[0]!.reason).toBeUndefined();
    expect((await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).length).toBeGreaterThan(0);
    expect(await getJob(t.deps, 'daily', t.conectoId)).toMatchObject({ state: 'done', attempts: 2, leaseUntil: null });
    // Everything is done for today: a catch-up has nothing left to do.
    expect((await runDaily(t.deps, { pendingOnly: true })).creditors).toEqual([]);
  });

  it('renews the lease while its holder works, so a long run is not taken over; a lost lease stops the holder', async () => {
    t = await makeTestBackend();
    const lease = (await claimJob(t.deps, 'q', 'long', {}, 60_000))!;
    const keeper = keepLease(t.deps, lease, 60_000, 5);
    const later = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms).toISOString());
    for (let i = 0; i < 5; i++) {
      later(50_000); // 4 minutes of work in all, far past the first lease
      await keeper.checkpoint();
      expect(await claimJob(t.deps, 'q', 'long', {}, 60_000)).toBeNull();
    }
    // The timer renews too, without a checkpoint (one long step such as a slow call to Go).
    later(40_000);
    const until = lease.until;
    await new Promise((r) => setTimeout(r, 30));
    expect(Date.parse(lease.until)).toBeGreaterThan(Date.parse(until));
    await keeper.stop();
    expect(await finishJob(t.deps, lease, { ok: true, result: {} })).toBe(true);
    // A holder that stalled past its lease finds another runner has taken the job: it must stop.
    const stalled = (await claimJob(t.deps, 'q', 'stall', {}, 60_000))!;
    const k2 = keepLease(t.deps, stalled, 60_000, 60_000);
    later(61_000);
    expect(await claimJob(t.deps, 'q', 'stall', {}, 60_000)).not.toBeNull();
    await expect(k2.checkpoint()).rejects.toBeInstanceOf(LeaseLost);
    await k2.stop();
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

  it('catch-up runs try a failed creditor again after half an hour, not every five minutes', async () => {
    t = await makeTestBackend();
    const failing = async (_deps: unknown, creditorId: string) => {
      if (creditorId === t.conectoId) throw new Error('Go svarte 503');
    };
    await runDaily(t.deps, { pendingOnly: true, afterCreditor: failing });
    t.clock.set(new Date(t.clock.now().getTime() + 5 * 60_000).toISOString());
    expect((await runDaily(t.deps, { pendingOnly: true })).creditors).toEqual([]);
    t.clock.set(new Date(t.clock.now().getTime() + 26 * 60_000).toISOString());
    expect((await runDaily(t.deps, { pendingOnly: true })).creditors).toEqual([expect.objectContaining({ creditorId: t.conectoId, ok: true })]);
  });
});
