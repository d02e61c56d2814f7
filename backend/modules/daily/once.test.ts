// The daily job makes one Go client for all its steps and pushes status once, at its end: on a day
// a case moves to its next stage, Go hears of the day's interest and the new stage in one
// UpdateStatus per case, and one token serves the whole job.
import { afterEach, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { cases } from '@backend/db/schema';
import { runDaily } from '@backend/modules/daily/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

const calls = async () => ((await (await fetch(`${t.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> }).calls;
const count = (c: Record<string, number>, pattern: RegExp) => Object.entries(c).filter(([k]) => pattern.test(k)).reduce((s, [, n]) => s + n, 0);

it('on a day its cases advance, a creditor’s job pushes each case once, with one token', async () => {
  t = await makeTestBackend();
  const first = await runDaily(t.deps, { creditorIds: [t.conectoId] });
  expect(first.creditors.every((c) => c.ok)).toBe(true);
  const open = await t.db.select().from(cases).where(and(eq(cases.creditorId, t.conectoId), isNull(cases.closedAt)));
  expect(open.length).toBeGreaterThan(0);
  expect(open.every((c) => c.stage === 'notice_sent')).toBe(true);
  // Past the inkassovarsel's deadline: the job's sync sees the day's interest, the advance the demand.
  t.clock.set(`${open[0]!.noticeDeadline}T09:00:00Z`);
  t.clock.advanceDays(1);
  await fetch(`${t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
  const next = await runDaily(t.deps, { creditorIds: [t.conectoId] });
  expect(next.creditors[0]).toMatchObject({ ok: true, advanced: { demand_sent: open.length } });
  const c = await calls();
  expect(count(c, /UpdateStatus/i)).toBe(open.length);
  expect(count(c, /OAuth\/Token/i)).toBe(1);
  const after = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  expect(after.every((x) => x.stage === 'demand_sent' && x.pushedStatusText !== null)).toBe(true);
});
