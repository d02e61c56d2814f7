// Each claim its own notice, disputes and holds, withdrawal, the breakdown and the letters, against
// the sandbox over HTTP. Hand-worked figures: inkassosats 750 kr (2026), Akkurat AS is a business
// debtor (salær × 1.5), Conecto has VAT deduction. Claim 21: 240 000 kr due 2026-11-13, taken over
// 2026-11-28. Invoice 700: 20 000 kr due 2026-11-20, approved in Go on 2026-12-05.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseEvents, caseInvoices, cases } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { getCase } from '@backend/modules/cases/service';
import { lookupInvoiceStatus } from '@backend/modules/ledger-lookup/service';
import { runDaily } from '@backend/modules/daily/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

async function setDay(day: string) {
  t.clock.set(`${day}T09:00:00Z`);
  await t.control('/clock', { today: day });
}

async function akkuratCase(): Promise<string> {
  const [s] = await lookupInvoiceStatus(t.deps, t.conectoId, [21]);
  return s!.case!.id;
}

/** Opens Akkurat's case on 2026-11-28 and lets invoice 700 join it on 2026-12-05. */
async function joined(): Promise<string> {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  await setDay('2026-12-05');
  await t.control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 20_000, dueDate: '2026-11-20', invoiceNo: 700, approve: true });
  await syncCreditor(t.deps, t.conectoId, 'manual');
  return akkuratCase();
}

const claim = async (caseId: string, no: number) => (await getCase(t.deps, caseId))!.claims.find((c) => c.invoiceNo === no)!;

function sumsToBalance(d: NonNullable<Awaited<ReturnType<typeof getCase>>>) {
  const b = d.breakdown;
  expect(b.principalOre + b.interestOre + b.feesOre + b.salaerOre - b.paidOre - b.writtenOffOre - b.withdrawnOre).toBe(d.balanceOre);
  expect(b.balanceOre).toBe(d.balanceOre);
  expect(b.interest.reduce((s, l) => s + l.interestOre, 0)).toBe(b.interestOre);
}

/** The status text Go shows on the case (Go's UI; the API documents no status text on a case). */
function goStatusText(code: string): string | null {
  const client = t.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
  return client.cases.find((c) => c.code === code)?.statusText ?? null;
}

it('a second invoice joining a case gets its own inkassovarsel and deadline, and its betalingsoppfordring only after that deadline', async () => {
  const caseId = await joined();
  const first = await claim(caseId, 21);
  const second = await claim(caseId, 700);
  expect(first).toMatchObject({ stage: 'notice_sent', noticeSentAt: '2026-11-28', noticeDeadline: '2026-12-12', feeOre: 3_750 });
  // Its own notice: sent the day it joined, deadline 14 days on, its own fee (750 / 20 = 37,50 kr).
  expect(second).toMatchObject({ stage: 'notice_sent', noticeSentAt: '2026-12-05', noticeDeadline: '2026-12-19', feeOre: 3_750, demandSentAt: null });
  expect((await getCase(t.deps, caseId))!.costsOre).toBe(7_500);

  // 2026-12-13: claim 21's deadline has run, 700's has not.
  await setDay('2026-12-13');
  await runDaily(t.deps);
  // Salær on 240 000 kr: 3.6 × 750 × 1.5 = 4 050 kr.
  expect(await claim(caseId, 21)).toMatchObject({ stage: 'demand_sent', demandSentAt: '2026-12-13', demandDeadline: '2026-12-27', salaerOre: 405_000 });
  expect(await claim(caseId, 700)).toMatchObject({ stage: 'notice_sent', demandSentAt: null, salaerOre: 0 });
  let d = (await getCase(t.deps, caseId))!;
  // The case shows its most advanced claim's stage.
  expect(d).toMatchObject({ stage: 'demand_sent', costsOre: 7_500 + 405_000, nextStep: 'Rettslig inndrivelse', nextStepDate: '2026-12-28' });

  // 2026-12-20: 700's own deadline (2026-12-19) has run. Salær on the sum 260 000 kr would be
  // 7.2 × 750 × 1.5 = 8 100 kr, 4 050 kr more than on 240 000; 700's own salær (20 000 kr:
  // 1.6 × 750 × 1.5 = 1 800 kr) is less, so 1 800 kr.
  await setDay('2026-12-20');
  await runDaily(t.deps);
  expect(await claim(caseId, 700)).toMatchObject({ stage: 'demand_sent', demandSentAt: '2026-12-20', demandDeadline: '2027-01-03', salaerOre: 180_000 });
  d = (await getCase(t.deps, caseId))!;
  expect(d.costsOre).toBe(7_500 + 405_000 + 180_000);
  expect(d.breakdown).toMatchObject({ principalOre: 26_000_000, feesOre: 7_500, salaerOre: 585_000, paidOre: 0 });
  sumsToBalance(d);
  const kinds = d.timeline.map((e) => e.kind);
  expect(kinds.filter((k) => k === 'notice_sent')).toHaveLength(2);
  expect(kinds.filter((k) => k === 'demand_sent')).toHaveLength(2);
  // The case page shows the breakdown and each claim with its own dates.
  const login = await t.app.request(`/cases/${caseId}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams({ email: 'demo@regnskap.example', password: 'demo' }).toString() });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await t.app.request(`/cases/${caseId}`, { headers: { cookie } })).text();
  for (const s of ['Hovedstol', 'Renter', 'Gebyrer', 'Salær', 'Innbetalt', 'Saldo', 'næringsdrivende', 'frist 19.12.2026', 'frist 03.01.2027', '12 % (foreløpig sats)']) expect(page).toContain(s);
  // A rerun changes nothing.
  await runDaily(t.deps);
  expect((await getCase(t.deps, caseId))!.costsOre).toBe(7_500 + 405_000 + 180_000);
});

it('a claim paid within its own notice deadline gets no salær; the other claim, past its deadline, does', async () => {
  const caseId = await joined();
  // The debtor pays invoice 700 in full to the creditor on 2026-12-10, inside its deadline 2026-12-19.
  await setDay('2026-12-10');
  await t.control('/payments', { clientId: 'conecto', invoiceNo: 700, amount: 20_000 });
  await syncCreditor(t.deps, t.conectoId, 'manual');
  expect(await claim(caseId, 700)).toMatchObject({ state: 'paid', openOre: 0 });
  await setDay('2026-12-20');
  await runDaily(t.deps);
  expect(await claim(caseId, 700)).toMatchObject({ state: 'paid', stage: 'notice_sent', salaerOre: 0, demandSentAt: null });
  // Claim 21, not paid by its deadline 2026-12-12, has its salær (4 050 kr) alone.
  expect(await claim(caseId, 21)).toMatchObject({ stage: 'demand_sent', salaerOre: 405_000 });
  const d = (await getCase(t.deps, caseId))!;
  expect(d.costsOre).toBe(7_500 + 405_000);
  expect(d.breakdown).toMatchObject({ salaerOre: 405_000, paidOre: 2_000_000 });
  sumsToBalance(d);
});

it('a disputed claim stops (no letter, no cost, Go shows "Bestridt – stanset"), keeps its interest, and resumes with a new deadline', async () => {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const caseId = await akkuratCase();
  const token = await t.login();
  const otherToken = await t.login('annen@regnskap.example', 'demo');
  await setDay('2026-12-01');
  const path = `/api/v1/cases/${caseId}/claims/21/dispute`;
  // Other firms see nothing; a reason is required.
  expect((await t.request('POST', path, { token: otherToken, body: { reason: 'Varen ble aldri levert' } })).status).toBe(404);
  const bad = await t.request('POST', path, { token, body: {} });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields)).toContain('reason');
  expect((await t.request('POST', `/api/v1/cases/${caseId}/claims/999/dispute`, { token, body: { reason: 'Ukjent' } })).status).toBe(404);
  const disputed = await t.request('POST', path, { token, body: { reason: 'Varen ble aldri levert' } });
  expect(disputed.status).toBe(200);
  expect(disputed.body.claims[0]).toMatchObject({ hold: 'disputed', holdReason: 'Varen ble aldri levert', heldAt: '2026-12-01', nextStep: null });
  const event = disputed.body.timeline.find((e: { kind: string }) => e.kind === 'claim_disputed');
  expect(event.text).toContain('Varen ble aldri levert');
  expect(event.text).toContain('demo@regnskap.example');
  // Go is told with the next status push.
  await runDaily(t.deps);
  expect(await goStatusText(disputed.body.caseNo)).toBe('Bestridt – stanset');

  // Past the notice deadline (2026-12-12): no betalingsoppfordring, no salær, but interest runs on.
  await setDay('2026-12-20');
  await runDaily(t.deps);
  let d = (await getCase(t.deps, caseId))!;
  expect(d.claims[0]).toMatchObject({ stage: 'notice_sent', salaerOre: 0, demandSentAt: null });
  expect(d.costsOre).toBe(3_750);
  // 240 000 kr × 12 % × 37 days (2026-11-14 … 2026-12-20) / 365 = 2 919,45 kr
  expect(d.interestOre).toBe(Math.round((24_000_000 * 0.12 * 37) / 365));
  sumsToBalance(d);

  // Resumed on 2026-12-22: the deadline ran out during the dispute, so a renewed notice with a full
  // 14-day deadline (2027-01-05), no new fee; the betalingsoppfordring only after it.
  await setDay('2026-12-22');
  const resumed = await t.request('POST', `/api/v1/cases/${caseId}/claims/21/resume`, { token, body: { reason: 'Levering dokumentert' } });
  expect(resumed.status).toBe(200);
  expect(resumed.body.claims[0]).toMatchObject({ hold: null, stage: 'notice_sent', noticeSentAt: '2026-12-22', noticeDeadline: '2027-01-05', feeOre: 3_750 });
  expect(resumed.body.costsOre).toBe(3_750);
  expect((await t.request('POST', `/api/v1/cases/${caseId}/claims/21/resume`, { token, body: { reason: 'igjen' } })).status).toBe(409);
  await setDay('2027-01-05');
  await runDaily(t.deps);
  expect(await claim(caseId, 21)).toMatchObject({ stage: 'notice_sent' });
  await setDay('2027-01-06');
  await runDaily(t.deps);
  // Salær at the 2027 date: the sats then is still 750 kr → 4 050 kr.
  expect(await claim(caseId, 21)).toMatchObject({ stage: 'demand_sent', demandSentAt: '2027-01-06', salaerOre: 405_000 });
  expect(await goStatusText(resumed.body.caseNo)).toBe('Betalingsoppfordring sendt');
  const letters = await t.request('GET', `/api/v1/cases/${caseId}/letters`, { token: await t.login() }); // a fresh session, weeks later
  expect(letters.headers.get('cache-control')).toBe('no-store');
  expect(letters.body.items.map((l: { kind: string; sentAt: string; deadline: string }) => [l.kind, l.sentAt, l.deadline])).toEqual([
    ['notice', '2026-11-28', '2026-12-12'],
    ['notice', '2026-12-22', '2027-01-05'],
    ['demand', '2027-01-06', '2027-01-20'],
  ]);
  d = (await getCase(t.deps, caseId))!;
  const kinds = d.timeline.map((e) => e.kind);
  expect(kinds).toContain('claim_disputed');
  expect(kinds).toContain('claim_resumed');
});

it('withdrawing the last claim rejects the case in Go, once', async () => {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const caseId = await akkuratCase();
  const token = await t.login();
  const r = await t.request('POST', `/api/v1/cases/${caseId}/claims/21/withdraw`, { token, body: { reason: 'Kreditor har inngått avtale med kunden' } });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ stage: 'rejected', balanceOre: 0 });
  expect(r.body.claims[0]).toMatchObject({ state: 'withdrawn', withdrawnAt: '2026-11-28' });
  expect(r.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['claim_withdrawn', 'rejected', 'go_reject_requested', 'go_rejected']));
  expect(await goStatusText(r.body.caseNo)).toBeNull(); // Go no longer has the case
  sumsToBalance(r.body);
  // Again: nothing changes, no second DELETE, and the daily run pushes nothing for it.
  const again = await t.request('POST', `/api/v1/cases/${caseId}/claims/21/withdraw`, { token, body: { reason: 'Kreditor har inngått avtale med kunden' } });
  expect(again.status).toBe(200);
  expect(again.body.timeline.filter((e: { kind: string }) => e.kind === 'go_rejected')).toHaveLength(1);
  const [row] = await t.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  expect(row!.state).toBe('withdrawn');
});

it('every letter is stored with its § 10 items and served as a PDF that carries them', async () => {
  const caseId = await joined();
  const token = await t.login();
  const otherToken = await t.login('annen@regnskap.example', 'demo');
  const list = await t.request('GET', `/api/v1/cases/${caseId}/letters`, { token });
  expect(list.body.items).toHaveLength(2);
  const second = list.body.items[1];
  expect(second).toMatchObject({ kind: 'notice', sentAt: '2026-12-05', deadline: '2026-12-19', invoiceNos: [700] });
  // 20 000 kr × 12 % × 15 days (2026-11-21 … 2026-12-05) / 365 = 98,63 kr
  expect(second.content.amount).toEqual({ principalOre: 2_000_000, interestOre: 9_863, feesOre: 3_750, salaerOre: 0, totalOre: 2_000_000 + 9_863 + 3_750 });
  expect(second.content.creditor.name).toBe('Conecto AS');
  expect(second.content.interest).toMatchObject({ ratePct: 12, from: [{ invoiceNo: 700, from: '2026-11-21' }] });
  expect((await t.request('GET', `/api/v1/cases/${caseId}/letters`, { token: otherToken })).status).toBe(404);
  expect((await t.request('GET', second.pdfUrl, { token: otherToken })).status).toBe(404);
  const res = await t.app.request(second.pdfUrl, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const dir = mkdtempSync(join(tmpdir(), 'letter-'));
  writeFileSync(join(dir, 'l.pdf'), Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'l.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const item of [
    'Inkassovarsel',
    'Conecto AS', // the creditor
    'Faktura 700', // the claim
    'Hovedstol: 20 000,00 kr', // principal …
    'Renter: 98,63 kr', // … and the additions
    'Gebyrer: 37,50 kr',
    'Forsinkelsesrente 12 % per år', // the rate …
    'fra 2026-11-21', // … and from when
    'betalingsoppfordring', // the consequences
    'Inkassoklagenemnda', // the right to complain
    'næringsdrivende', // business wording
  ]) {
    expect(text).toContain(item);
  }
});

it('a claim stored before per-claim stages follows its case’s dates and is never charged twice', async () => {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const caseId = await akkuratCase();
  // As migration 0005 leaves an older row: no claim stage; the case had reached legal with tungt salær.
  await t.db.update(caseInvoices).set({ claimStage: null, noticeSentAt: null, noticeDeadline: null, feeOre: 0 }).where(eq(caseInvoices.caseId, caseId));
  await t.db.update(cases).set({ stage: 'legal', noticeSentAt: '2026-11-28', noticeDeadline: '2026-12-12', demandSentAt: '2026-12-13', demandDeadline: '2026-12-27', legalAt: '2026-12-28' }).where(eq(cases.id, caseId));
  await t.db.insert(caseEvents).values({ id: crypto.randomUUID(), caseId, at: '2027-01-25', kind: 'heavy_fee', text: 'Tungt salær', amountOre: 405_000, externalRef: `fee:${caseId}:heavy`, createdAt: '2027-01-25T09:00:00Z' });
  expect(await claim(caseId, 21)).toMatchObject({ stage: 'legal', noticeDeadline: '2026-12-12', demandDeadline: '2026-12-27', legalAt: '2026-12-28' });
  const before = (await getCase(t.deps, caseId))!.costsOre;
  await setDay('2027-02-01');
  await runDaily(t.deps);
  const d = (await getCase(t.deps, caseId))!;
  expect(d.costsOre).toBe(before);
  expect(d.timeline.filter((e) => e.kind === 'heavy_fee' || e.kind === 'demand_sent' || e.kind === 'notice_sent').length).toBe(2); // the original notice and the legacy heavy fee
});
