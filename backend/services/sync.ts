// Case sync for one creditor: open cases for approved invoices, push status and balance, and
// read back what happened in Go (direct payments, credit notes, write-offs). Every write to Go has
// its intent stored first, so a crash at any point and a rerun end with no duplicate.
import { and, eq, inArray, isNull, max, ne, notInArray, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { kronerToOre } from '@shared/money';
import { isClosedStage, stageLabel } from '@shared/stages';
import { validateOrgNo } from '@shared/identifiers';
import type { AppDeps } from '../deps';
import type { Tx } from '../db/client';
import { caseEvents, caseInvoices, cases, counters, creditors, debtors, goInvoices, syncCursors, syncRuns } from '../db/schema';
import type { GoClient } from '../poweroffice/client';
import { GoApiError } from '../poweroffice/client';
import { legacyVoucherType, type DebtCollectionCase, type DebtCollectionInvoice, type GoCustomer, type MatchedItem } from '../poweroffice/schemas';
import { statusText as claimStatusText } from '../domain/claim-stages';
import { dunningMismatchEvent, dunningStart } from './dunning-check';
import { DomainError } from '../errors';
import { accrue, caseBalance, closeIfSettled, openingBalance, openingStage, overrides, recordEvent, startCase } from './collection';

/** Vouchers our remittances post carry this prefix in externalImportReference. */
export const remittanceReferencePrefix = 'modhi-rem-';

export type SyncTrigger = 'daily' | 'manual' | 'send';
export type SyncResult = typeof syncRuns.$inferSelect;

export class CreditorNotFound extends DomainError {
  constructor(readonly creditorId: string) {
    super('not_found', { message: { nb: 'Fant ikke kreditoren', en: 'Creditor not found' } });
  }
}

export async function syncCreditor(deps: AppDeps, creditorId: string, trigger: SyncTrigger): Promise<SyncResult> {
  const { db, clock } = deps;
  const [creditor] = await db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw new CreditorNotFound(creditorId);
  const started = clock.now();
  const runId = crypto.randomUUID();
  await db.insert(syncRuns).values({ id: runId, creditorId, trigger, startedAt: started.toISOString(), errors: [] });
  const go = await deps.goClientFor(creditor);
  const counts = { casesCreated: 0, invoicesAdded: 0, statusUpdates: 0, matchedItems: 0 };
  const errors: string[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      deps.log?.('sync.error', { creditorId, step: name, message: e instanceof Error ? e.message : String(e) });
    }
  };
  // Whether the creditor had any case before this run decides whether Go's matched items can
  // concern us (see skipMatchedItems).
  const [anyCase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.creditorId, creditorId)).limit(1);
  let mirrored = false;
  await step('invoices', async () => {
    await mirrorInvoices(deps, go, creditorId);
    mirrored = true;
  });
  let takenOver: TakenOver = { count: 0, newestLastChanged: null, complete: true };
  await step('cases', async () => {
    await recoverPending(deps, go, creditorId);
    // Go documents no debt-collection state on v2 invoices, so only AvailableInvoices tells which
    // invoices the accountant has approved: it is asked every run.
    const available = await availableUnlessInactive(go);
    // After the end (winding down) no new case is opened, whatever Go still offers.
    if (available && creditor.status === 'active') takenOver = await openCases(deps, go, creditor, counts, available);
    if (mirrored) await reflectCollectionState(deps, creditorId, available);
  });
  await step('matched', async () => {
    if (!anyCase && takenOver.complete) {
      await skipMatchedItems(deps, creditorId, takenOver.newestLastChanged);
      return;
    }
    counts.matchedItems += await readMatchedItems(deps, go, creditorId);
  });
  await step('status', async () => {
    counts.statusUpdates += await pushStatus(deps, go, creditorId);
  });
  const finished = clock.now();
  const [run] = await db
    .update(syncRuns)
    .set({ ...counts, finishedAt: finished.toISOString(), ok: errors.length === 0, goCalls: go.stats.calls, errors, durationMs: finished.getTime() - started.getTime() })
    .where(eq(syncRuns.id, runId))
    .returning();
  return run!;
}

/** What a run took over from AvailableInvoices: how many invoices and the newest `lastChanged`
 *  among them (Go's own clock); `complete` is false when one of them had no lastChanged. */
type TakenOver = { count: number; newestLastChanged: string | null; complete: boolean };

/**
 * The mirror's debt-collection state, from what Go documents: an invoice in one of our cases Go
 * has confirmed is Exported (4) under our case number; one AvailableInvoices lists is Approved (3);
 * one it no longer lists (taken back in Go, or gone to another agency) is None (0) again. Go's
 * Utkast (Draft) is not in its API: only Go's own page shows it.
 */
async function reflectCollectionState(deps: AppDeps, creditorId: string, available: DebtCollectionInvoice[] | null): Promise<void> {
  await deps.db.run(sql`
    UPDATE go_invoices SET dc_status = 4, debt_collection_code = (
      SELECT c.case_no FROM case_invoices ci JOIN cases c ON c.id = ci.case_id
      WHERE ci.creditor_id = go_invoices.creditor_id AND ci.go_invoice_id = go_invoices.go_invoice_id LIMIT 1)
    WHERE creditor_id = ${creditorId} AND go_invoice_id IN (SELECT go_invoice_id FROM case_invoices WHERE creditor_id = ${creditorId} AND linked_in_go = 1)
      AND (dc_status != 4 OR debt_collection_code IS NULL)`);
  if (!available) return;
  const ids = available.map((i) => i.id);
  const ours = deps.db.select({ id: caseInvoices.goInvoiceId }).from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  await deps.db.update(goInvoices).set({ dcStatus: 0 }).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.dcStatus, 3), ids.length ? notInArray(goInvoices.goInvoiceId, ids) : undefined));
  for (let i = 0; i < ids.length; i += 500) {
    await deps.db.update(goInvoices).set({ dcStatus: 3 }).where(and(eq(goInvoices.creditorId, creditorId), inArray(goInvoices.goInvoiceId, ids.slice(i, i + 500)), ne(goInvoices.dcStatus, 3), notInArray(goInvoices.goInvoiceId, ours)));
  }
}

/** AvailableInvoices, or null when the agency may not create cases for this client. Go documents
 *  that AvailableInvoices fails when IsActiveDebtCollection is false, so IsActiveDebtCollection is
 *  asked only after a refusal, to tell "not active" (create nothing new, keep updating existing
 *  cases) from any other failure — one call per run instead of two. */
async function availableUnlessInactive(go: GoClient): Promise<DebtCollectionInvoice[] | null> {
  try {
    return await go.availableInvoices();
  } catch (e) {
    if (!(e instanceof GoApiError) || e.status < 400 || e.status >= 500) throw e;
    if (!(await go.isActiveDebtCollection())) return null;
    throw e;
  }
}

/**
 * A creditor with no case before this run has nothing Go's matched items could change: every case
 * it has now was opened in this run with each invoice's remainingAmount as Go reported it, so every
 * payment, credit note or write-off matched before that read is already in the principal (and must
 * not be counted again). So GetAllMatchedItems is not asked; the cursor starts at the newest
 * `lastChanged` of the invoices taken over. That is Go's own timestamp, no later than Go's clock at
 * our read; Go stamps an invoice's lastChanged when an item is matched against it, so an item on
 * one of these invoices is either at or before its invoice's stamp (in the principal) or after our
 * read (and read next run).
 */
async function skipMatchedItems(deps: AppDeps, creditorId: string, newestLastChanged: string | null): Promise<void> {
  if (!newestLastChanged) return;
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  if (cursor?.matchedItemsSince && Date.parse(cursor.matchedItemsSince) >= Date.parse(newestLastChanged)) return;
  const now = deps.clock.now().toISOString();
  await deps.db
    .insert(syncCursors)
    .values({ creditorId, matchedItemsSince: newestLastChanged, updatedAt: now })
    .onConflictDoUpdate({ target: syncCursors.creditorId, set: { matchedItemsSince: newestLastChanged, updatedAt: now } });
}

const mirrorOverlapMs = 1_000;

/** Mirrors Go's outgoing invoices (number, due date, balance, KID) for the ledger lookup, asking
 *  only for those whose balance changed since the last read (Go documents no other change filter
 *  on OutgoingInvoices). Their debt-collection state is kept apart (reflectCollectionState). */
export async function mirrorInvoices(deps: AppDeps, go: GoClient, creditorId: string): Promise<void> {
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  // Asked from a second before the cursor: an invoice Go stamped in the same instant as the newest
  // one seen, but after our read, is not lost to the "greater than" filter; rows read twice are
  // upserted alike.
  const since = cursor?.invoicesSince ? new Date(Date.parse(cursor.invoicesSince) - mirrorOverlapMs).toISOString() : null;
  const invoices = await go.outgoingInvoices(since);
  if (invoices.length === 0) return;
  const stampOf = (i: (typeof invoices)[number]) => i.balanceLastChangedDateTimeOffset ?? i.lastChangedDateTimeOffset;
  await deps.db.transaction(async (tx) => {
    for (const i of invoices) {
      const facts = {
        invoiceNo: i.invoiceNo, customerNo: i.customerNo, dueDate: i.dueDate.slice(0, 10), amountOre: kronerToOre(i.totalAmount),
        balanceOre: kronerToOre(i.balance), cid: i.cid ?? null, lastChanged: stampOf(i),
      };
      await tx.insert(goInvoices).values({ creditorId, goInvoiceId: i.id, ...facts, dcStatus: 0, debtCollectionCode: null }).onConflictDoUpdate({ target: [goInvoices.creditorId, goInvoices.goInvoiceId], set: facts });
    }
    const newest = invoices.map(stampOf).sort().at(-1)!;
    await tx
      .insert(syncCursors)
      .values({ creditorId, invoicesSince: newest, updatedAt: deps.clock.now().toISOString() })
      .onConflictDoUpdate({ target: syncCursors.creditorId, set: { invoicesSince: newest, updatedAt: deps.clock.now().toISOString() } });
  });
}

type DebtorRef = { id: string; kind: 'business' | 'consumer' };

/** Our debtors for these customer codes; Go's Customers is asked only when one of them is new. */
async function ensureDebtors(deps: AppDeps, go: GoClient, creditorId: string, codes: string[]): Promise<Map<string, DebtorRef>> {
  const existing = await deps.db.select({ id: debtors.id, customerNo: debtors.customerNo, kind: debtors.kind }).from(debtors).where(eq(debtors.creditorId, creditorId));
  const byCode = new Map(existing.map((d) => [d.customerNo, { id: d.id, kind: d.kind }]));
  if (codes.every((c) => byCode.has(c))) return byCode;
  const customers: GoCustomer[] = await go.customers();
  const byCustomerNo = new Map(customers.map((x) => [x.customerNo, x]));
  const rows = codes
    .filter((code) => !byCode.has(code))
    .map((code) => {
      const cu = byCustomerNo.get(code);
      const orgNo = cu?.organizationNumber ?? null;
      return {
        id: crypto.randomUUID(), creditorId, customerNo: code, name: cu?.name ?? `Kunde ${code}`, orgNo,
        orgNoInvalid: orgNo !== null && !validateOrgNo(orgNo).ok,
        kind: cu && !cu.isPerson && orgNo ? ('business' as const) : ('consumer' as const),
      };
    });
  // One statement per batch (not per debtor): a first sync can meet thousands of debtors.
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) await tx.insert(debtors).values(rows.slice(i, i + 200)).onConflictDoNothing();
  });
  const all = await deps.db.select({ id: debtors.id, customerNo: debtors.customerNo, kind: debtors.kind }).from(debtors).where(eq(debtors.creditorId, creditorId));
  return new Map(all.map((d) => [d.customerNo, { id: d.id, kind: d.kind }]));
}

/** Step 2: one new case per debtor, or the invoices added to the debtor's open case.
 *  Three phases so a first sync of thousands of cases costs a few commits, not several per case:
 *  every intent (case, invoices, events) in ONE transaction before Go hears of any of it; then the
 *  Go writes; then their results committed in chunks. A crash between leaves intents without a Go
 *  id, which the next run's recoverPending finds in Go by code before creating anything. */
async function openCases(
  deps: AppDeps,
  go: GoClient,
  creditor: typeof creditors.$inferSelect,
  counts: { casesCreated: number; invoicesAdded: number },
  available: DebtCollectionInvoice[],
): Promise<TakenOver> {
  const known = new Set((await deps.db.select({ id: caseInvoices.goInvoiceId }).from(caseInvoices).where(eq(caseInvoices.creditorId, creditor.id))).map((r) => r.id));
  const fresh = available.filter((i) => !known.has(i.id) && kronerToOre(i.remainingAmount) > 0);
  const stamps = fresh.map((i) => i.lastChanged ?? null);
  const takenOver: TakenOver = {
    count: fresh.length,
    newestLastChanged: stamps.reduce<string | null>((m, x) => (x !== null && (m === null || Date.parse(x) > Date.parse(m)) ? x : m), null),
    complete: stamps.every((x) => x !== null),
  };
  if (fresh.length === 0) return takenOver;
  const byDebtor = new Map<string, DebtCollectionInvoice[]>();
  for (const inv of fresh) {
    const list = byDebtor.get(inv.customerCode);
    if (list) list.push(inv);
    else byDebtor.set(inv.customerCode, [inv]);
  }
  const debtorIds = await ensureDebtors(deps, go, creditor.id, [...byDebtor.keys()]);
  const date = today(deps.clock);
  const now = deps.clock.now().toISOString();
  const intents = await deps.db.transaction(async (tx) => {
    const openRows = await tx.select().from(cases).where(and(eq(cases.creditorId, creditor.id), isNull(cases.closedAt)));
    const openByDebtor = new Map(openRows.filter((c) => !isClosedStage(c.stage)).map((c) => [c.debtorId, c]));
    const newCount = [...byDebtor.keys()].filter((code) => !openByDebtor.has(debtorIds.get(code)!.id)).length;
    let caseNo = await reserveCaseNos(tx, newCount);
    const out: Intent[] = [];
    const caseRows: (typeof cases.$inferInsert)[] = [];
    const invoiceRows: (typeof caseInvoices.$inferInsert)[] = [];
    const eventRows: (typeof caseEvents.$inferInsert)[] = [];
    for (const [code, invoices] of byDebtor) {
      const { id: debtorId, kind: debtorKind } = debtorIds.get(code)!;
      const open = openByDebtor.get(debtorId);
      const c = open ?? { id: crypto.randomUUID(), caseNo: String(caseNo++), goCaseId: null };
      // What Go already sent decides where the case starts, whatever the agreed profile says.
      const start = open ? null : dunningStart(creditor.dunning, invoices);
      if (!open) {
        const fromGo = start?.kind === 'go_notice' ? { dunning: 'own_reminders' as const, noticeSentAt: start.sentAt, noticeDeadline: start.deadline } : { dunning: 'agency_notice' as const };
        caseRows.push({ id: c.id, creditorId: creditor.id, debtorId, caseNo: c.caseNo, stage: 'approved', ...fromGo, openedAt: date, createdAt: now, updatedAt: now });
        eventRows.push({ id: crypto.randomUUID(), caseId: c.id, at: date, kind: 'opened', text: `Sak ${c.caseNo} opprettet`, amountOre: null, externalRef: `opened:${c.id}`, createdAt: now });
        if (start?.mismatch) eventRows.push({ id: crypto.randomUUID(), caseId: c.id, at: date, kind: dunningMismatchEvent, text: start.mismatch, amountOre: null, externalRef: `dunning:${c.id}`, createdAt: now });
      }
      const pending: Intent['pending'] = [];
      const opened: { dueDate: string; principalOre: number; openOre: number; state: 'open' }[] = [];
      for (const inv of invoices) {
        const principal = kronerToOre(inv.remainingAmount);
        const id = crypto.randomUUID();
        const dueDate = inv.dueDate.slice(0, 10);
        pending.push({ id, goInvoiceId: inv.id });
        opened.push({ dueDate, principalOre: principal, openOre: principal, state: 'open' });
        invoiceRows.push({
          id, caseId: c.id, creditorId: creditor.id, goInvoiceId: inv.id, invoiceNo: inv.invoiceNo, customerNo: code,
          invoiceDate: inv.invoiceDate.slice(0, 10), dueDate, principalOre: principal, openOre: principal, state: 'open', matchingReference: inv.cID ?? null,
          goLastChanged: inv.lastChanged ?? null,
        });
        eventRows.push({ id: crypto.randomUUID(), caseId: c.id, at: date, kind: 'invoice_added', text: `Faktura ${inv.invoiceNo} overført til inkasso`, amountOre: principal, externalRef: `invoice:${creditor.id}:${inv.id}`, createdAt: now });
      }
      const goNotice = start?.kind === 'go_notice' ? { sentAt: start.sentAt, deadline: start.deadline } : null;
      const openingBalanceOre = open ? undefined : openingBalance({ dunning: goNotice ? 'own_reminders' : 'agency_notice', goNotice, invoices: opened, date, debtorKind, vatDeductible: creditor.vatDeductible, rates: overrides(deps) });
      out.push({ caseId: c.id, caseNo: c.caseNo, goCaseId: c.goCaseId, pending, isNew: !open, ...(openingBalanceOre === undefined ? {} : { openingBalanceOre }) });
    }
    for (let i = 0; i < caseRows.length; i += 200) await tx.insert(cases).values(caseRows.slice(i, i + 200));
    for (let i = 0; i < invoiceRows.length; i += 200) await tx.insert(caseInvoices).values(invoiceRows.slice(i, i + 200));
    for (let i = 0; i < eventRows.length; i += 200) await tx.insert(caseEvents).values(eventRows.slice(i, i + 200)).onConflictDoNothing();
    return out;
  });
  const done: Linked[] = [];
  try {
    for (const intent of intents) {
      // A case created just now cannot be in Go yet, so no lookup by code (that is for intents an
      // earlier, interrupted run left behind).
      done.push(await writeToGo(deps, go, intent, { fresh: intent.isNew }));
      if (intent.isNew) counts.casesCreated++;
      counts.invoicesAdded += intent.pending.length;
      if (done.length >= 100) await commitLinks(deps, done.splice(0));
    }
  } finally {
    // What Go accepted is committed even when a later write failed, so a rerun does not ask again.
    await commitLinks(deps, done);
  }
  return takenOver;
}

/** A case and invoices stored before Go hears of them. `openingBalanceOre`: for a case Go has not
 *  got yet, the balance it opens with (principal, interest since due, opening cost), sent with the
 *  create so Go shows it at once. */
type Intent = { caseId: string; caseNo: string; goCaseId: string | null; pending: { id: string; goInvoiceId: string }[]; isNew: boolean; openingBalanceOre?: number };
/** `inGo`: what Go has for a case we created or found by code in this run, so pushStatus knows. */
type Linked = { caseId: string; goCaseId: string; pendingIds: string[]; inGo?: { balanceOre: number | null; closed: boolean } };

/** Reserves n consecutive case numbers; returns the first. */
async function reserveCaseNos(tx: Tx, n: number): Promise<number> {
  const [row] = await tx
    .insert(counters)
    .values({ name: 'case_no', value: 100_001 })
    .onConflictDoUpdate({ target: counters.name, set: { value: counters.value } })
    .returning();
  if (n > 0) await tx.update(counters).set({ value: row!.value + n }).where(eq(counters.name, 'case_no'));
  return row!.value;
}

/** Makes Go agree with a stored intent: creates the case (or finds it by code after a crash),
 *  or adds the invoices that Go has not got yet. Writes nothing to our database. */
async function writeToGo(deps: AppDeps, go: GoClient, c: Intent, o: { fresh: boolean }): Promise<Linked> {
  const url = `${deps.config.publicUrl}/cases/${c.caseId}`;
  let goCase: DebtCollectionCase | null = null;
  let inGo: Set<string>;
  if (!c.goCaseId) {
    const found = o.fresh ? undefined : (await go.listCases(c.caseNo))[0];
    if (found) {
      goCase = found;
    } else {
      deps.faults?.beforeGoWrite?.('createCase');
      try {
        goCase = await go.createCase({ code: c.caseNo, invoiceIds: c.pending.map((i) => i.goInvoiceId), externalCaseUrl: url, ...(c.openingBalanceOre === undefined ? {} : { balanceOre: c.openingBalanceOre }) });
      } catch (e) {
        // A timed-out create that Go did accept: the code now exists (Go refuses the second create),
        // so read it back.
        if (!(e instanceof GoApiError && e.status >= 400 && e.status < 500)) throw e;
        const again = (await go.listCases(c.caseNo))[0];
        if (!again) throw e;
        goCase = again;
      }
      deps.faults?.afterGoWrite?.('createCase');
    }
    inGo = new Set(goCase.invoices.map((i) => i.id));
  } else {
    inGo = new Set((await go.getCase(c.goCaseId)).invoices.map((i) => i.id));
  }
  const goCaseId = goCase?.id ?? c.goCaseId!;
  const missing = c.pending.filter((i) => !inGo.has(i.goInvoiceId));
  if (missing.length > 0) {
    deps.faults?.beforeGoWrite?.('addInvoicesToCase');
    await go.addInvoicesToCase(goCaseId, missing.map((i) => i.goInvoiceId));
    deps.faults?.afterGoWrite?.('addInvoicesToCase');
    goCase = null; // its balance no longer matches the invoices: pushStatus will tell Go
  }
  return {
    caseId: c.caseId, goCaseId, pendingIds: c.pending.map((i) => i.id),
    ...(goCase ? { inGo: { balanceOre: goCase.balanceAgency == null ? null : kronerToOre(goCase.balanceAgency), closed: goCase.status === 10 } } : {}),
  };
}

async function commitLinks(deps: AppDeps, links: Linked[]): Promise<void> {
  if (links.length === 0) return;
  const now = deps.clock.now().toISOString();
  const date = today(deps.clock);
  await deps.db.transaction(async (tx) => {
    for (const l of links) {
      await tx.update(cases).set({ goCaseId: l.goCaseId, updatedAt: now }).where(eq(cases.id, l.caseId));
      if (l.pendingIds.length > 0) await tx.update(caseInvoices).set({ linkedInGo: true }).where(inArray(caseInvoices.id, l.pendingIds));
      await startCase(tx, l.caseId, date, now, overrides(deps));
      // Record what Go has, not what we meant to send: the status text stays null (there is none on
      // create), so pushStatus can tell a case Go has never been told a stage for.
      if (l.inGo) await tx.update(cases).set({ pushedBalanceOre: l.inGo.balanceOre, pushedClosed: l.inGo.closed }).where(eq(cases.id, l.caseId));
    }
  });
}

/** An intent left by an earlier run that stopped before Go confirmed it, made whole. */
async function linkInGo(deps: AppDeps, go: GoClient, caseId: string): Promise<void> {
  const [c] = await deps.db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) return;
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  const pending = invoices.filter((i) => !i.linkedInGo);
  if (pending.length === 0 && c.goCaseId) return;
  let openingBalanceOre: number | undefined;
  if (!c.goCaseId && c.stage === 'approved') {
    const [creditor] = await deps.db.select({ vatDeductible: creditors.vatDeductible }).from(creditors).where(eq(creditors.id, c.creditorId));
    const [debtor] = await deps.db.select({ kind: debtors.kind }).from(debtors).where(eq(debtors.id, c.debtorId));
    openingBalanceOre = openingBalance({ dunning: c.dunning, invoices, date: today(deps.clock), debtorKind: debtor!.kind, vatDeductible: creditor!.vatDeductible, rates: overrides(deps) });
  }
  const linked = await writeToGo(deps, go, { caseId, caseNo: c.caseNo, goCaseId: c.goCaseId, pending, isNew: false, ...(openingBalanceOre === undefined ? {} : { openingBalanceOre }) }, { fresh: false });
  await commitLinks(deps, [linked]);
}

/** Intents left by an earlier run that stopped before Go confirmed them. */
async function recoverPending(deps: AppDeps, go: GoClient, creditorId: string): Promise<void> {
  const unlinked = await deps.db.selectDistinct({ caseId: caseInvoices.caseId }).from(caseInvoices).where(and(eq(caseInvoices.creditorId, creditorId), eq(caseInvoices.linkedInGo, false)));
  const noGoId = await deps.db.select({ caseId: cases.id }).from(cases).where(and(eq(cases.creditorId, creditorId), isNull(cases.goCaseId)));
  const ids = new Set([...unlinked, ...noGoId].map((r) => r.caseId));
  for (const id of ids) await linkInGo(deps, go, id);
}

/** Step 4: what happened in Go since the cursor. Each matched item counts once (unique event ref). */
async function readMatchedItems(deps: AppDeps, go: GoClient, creditorId: string): Promise<number> {
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  const groups = await go.allMatchedItems(cursor?.matchedItemsSince ?? null);
  const ours = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  // Go documents a matched item's KID (cID) but no invoice id on it: the KID names the invoice
  // (per customer, as Go matches a payment on KID and customer).
  const byKid = new Map(ours.filter((i) => i.matchingReference).map((i) => [`${i.customerNo}:${i.matchingReference}`, i]));
  let counted = 0;
  let newest = cursor?.matchedItemsSince ?? null;
  const date = today(deps.clock);
  for (const group of groups) {
    for (const item of group.matchedItems) {
      if (!newest || item.lastChanged > newest) newest = item.lastChanged;
      const inv = item.cID ? byKid.get(`${item.customerCode}:${item.cID}`) : undefined;
      if (!inv) continue;
      if (await applyMatchedItem(deps, inv.id, item, date)) counted++;
    }
  }
  if (newest && newest !== cursor?.matchedItemsSince) {
    // Only now, with every change committed, does the cursor move on.
    const now = deps.clock.now().toISOString();
    await deps.db.insert(syncCursors).values({ creditorId, matchedItemsSince: newest, updatedAt: now }).onConflictDoUpdate({ target: syncCursors.creditorId, set: { matchedItemsSince: newest, updatedAt: now } });
  }
  return counted;
}

async function applyMatchedItem(deps: AppDeps, caseInvoiceId: string, item: MatchedItem, date: string): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const [inv] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, caseInvoiceId));
    if (!inv) return false;
    // Matched before the case took the invoice over: already out of its principal (Go's remaining
    // amount then), whatever the cursor says; e.g. a direct payment between approval and our read.
    if (inv.goLastChanged && Date.parse(item.lastChanged) <= Date.parse(inv.goLastChanged)) return false;
    const amount = -kronerToOre(item.amount); // a credit to the customer ledger reduces the claim
    const own = item.externalImportReference?.startsWith(remittanceReferencePrefix) ?? false;
    const kind = own ? 'remittance_matched' : item.isWriteOff ? 'written_off' : item.voucherType === legacyVoucherType.outgoingCreditNote ? 'credit_note' : 'direct_payment';
    const text = own
      ? `Remittering matchet mot faktura ${inv.invoiceNo} i Go`
      : kind === 'written_off'
        ? `Faktura ${inv.invoiceNo} avskrevet i Go`
        : kind === 'credit_note'
          ? `Kreditnota på faktura ${inv.invoiceNo}`
          : `Direktebetaling til kreditor på faktura ${inv.invoiceNo}`;
    const fresh = await recordEvent(tx, { caseId: inv.caseId, at: item.voucherDate.slice(0, 10), kind, text, amountOre: amount, externalRef: `go-matched:${item.id}`, createdAt: now });
    if (!fresh || own) return fresh; // our own remittance already reduced the case
    const [c] = await tx.select().from(cases).where(eq(cases.id, inv.caseId));
    const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, inv.caseId));
    await accrue(tx, c!, invoices, date, overrides(deps), now);
    if (kind === 'written_off') {
      await tx.update(caseInvoices).set({ openOre: 0, state: 'written_off' }).where(eq(caseInvoices.id, inv.id));
    } else {
      const open = Math.max(0, inv.openOre - amount);
      await tx.update(caseInvoices).set({ openOre: open, state: open === 0 ? (kind === 'credit_note' ? 'credited' : 'paid') : 'open' }).where(eq(caseInvoices.id, inv.id));
    }
    await closeIfSettled(tx, inv.caseId, date, now);
    return true;
  });
}

/** Step 3: UpdateStatus only for cases whose label, balance or closed flag changed. */
export async function pushStatus(deps: AppDeps, go: GoClient, creditorId: string): Promise<number> {
  const all = await deps.db.select().from(cases).where(eq(cases.creditorId, creditorId));
  const date = today(deps.clock);
  const invoicesByCase = new Map<string, (typeof caseInvoices.$inferSelect)[]>();
  for (const i of await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId))) {
    const list = invoicesByCase.get(i.caseId);
    if (list) list.push(i);
    else invoicesByCase.set(i.caseId, [i]);
  }
  let pushed = 0;
  // What Go has confirmed is recorded in chunks (one commit per 100, not one per case); a crash
  // loses at most the unrecorded ones, which the next run pushes again with the same values.
  const confirmed: { id: string; statusText: string; balanceOre: number; closed: boolean }[] = [];
  const record = async () => {
    const batch = confirmed.splice(0);
    if (batch.length === 0) return;
    await deps.db.transaction(async (tx) => {
      for (const r of batch) await tx.update(cases).set({ pushedStatusText: r.statusText, pushedBalanceOre: r.balanceOre, pushedClosed: r.closed }).where(eq(cases.id, r.id));
    });
  };
  try {
    for (const c of all) {
      if (!c.goCaseId) continue;
      const invoices = invoicesByCase.get(c.id) ?? [];
      const statusText = isClosedStage(c.stage) ? stageLabel(c.stage) : claimStatusText(c.stage, invoices);
      const balanceOre = caseBalance(c, invoices, date, overrides(deps));
      const closed = isClosedStage(c.stage);
      if (c.pushedBalanceOre === balanceOre && c.pushedClosed === closed) {
        if (c.pushedStatusText === statusText) continue;
        // A new case is created with its balance and Go shows it Active; its opening stage's label
        // goes with its first real change (interest from the next day, a stage, a payment) rather
        // than costing a call of its own per new case.
        if (c.pushedStatusText === null && !closed && statusText === stageLabel(openingStage(c.dunning))) continue;
      }
      deps.faults?.beforeGoWrite?.('updateStatus');
      await go.updateStatus({ caseId: c.goCaseId, statusText, isCaseClosed: closed, balanceOre });
      deps.faults?.afterGoWrite?.('updateStatus');
      confirmed.push({ id: c.id, statusText, balanceOre, closed });
      pushed++;
      if (confirmed.length >= 100) await record();
    }
  } finally {
    await record();
  }
  return pushed;
}

export async function lastSync(deps: AppDeps, creditorId: string) {
  const [latest] = await deps.db.select({ at: max(syncRuns.startedAt) }).from(syncRuns).where(eq(syncRuns.creditorId, creditorId));
  if (!latest?.at) return null;
  const [run] = await deps.db.select().from(syncRuns).where(and(eq(syncRuns.creditorId, creditorId), eq(syncRuns.startedAt, latest.at)));
  return run ?? null;
}
