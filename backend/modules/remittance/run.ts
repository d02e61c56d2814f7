// The remittance run for one creditor: claim the agency payments not yet remitted (and direct
// payments not yet charged commission), compute the settlement, store the remittance with its
// external reference in the SAME transaction (status 'posting'), and only then post the voucher
// to Go. A crash after Go accepted it is healed on the next run: the reference is looked up first
// (among the vouchers created since the remittance was stored), and a refused post is looked up
// too, since Go refuses a duplicate ExternalImportReference with a 400. One voucher per creditor
// per run.
import { and, asc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { Tx } from '../../db/client';
import { agencyPayments, caseEvents, caseInvoices, cases, creditors, remittances, type RemittanceLineRow } from '../../db/schema';
import { GoApiError, type GoClient } from '../../integrations/poweroffice/client';
import type { ManualJournal } from '../../integrations/poweroffice/schemas';
import { remittanceReferencePrefix } from '../../domain/references';
import { settle, signedOre, type SettlementItem } from './settle';
import { DomainError, notFound, type Text } from '../../errors';

export type RemittanceRow = typeof remittances.$inferSelect;

/** Marks a direct payment as charged, so the next run does not charge it again. */
export const directChargeRef = (eventId: string) => `rem-direct:${eventId}`;
export const remittanceReference = (id: string) => `${remittanceReferencePrefix}${id}`;

export type RunOutcome = { creditorId: string; resumed: RemittanceRow[]; created: RemittanceRow | null };

/** `given`: the caller's Go client for this creditor (the daily job's), else one is made when needed. */
export async function runRemittances(deps: AppDeps, creditorId: string, date: string, given?: GoClient): Promise<RunOutcome> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw notFound({ nb: 'kreditoren', en: 'creditor' });
  let go: GoClient | null = given ?? null;
  const client = async () => (go ??= await deps.goClientFor(creditor));

  // First finish what an earlier run stored but may not have posted (or not recorded).
  const resumed: RemittanceRow[] = [];
  for (const r of await deps.db.select().from(remittances).where(and(eq(remittances.creditorId, creditorId), eq(remittances.status, 'posting'))).orderBy(asc(remittances.createdAt))) {
    resumed.push(await postRemittance(deps, await client(), r, true));
  }

  const claimed = await claim(deps, creditor, date);
  if (!claimed) return { creditorId, resumed, created: null };
  return { creditorId, resumed, created: await postRemittance(deps, await client(), claimed, false) };
}

/** Builds the run's items and stores the remittance, claiming them, in one transaction. */
async function claim(deps: AppDeps, creditor: typeof creditors.$inferSelect, date: string): Promise<RemittanceRow | null> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const payments = await tx.select().from(agencyPayments).where(and(eq(agencyPayments.creditorId, creditor.id), isNull(agencyPayments.remittanceId))).orderBy(asc(agencyPayments.paidAt), asc(agencyPayments.createdAt));
    const directs = await tx
      .select({ e: caseEvents, caseNo: cases.caseNo })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .where(and(eq(cases.creditorId, creditor.id), eq(caseEvents.kind, 'direct_payment')))
      .orderBy(asc(caseEvents.at));
    const charged = new Set(
      (await tx.select({ ref: caseEvents.externalRef }).from(caseEvents).innerJoin(cases, eq(cases.id, caseEvents.caseId)).where(and(eq(cases.creditorId, creditor.id), like(caseEvents.externalRef, 'rem-direct:%')))).map((r) => r.ref),
    );
    const uncharged = directs.filter((d) => (d.e.amountOre ?? 0) > 0 && !charged.has(directChargeRef(d.e.id)));
    if (payments.length === 0 && uncharged.length === 0) return null;

    const caseIds = [...new Set(payments.map((p) => p.caseId))];
    const caseRows = caseIds.length ? await tx.select().from(cases).where(inArray(cases.id, caseIds)) : [];
    const invoiceRows = caseIds.length ? await tx.select().from(caseInvoices).where(inArray(caseInvoices.caseId, caseIds)) : [];
    const caseNo = new Map(caseRows.map((c) => [c.id, c.caseNo]));
    const salaerOf = await salaerShares(tx, caseIds);
    const invoiceById = new Map(invoiceRows.map((i) => [i.id, i]));
    const items: SettlementItem[] = [
      ...payments.map((p): SettlementItem => ({
        kind: 'agency_payment',
        paymentId: p.id,
        caseNo: caseNo.get(p.caseId)!,
        paidAt: p.paidAt,
        costsOre: p.costsOre,
        salaerCollectedOre: salaerOf(p),
        interestOre: p.interestOre,
        invoices: p.principalByInvoice.map((share) => {
          const inv = invoiceById.get(share.caseInvoiceId)!;
          // Go matches a customer line whose reference equals the invoice's KID (or its number).
          return { invoiceNo: inv.invoiceNo, customerNo: inv.customerNo, matchingReference: inv.matchingReference ?? String(inv.invoiceNo), principalOre: share.principalOre };
        }),
      })),
      ...uncharged.map((d): SettlementItem => ({ kind: 'direct_payment', eventId: d.e.id, caseNo: d.caseNo, paidAt: d.e.at, amountOre: d.e.amountOre! })),
    ];
    const s = settle(items, { vatDeductible: creditor.vatDeductible, commissionBp: creditor.commissionBp, commissionMinOre: creditor.commissionMinOre, accounts: creditor.accounts });
    const id = crypto.randomUUID();
    const reference = remittanceReference(id);
    const provisional = caseRows.some((c) => c.provisionalRate);
    const [row] = await tx
      .insert(remittances)
      .values({
        id, creditorId: creditor.id, date, status: 'posting', payoutOre: s.totals.payoutOre, totals: { ...s.totals, payments: payments.length, directPayments: uncharged.length },
        lines: s.lines, provisionalRate: provisional, externalImportReference: reference, agencyInvoiceOre: s.totals.agencyInvoiceOre, createdAt: now,
      })
      .returning();
    if (payments.length) {
      // Only rows still unclaimed: a concurrent run that claimed one first makes this one roll back.
      const taken = await tx.update(agencyPayments).set({ remittanceId: id }).where(and(inArray(agencyPayments.id, payments.map((p) => p.id)), isNull(agencyPayments.remittanceId))).returning({ id: agencyPayments.id });
      if (taken.length !== payments.length) throw new Error('remittance claim raced with another run; nothing claimed');
    }
    for (const it of s.items.filter((x) => x.kind === 'direct_payment')) {
      const d = uncharged.find((u) => u.e.id === it.ref)!;
      await tx.insert(caseEvents).values({
        id: crypto.randomUUID(), caseId: d.e.caseId, at: date, kind: 'remittance_commission', text: `Provisjon på direktebetaling belastet i remittering ${reference}`,
        amountOre: it.commissionOre + it.vatOre, externalRef: directChargeRef(d.e.id), remittanceId: id, createdAt: now,
      });
    }
    return row!;
  });
}

/** How much of each payment's collected costs was salær (inside the VAT base) rather than the
 *  statutory notice fee (outside it). The allocation takes costs as one sum; the fee is the older
 *  charge, so a case's cost payments are taken to cover its fees first, then its salær. */
async function salaerShares(tx: Tx, caseIds: string[]): Promise<(p: typeof agencyPayments.$inferSelect) => number> {
  if (caseIds.length === 0) return () => 0;
  const fees = new Map<string, number>();
  for (const e of await tx.select().from(caseEvents).where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.kind, 'notice_sent')))) {
    fees.set(e.caseId, (fees.get(e.caseId) ?? 0) + (e.amountOre ?? 0));
  }
  const all = await tx.select().from(agencyPayments).where(inArray(agencyPayments.caseId, caseIds)).orderBy(asc(agencyPayments.paidAt), asc(agencyPayments.createdAt), asc(agencyPayments.id));
  const share = new Map<string, number>();
  const paidBefore = new Map<string, number>();
  for (const p of all) {
    const before = paidBefore.get(p.caseId) ?? 0;
    const fee = fees.get(p.caseId) ?? 0;
    share.set(p.id, Math.max(0, before + p.costsOre - fee) - Math.max(0, before - fee));
    paidBefore.set(p.caseId, before + p.costsOre);
  }
  return (p) => share.get(p.id) ?? 0;
}

/** How far before the remittance was stored its voucher is looked for in Go: our clock and Go's
 *  may differ, and a lookup a day wider costs nothing but a few more rows. */
const lookupMarginMs = 24 * 60 * 60_000;

/** Our voucher for this remittance in Go, if Go has it. */
function findInGo(go: GoClient, r: RemittanceRow): Promise<ManualJournal | null> {
  return go.findManualJournal(r.externalImportReference, new Date(Date.parse(r.createdAt) - lookupMarginMs).toISOString());
}

/** Posts (or finds) the voucher in Go and records Go's number; the reference makes it idempotent. */
export async function postRemittance(deps: AppDeps, go: GoClient, r: RemittanceRow, resuming: boolean): Promise<RemittanceRow> {
  // The payments covered only what the agency keeps (a notice fee, salær): no money moves to the
  // creditor and no line changes its books. Go refuses a voucher without two lines, so none is
  // sent; the remittance is settled as it is, and its statement says so.
  if (r.lines.every((l) => signedOre(l) === 0)) return settleWithoutVoucher(deps, r);
  const found: ManualJournal | null = resuming ? await findInGo(go, r) : null;
  let journal: { journal: ManualJournal; lines: RemittanceLineRow[] } | null = found ? { journal: found, lines: r.lines } : null;
  if (!journal) {
    try {
      journal = await postNew(deps, go, r);
    } catch (e) {
      // Go refused the voucher itself (bad account, unknown customer): it holds nothing under this
      // reference, so the remittance is marked failed and its payments are released for the next
      // run (after the mapping is fixed) instead of blocking every later run.
      if (e instanceof RemittancePostingError || (e instanceof GoApiError && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 401)) await release(deps, r);
      throw e;
    }
  }
  return record(deps, r, journal.journal, journal.lines);
}

async function settleWithoutVoucher(deps: AppDeps, r: RemittanceRow): Promise<RemittanceRow> {
  const [row] = await deps.db.update(remittances).set({ status: 'settled', postedAt: deps.clock.now().toISOString() }).where(eq(remittances.id, r.id)).returning();
  deps.log?.('remittance.settled_without_voucher', { remittanceId: r.id, creditorId: r.creditorId });
  return row!;
}

async function release(deps: AppDeps, r: RemittanceRow): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.update(remittances).set({ status: 'failed' }).where(eq(remittances.id, r.id));
    await tx.update(agencyPayments).set({ remittanceId: null }).where(eq(agencyPayments.remittanceId, r.id));
    await tx.delete(caseEvents).where(and(eq(caseEvents.kind, 'remittance_commission'), eq(caseEvents.remittanceId, r.id)));
  });
  deps.log?.('remittance.failed', { remittanceId: r.id, creditorId: r.creditorId });
}

async function postNew(deps: AppDeps, go: GoClient, r: RemittanceRow): Promise<{ journal: ManualJournal; lines: RemittanceLineRow[] }> {
  const [accounts, customers] = await Promise.all([go.ledgerAccounts(), go.customers()]);
  const accountByNo = new Map(accounts.map((a) => [String(a.accountNo), a]));
  const subledgerByCustomer = new Map(customers.map((c) => [c.customerNo, c.subledgerAccountId]));
  const lines = r.lines.map((l) => ({ ...l, accountName: accountByNo.get(l.accountNo)?.name ?? l.accountName }));
  const voucherLines = lines
    .filter((l) => signedOre(l) !== 0) // the 0 bank line of an invoiced remittance is shown, not posted
    .map((l) => {
      const accountId = l.customerNo !== undefined ? subledgerByCustomer.get(l.customerNo) : accountByNo.get(l.accountNo)?.id;
      if (accountId === undefined) throw new RemittancePostingError(r.id, l.customerNo !== undefined ? { nb: `Fant ikke kunde ${l.customerNo} i Go`, en: `Customer ${l.customerNo} not found in Go` } : { nb: `Fant ikke konto ${l.accountNo} i Go`, en: `Account ${l.accountNo} not found in Go` });
      return { accountId, amountOre: signedOre(l), customMatchingReference: l.matchingReference ?? null, description: lineText(l) };
    });
  let journal: ManualJournal | null;
  try {
    deps.faults?.beforeGoWrite?.('remittance');
    journal = await go.postManualJournal({ voucherDate: r.date, description: `Remittering fra Modhi inkasso ${r.date}`, externalImportReference: r.externalImportReference, lines: voucherLines });
    deps.faults?.afterGoWrite?.('remittance');
  } catch (e) {
    // Go answers a duplicate ExternalImportReference with a 400 like any other refusal: a refused
    // post may be one that Go took on an earlier attempt, so it is looked up before it counts.
    const refused = e instanceof GoApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429;
    journal = refused ? await findInGo(go, r) : null;
    if (!journal) {
      deps.log?.('remittance.post_failed', { remittanceId: r.id, message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }
  return { journal, lines };
}

async function record(deps: AppDeps, r: RemittanceRow, journal: ManualJournal, lines: RemittanceLineRow[]): Promise<RemittanceRow> {
  const status = r.agencyInvoiceOre > 0 ? 'invoiced' : 'posted';
  const [row] = await deps.db
    .update(remittances)
    .set({ status, goVoucherId: journal.id, goVoucherNo: journal.voucherNo, postedAt: deps.clock.now().toISOString(), lines })
    .where(eq(remittances.id, r.id))
    .returning();
  deps.log?.('remittance.posted', { remittanceId: r.id, creditorId: r.creditorId, voucherNo: journal.voucherNo, status });
  return row!;
}

function lineText(l: RemittanceLineRow): string {
  return l.invoiceNo !== undefined ? `${l.text} (kunde ${l.customerNo})` : l.text;
}

export class RemittancePostingError extends DomainError {
  constructor(
    readonly remittanceId: string,
    message: Text,
  ) {
    super('posting_refused', { message });
    this.name = 'RemittancePostingError';
  }
}

/** The daily job's remittance step (backend/modules/daily/service.ts), with the job's Go client. */
export async function dailyRemittances(deps: AppDeps, creditorId: string, date: string, go?: GoClient): Promise<void> {
  await runRemittances(deps, creditorId, date, go);
}
