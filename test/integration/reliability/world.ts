// The reliability harness's world: a backend on a temp-file database against the real sandbox over
// HTTP, a fixed scenario of steps that between them make every kind of Go write (sync, send,
// settings, remittance, activation), the promises checked after any of them (`violations`), and
// the end state in a form that can be compared across runs (`endState`: no ids, no timestamps).
//
// Each step is split in two: `prepare` is what the world does around the backend (Go's books, the
// agency registering a payment, the clock), and `act` is the backend's own work, the part with
// the Go writes, which may be run in this process (with a thrown fault) or in a child process that
// is killed (see child.ts). Used by the crash, fault and load tests and by the reliability bench.
import { eq } from 'drizzle-orm';
import type { User } from '@shared/api';
import { agencyPayments, caseInvoices, cases, creditors, debtors, onboardings, remittances, users, firms } from '@backend/db/schema';
import { listCases } from '@backend/modules/cases/service';
import { registerAgencyPayment } from '@backend/modules/cases/payments';
import { remittanceReferencePrefix } from '@backend/domain/references';
import { sandboxKeys } from '../../../sandbox/seed';
import type { Client } from '../../../sandbox/store';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';
import type { ActInput } from './act';

/** Every crash point: the name a Go write is given to deps.faults, where it is, and the Go client
 *  method that makes it (null: the write is made with fetch, Go's onboarding). */
export const crashPoints = [
  { op: 'createCase', area: 'sync', method: 'createCase' },
  { op: 'addInvoicesToCase', area: 'sync', method: 'addInvoicesToCase' },
  { op: 'updateStatus', area: 'sync', method: 'updateStatus' },
  { op: 'remittance', area: 'remittance', method: 'postManualJournal' },
  { op: 'patchCustomer', area: 'exclusion', method: 'patchCustomer' },
  { op: 'deleteCase', area: 'withdrawal', method: 'deleteCase' },
  { op: 'onboardingInitiate', area: 'activation', method: null },
  { op: 'onboardingFinalize', area: 'activation', method: null },
] as const;
export type CrashOp = (typeof crashPoints)[number]['op'];
export type CrashWhen = 'before' | 'after';

/** Go client write methods no backend code calls (the crash test checks the sources for them):
 *  none since the client lost MergeCases, which nothing used (DELETE case stays: rejectInGo). */
export const unusedGoWrites = [] as const;

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** Conecto with four approved invoices of four debtors (21, 22, 24, 26); Delante off the
 *  integration, to be registered by the other firm's accountant in the scenario. */
export async function makeWorld(opts: { extraDebtors?: number } = {}) {
  const t: TestBackend = await makeTestBackend();
  const conecto = t.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
  const delante = t.sandbox.store.clients.find((c) => c.name === 'Delante AS')!;
  t.sandbox.store.approve(conecto, conecto.invoices.filter((i) => [22, 26].includes(i.invoiceNo)).map((i) => i.id));
  // More debtors for the bench: each with two approved invoices (one case each).
  const extra = opts.extraDebtors ?? 0;
  for (let n = 0; n < extra; n++) {
    const customer = t.sandbox.store.addCustomer(conecto, { code: String(30000 + n), name: `Skyldner ${n} AS`, orgNo: null, isPerson: false, transferToDebtCollectionAgency: true, email: null });
    for (let k = 0; k < 2; k++) {
      const inv = t.sandbox.store.addInvoice(conecto, { customerId: customer.id, invoiceNo: 5000 + n * 2 + k, invoiceDate: '2026-09-01', dueDate: '2026-10-01', amountOre: 100_000 + n * 100 + k });
      t.sandbox.store.approve(conecto, [inv.id]);
    }
  }
  t.sandbox.store.refresh(conecto);
  await t.db.update(creditors).set({ status: 'pending', goClientKeyEnc: null }).where(eq(creditors.id, t.delanteId));
  const [other] = await t.db.select().from(users).where(eq(users.email, 'annen@regnskap.example'));
  const [otherFirm] = await t.db.select().from(firms).where(eq(firms.id, other!.firmId));
  const otherUser: User = { id: other!.id, email: other!.email, name: other!.name, kind: other!.kind, firmId: other!.firmId, firmName: otherFirm!.name, roles: other!.roles };
  /** Where Go sent the user back after approving the onboarding: the callback's status and token. */
  const onboardingCallback: { status?: string; token?: string } = {};
  return { t, conecto, delante, otherUser, onboardingCallback };
}

export type Step = { name: string; prepare?: (w: World) => Promise<void>; input: (w: World) => ActInput };

/** The scenario: every step makes Go writes of at least one kind; together they make all of them. */
export const scenario: Step[] = [
  // createCase ×4 (the cases open with their balance)
  { name: 'first daily run', input: () => ({ kind: 'daily' }) },
  // addInvoicesToCase, then updateStatus of that case
  {
    name: 'a later invoice of a debtor with a case',
    prepare: async (w) => {
      await w.t.control('/invoices', { clientId: w.conecto.id, customerCode: '10018', amount: 1000, dueDate: '2026-11-20', invoiceNo: 700, approve: true });
    },
    input: () => ({ kind: 'daily' }),
  },
  // remittance (postManualJournal), then updateStatus closing one case and lowering another
  {
    name: 'agency payments, remitted by the daily run',
    prepare: async (w) => {
      const list = await listCases(w.t.deps, w.t.conectoId);
      const full = list.find((c) => c.invoiceNos.includes(22))!;
      const part = list.find((c) => c.invoiceNos.includes(24))!;
      await registerAgencyPayment(w.t.deps, full.id, { amountOre: full.balanceOre, paidAt: '2026-11-28', reference: 'KID-22' });
      await registerAgencyPayment(w.t.deps, part.id, { amountOre: 1_000_000, paidAt: '2026-11-28', reference: 'KID-24' });
    },
    input: () => ({ kind: 'daily' }),
  },
  // updateStatus of every open case (a day's interest)
  { name: 'the next day', prepare: async (w) => w.t.clock.advanceDays(1), input: () => ({ kind: 'daily' }) },
  // Approved in Go's page (the accountant, or the extension for them), then createCase through the
  // sync the send runs
  { name: 'Send til inkasso', prepare: async (w) => {
    w.t.sandbox.store.approve(w.conecto, w.conecto.invoices.filter((i) => i.invoiceNo === 14).map((i) => i.id));
  }, input: (w) => ({ kind: 'send', creditorId: w.t.conectoId, invoiceNo: 14 }) },
  // patchCustomer: "Ikke send denne kunden til inkasso" on a customer with nothing in collection
  { name: 'a customer excluded from collection', input: (w) => ({ kind: 'exclude', creditorId: w.t.conectoId, customerNo: '10018' }) },
  // deleteCase: every claim of a case withdrawn from collection, so Go rejects the case
  { name: 'a case withdrawn from collection', input: (w) => ({ kind: 'withdraw', creditorId: w.t.conectoId, invoiceNo: 26 }) },
  // The agreed dunning choice is kept by the backend only (Go has no API for Purring): no Go write
  { name: 'a changed dunning profile', input: (w) => ({ kind: 'settings', creditorId: w.t.conectoId }) },
  // onboardingInitiate
  { name: 'registration: start', input: (w) => ({ kind: 'register-start', user: w.otherUser, orgNo: w.delante.orgNo }) },
  // onboardingFinalize (submit makes no Go write)
  {
    name: 'registration: approved in Go, finalized and submitted',
    prepare: async (w) => {
      const [onboarding] = await w.t.db.select().from(onboardings).where(eq(onboardings.creditorId, w.t.delanteId));
      const url = onboarding?.progress['url'];
      if (typeof url !== 'string') return;
      const approved = await fetch(url, { method: 'POST', redirect: 'manual' });
      await approved.body?.cancel();
      const back = new URL(approved.headers.get('location') ?? 'http://invalid/');
      const status = back.searchParams.get('status');
      const token = back.searchParams.get('token');
      if (status) w.onboardingCallback.status = status;
      if (token) w.onboardingCallback.token = token;
    },
    input: (w) => ({ kind: 'register-finalize', user: w.otherUser, creditorId: w.t.delanteId, callback: { ...w.onboardingCallback } }),
  },
  // The last run settles what the earlier steps left (the sent invoice's status, Delante's first run).
  { name: 'a last daily run', input: () => ({ kind: 'daily' }) },
];

/** A run of the scenario: `run` carries out a step's act (in process, or in a child) and says
 *  whether it got through; a step that did not is run again, up to `maxAttempts` times. */
export async function playScenario(w: World, run: (input: ActInput, step: Step, attempt: number) => Promise<{ ok: boolean; error?: string }>, o: { maxAttempts?: number } = {}) {
  const attempts: { step: string; attempts: number; errors: string[] }[] = [];
  for (const step of scenario) {
    await step.prepare?.(w);
    const errors: string[] = [];
    let n = 0;
    for (;;) {
      n++;
      const r = await run(step.input(w), step, n);
      if (r.ok) break;
      errors.push(r.error ?? 'failed');
      if (n >= (o.maxAttempts ?? 4)) throw new Error(`step "${step.name}" did not get through in ${n} attempts: ${errors.join(' | ')}`);
    }
    attempts.push({ step: step.name, attempts: n, errors });
  }
  return attempts;
}

const ourExtension = (client: Client) => client.extensions.find((e) => e.applicationKey === sandboxKeys.applicationKey)!;

/** Everything the promises are about, without ids or timestamps: ours and Go's side by side. */
export async function endState(w: World) {
  const { t } = w;
  const store = t.sandbox.store;
  const out: Record<string, unknown> = {};
  for (const [name, creditorId, client] of [['conecto', t.conectoId, w.conecto], ['delante', t.delanteId, w.delante]] as const) {
    const [creditor] = await t.db.select().from(creditors).where(eq(creditors.id, creditorId));
    const list = creditor!.status === 'active' ? await listCases(t.deps, creditorId) : [];
    const ext = ourExtension(client);
    const goCases = client.cases.filter((c) => c.extensionId === ext.id);
    const invoiceNo = (id: string) => client.invoices.find((i) => i.id === id)?.invoiceNo ?? -1;
    const payments = await t.db.select().from(agencyPayments).where(eq(agencyPayments.creditorId, creditorId));
    const rems = await t.db.select().from(remittances).where(eq(remittances.creditorId, creditorId));
    out[name] = {
      status: creditor!.status,
      hasKey: creditor!.goClientKeyEnc !== null,
      dunning: [creditor!.dunning, creditor!.approval],
      goDunning: client.dunning,
      cases: list.map((c) => ({ invoiceNos: c.invoiceNos, debtor: c.debtor.customerNo, stage: c.stage, balanceOre: c.balanceOre })).sort((a, b) => a.invoiceNos[0]! - b.invoiceNos[0]!),
      goCases: goCases.map((c) => ({ invoiceNos: c.invoiceIds.map(invoiceNo).sort((a, b) => a - b), status: c.status, balanceOre: c.balanceAgencyOre, statusText: c.statusText })).sort((a, b) => a.invoiceNos[0]! - b.invoiceNos[0]!),
      goInvoices: client.invoices.map((i) => [i.invoiceNo, i.dcStatus, store.balance(client, i)]).sort((a, b) => a[0]! - b[0]!),
      payments: payments.map((p) => ({ reference: p.reference, amountOre: p.amountOre, remitted: p.remittanceId !== null })).sort((a, b) => a.reference.localeCompare(b.reference)),
      remittances: rems.map((r) => ({ date: r.date, status: r.status, payoutOre: r.payoutOre, lines: r.lines.map((l) => [l.accountNo, l.debitOre, l.creditOre, l.invoiceNo ?? null]) })).sort((a, b) => a.date.localeCompare(b.date) || a.payoutOre - b.payoutOre),
      goVouchers: client.vouchers.filter((v) => v.externalImportReference?.startsWith(remittanceReferencePrefix)).map((v) => ({ date: v.voucherDate, lines: v.lines.map((l) => [l.accountNo, l.amountOre, l.matchedInvoiceId ? invoiceNo(l.matchedInvoiceId) : null]) })).sort((a, b) => a.date.localeCompare(b.date)),
    };
  }
  return out;
}

/** The promises, checked on the world as it is: a list of what does not hold (empty: all hold). */
export async function violations(w: World): Promise<string[]> {
  const { t } = w;
  const store = t.sandbox.store;
  const bad: string[] = [];
  for (const [creditorId, client] of [[t.conectoId, w.conecto], [t.delanteId, w.delante]] as const) {
    const [creditor] = await t.db.select().from(creditors).where(eq(creditors.id, creditorId));
    if (creditor!.status !== 'active') continue;
    const ext = ourExtension(client);
    const ours = await t.db.select().from(cases).where(eq(cases.creditorId, creditorId));
    const ourInvoices = await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
    const goCases = client.cases.filter((c) => c.extensionId === ext.id);
    const balances = new Map((await listCases(t.deps, creditorId)).map((c) => [c.id, c.balanceOre]));
    // One case per debtor batch: at most one open case per debtor, each invoice in one case, and
    // Go holds the same cases with the same invoices (no duplicate, none missing).
    const openByDebtor = new Map<string, number>();
    for (const c of ours.filter((x) => !x.closedAt)) openByDebtor.set(c.debtorId, (openByDebtor.get(c.debtorId) ?? 0) + 1);
    for (const [debtorId, n] of openByDebtor) if (n > 1) bad.push(`${client.name}: debtor ${(await t.db.select().from(debtors).where(eq(debtors.id, debtorId)))[0]?.customerNo} has ${n} open cases`);
    const codes = goCases.map((c) => c.code);
    if (new Set(codes).size !== codes.length) bad.push(`${client.name}: Go holds a case number twice: ${codes.join(', ')}`);
    for (const g of goCases) if (!ours.some((c) => c.caseNo === g.code)) bad.push(`${client.name}: Go case ${g.code} is not ours`);
    for (const c of ours) {
      const g = goCases.find((x) => x.code === c.caseNo);
      const mine = ourInvoices.filter((i) => i.caseId === c.id);
      // A case withdrawn from collection is rejected in Go (DELETE): Go must no longer hold it.
      if (c.stage === 'rejected') {
        if (g) bad.push(`${client.name}: case ${c.caseNo} is rejected here, still in Go`);
        continue;
      }
      if (!g) {
        bad.push(`${client.name}: case ${c.caseNo} (${mine.map((i) => i.invoiceNo).join(',')}) is not in Go`);
        continue;
      }
      const goNos = g.invoiceIds.map((id) => client.invoices.find((i) => i.id === id)?.invoiceNo).sort();
      const ourNos = mine.map((i) => i.invoiceNo).sort();
      if (JSON.stringify(goNos) !== JSON.stringify(ourNos)) bad.push(`${client.name}: case ${c.caseNo} has invoices ${ourNos.join(',')} here, ${goNos.join(',')} in Go`);
      // Our balances equal Go's: the case's agency balance, and every invoice's open principal.
      const ourBalance = c.closedAt ? 0 : balances.get(c.id);
      if (g.balanceAgencyOre !== ourBalance) bad.push(`${client.name}: case ${c.caseNo} balance ${ourBalance} here, ${g.balanceAgencyOre} in Go`);
      if ((g.status === 10) !== (c.closedAt !== null)) bad.push(`${client.name}: case ${c.caseNo} is ${c.closedAt ? 'closed' : 'open'} here, status ${g.status} in Go`);
      for (const i of mine) {
        const gi = client.invoices.find((x) => x.id === i.goInvoiceId);
        const open = gi ? store.balance(client, gi) : null;
        if (open !== i.openOre) bad.push(`${client.name}: invoice ${i.invoiceNo} open ${i.openOre} here, ${open} in Go`);
      }
    }
    // One voucher per remittance, every agency payment remitted once, vouchers balanced.
    const rems = await t.db.select().from(remittances).where(eq(remittances.creditorId, creditorId));
    const vouchers = client.vouchers.filter((v) => v.externalImportReference?.startsWith(remittanceReferencePrefix));
    for (const r of rems) {
      const n = vouchers.filter((v) => v.externalImportReference === r.externalImportReference).length;
      const posted = r.status === 'posted' || r.status === 'invoiced';
      if (n !== (posted ? 1 : 0)) bad.push(`${client.name}: remittance ${r.date} (${r.status}) has ${n} vouchers in Go`);
      if (r.status === 'posting') bad.push(`${client.name}: remittance ${r.date} left ${r.status}`);
      const debit = r.lines.reduce((s, l) => s + l.debitOre, 0);
      const credit = r.lines.reduce((s, l) => s + l.creditOre, 0);
      if (debit !== credit) bad.push(`${client.name}: remittance ${r.date} lines do not balance: ${debit} ≠ ${credit}`);
    }
    for (const v of vouchers) {
      if (!rems.some((r) => r.externalImportReference === v.externalImportReference)) bad.push(`${client.name}: Go voucher ${v.voucherNo} is no remittance of ours`);
      const sum = v.lines.reduce((s, l) => s + l.amountOre, 0);
      if (sum !== 0) bad.push(`${client.name}: Go voucher ${v.voucherNo} does not balance (${sum})`);
    }
    const payments = await t.db.select().from(agencyPayments).where(eq(agencyPayments.creditorId, creditorId));
    for (const p of payments) {
      const r = rems.find((x) => x.id === p.remittanceId);
      if (!r || !(r.status === 'posted' || r.status === 'invoiced')) bad.push(`${client.name}: payment ${p.reference} is not remitted (${r?.status ?? 'no remittance'})`);
    }
    const counted = rems.filter((r) => r.status === 'posted' || r.status === 'invoiced').reduce((s, r) => s + (r.totals['payments'] ?? 0), 0);
    if (counted !== payments.length) bad.push(`${client.name}: remittances count ${counted} payments, there are ${payments.length}`);
  }
  // Activation: a creditor on the integration has one Go key; a registration is not left running.
  const running = await t.db.select().from(onboardings).where(eq(onboardings.state, 'pending'));
  for (const o of running) {
    const [c] = await t.db.select().from(creditors).where(eq(creditors.id, o.creditorId));
    if (c?.status === 'active') bad.push(`registration of ${c.name} still pending while the creditor is active`);
  }
  return bad;
}
