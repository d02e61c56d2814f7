// Taking an invoice Go approved starts the case at the lawful step by what Go already sent, and
// tells the accountant when that differs from the agreed profile (the take's notice, the case's
// timeline, the creditor's dunningNotices).
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { getCase } from '@backend/modules/cases/service';
import { runDaily } from '@backend/modules/daily/service';
import { takeInvoice } from '@backend/modules/send/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { approveInGoPage } from '../../../test/helpers/go-pages';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

it('Go sent the inkassovarsel 4 days ago: no second notice, no fee, the demand only after its deadline; the drift is told', async () => {
  t = await makeTestBackend(); // today 2026-11-28; invoice 19 (Akkurat AS) is due 2026-10-19, in Utkast
  t.sandbox.store.client('conecto').invoices.find((i) => i.invoiceNo === 19)!.lastReminder = { sentDate: '2026-11-24', dueDate: '2026-12-05', voucherType: 72 };
  await approveInGoPage(t.sandbox, 'conecto', [19]);
  const taken = await takeInvoice(t.deps, t.conectoId, 19);
  expect(taken.case).toMatchObject({ stage: 'notice_sent', nextStep: 'Betalingsoppfordring sendt', nextStepDate: '2026-12-09' });
  expect(taken.notice).toMatch(/^PowerOffice GO sendte inkassovarsel 24\.11\.2026, men avtalt purreprofil er at Modhi sender inkassovarselet\. Modhi sender ikke et nytt varsel/);
  const detail = (await getCase(t.deps, taken.case!.id))!;
  expect(detail.costsOre).toBe(0);
  expect(detail.timeline.map((e) => [e.kind, e.text])).toContainEqual(['notice_sent', 'Inkassovarsel sendt fra PowerOffice GO 24.11.2026, frist 08.12.2026']);
  const token = await t.login();
  const creditor = await t.request('GET', `/api/v1/creditors/${t.conectoId}`, { token });
  expect(creditor.body.dunningNotices).toEqual([{ caseId: taken.case!.id, caseNo: taken.case!.caseNo, at: '2026-11-28', text: taken.notice }]);
  // Not before the 14 days have run …
  t.clock.set('2026-12-08T09:00:00Z');
  await t.control('/clock', { today: '2026-12-08' });
  await runDaily(t.deps, { afterCreditor: async () => undefined });
  expect((await getCase(t.deps, taken.case!.id))!.stage).toBe('notice_sent');
  // … then the betalingsoppfordring, and the agency never sent a notice of its own.
  t.clock.set('2026-12-09T09:00:00Z');
  await t.control('/clock', { today: '2026-12-09' });
  await runDaily(t.deps, { afterCreditor: async () => undefined });
  const after = (await getCase(t.deps, taken.case!.id))!;
  expect(after.stage).toBe('demand_sent');
  expect(after.timeline.filter((e) => e.kind === 'notice_sent')).toHaveLength(1);
});

it('own reminders agreed but Go sent nothing: the agency sends the notice first, and says so', async () => {
  t = await makeTestBackend();
  await t.db.update(creditors).set({ dunning: 'own_reminders' }).where(eq(creditors.id, t.conectoId));
  await approveInGoPage(t.sandbox, 'conecto', [19]);
  const taken = await takeInvoice(t.deps, t.conectoId, 19);
  expect(taken.case).toMatchObject({ stage: 'notice_sent' });
  expect(taken.notice).toMatch(/men Go sendte ingen purring eller inkassovarsel\. Modhi sender inkassovarselet først/);
  expect((await getCase(t.deps, taken.case!.id))!.costsOre).toBeGreaterThan(0); // the agency's notice fee
});

it('the agreed profile and Go agree: no notice', async () => {
  t = await makeTestBackend();
  await approveInGoPage(t.sandbox, 'conecto', [19]);
  const taken = await takeInvoice(t.deps, t.conectoId, 19);
  expect(taken).toMatchObject({ state: 'in_case', case: { stage: 'notice_sent' }, notice: null });
});
