// Cases for the invoices Go lists as approved for the agency (AvailableInvoices): one new case per
// debtor, or the invoices added to the debtor's open case. Three phases per run:
// 1. the intents: every new case, case invoice and event, and the case numbers they take, stored
//    before Go hears of any of it, in one libsql batch (one round trip; a few multi-row statements
//    however many cases);
// 2. the writes to Go, one create (or add) per case;
// 3. what Go accepted, committed per 100 cases in one transaction: Go's ids, the invoices linked
//    and what Go shows, then the cases' claims started by cases/process.ts startCases (each claim its
//    own inkassovarsel or betalingsoppfordring, its fee or salær, its event and letter, Go's own
//    notice where Go sent it: domain/start-plan.ts, the rules startCase uses for one case), the
//    chunk's contexts read and its starts written as a few multi-row statements, none per case.
// A crash between leaves intents without a Go id, which the next run's recoverPending finds in Go
// by code before creating anything; a rerun of a committed phase writes nothing new (unique
// case_invoices per Go invoice, unique event and letter references, a claim starts only from its
// stage 'approved').
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { kronerToOre } from '@shared/money';
import { isClosedStage } from '@shared/stages';
import { validateOrgNo } from '@shared/identifiers';
import type { AppDeps } from '../../deps';
import { caseEvents, caseInvoices, cases, counters, creditors, debtors } from '../../db/schema';
import { rowId } from '../../db/ids';
import { chunks, fragment, insertRows, runBatch, valuesList, type Fragment, type Statement } from '../../db/batch';
import { customerNosPerQuery, GoApiError, type GoClient } from '../../integrations/poweroffice/client';
import type { DebtCollectionCase, DebtCollectionInvoice, GoCustomer } from '../../integrations/poweroffice/schemas';
import { dunningMismatchEvent, dunningStart } from '../cases/dunning-check';
import { openingBalance } from '../cases/opening';
import { overrides } from '../cases/balance';
import { startCases } from '../cases/process';

/** What a run took over from AvailableInvoices: how many invoices and the newest `lastChanged`
 *  among them (Go's own clock); `complete` is false when one of them had no lastChanged. */
export type TakenOver = { count: number; newestLastChanged: string | null; complete: boolean };

export type OpenCounts = { casesCreated: number; invoicesAdded: number };

/** A case and invoices stored before Go hears of them. `openingBalanceOre`: for a case Go has not
 *  got yet, the balance it opens with (principal, interest since due, opening cost), sent with the
 *  create so Go shows it at once. */
type Intent = { caseId: string; caseNo: string; goCaseId: string | null; pending: { id: string; goInvoiceId: string }[]; isNew: boolean; openingBalanceOre?: number };
/** `inGo`: what Go has for a case we created or found by code in this run, so pushStatus knows. */
type Linked = { caseId: string; goCaseId: string; pendingIds: string[]; inGo?: { balanceOre: number | null; closed: boolean } };

type DebtorRef = { id: string; kind: 'business' | 'consumer' };
/** A row for insertRows: the table's insert shape, a value computed by SQL where needed. */
type Row<T extends typeof cases | typeof caseInvoices | typeof caseEvents> = { [K in keyof T['$inferInsert']]: T['$inferInsert'][K] | Fragment };

const firstCaseNo = 100_001;
/** Rows per multi-row statement: far under SQLite's variable limit for every table here. */
const rowsPerStatement = 200;
/** Cases whose Go results are committed together (phase 3). */
const commitEvery = 100;

/** Our debtors for these customer codes. Go is asked for a card only when a debtor is new and its
 *  card is not among `cards` (those the send guard read this run), and then only for those
 *  customers (Customers?customerNos=…), not the creditor's whole customer list. New debtors and
 *  the read-back of all of them in one batch. */
async function ensureDebtors(deps: AppDeps, go: GoClient, creditorId: string, codes: string[], cards: ReadonlyMap<string, GoCustomer>): Promise<Map<string, DebtorRef>> {
  const readAll = () => deps.db.select({ id: debtors.id, customerNo: debtors.customerNo, kind: debtors.kind }).from(debtors).where(eq(debtors.creditorId, creditorId));
  const existing = await readAll();
  const byCode = new Map(existing.map((d) => [d.customerNo, { id: d.id, kind: d.kind }]));
  const unknown = codes.filter((code) => !byCode.has(code));
  if (unknown.length === 0) return byCode;
  const byCustomerNo = new Map(cards);
  const missing = unknown.filter((code) => !byCustomerNo.has(code));
  for (const part of chunks(missing, customerNosPerQuery)) {
    for (const card of await go.customersByNos(part)) byCustomerNo.set(card.customerNo, card);
  }
  const now = deps.clock.now();
  const rows = unknown.map((code) => {
    const cu = byCustomerNo.get(code);
    const orgNo = cu?.organizationNumber ?? null;
    return {
      id: rowId(now), creditorId, customerNo: code, name: cu?.name ?? `Kunde ${code}`, orgNo,
      orgNoInvalid: orgNo !== null && !validateOrgNo(orgNo).ok,
      kind: cu && !cu.isPerson && orgNo ? ('business' as const) : ('consumer' as const),
    };
  });
  // A debtor another run stored meanwhile is kept (on conflict nothing): the read-back names it.
  const results = await runBatch(deps.db, [...chunks(rows, rowsPerStatement).map((part) => insertRows(debtors, part, 'ON CONFLICT DO NOTHING')), readAll()]);
  return new Map(results.at(-1)!.rows.map((d) => [String(d['customer_no']), { id: String(d['id']), kind: d['kind'] as DebtorRef['kind'] }]));
}

/** Opens the cases (see the top of this file). */
export async function openCases(deps: AppDeps, go: GoClient, creditor: typeof creditors.$inferSelect, counts: OpenCounts, available: DebtCollectionInvoice[], cards: ReadonlyMap<string, GoCustomer> = new Map()): Promise<TakenOver> {
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
  const debtorIds = await ensureDebtors(deps, go, creditor.id, [...byDebtor.keys()], cards);
  const intents = await storeIntents(deps, creditor, byDebtor, debtorIds);
  const done: Linked[] = [];
  const commit = () => commitLinks(deps, done.splice(0));
  try {
    for (const intent of intents) {
      // A case created just now cannot be in Go yet, so no lookup by code (that is for intents an
      // earlier, interrupted run left behind).
      done.push(await writeToGo(deps, go, intent, { fresh: intent.isNew }));
      if (intent.isNew) counts.casesCreated++;
      counts.invoicesAdded += intent.pending.length;
      if (done.length >= commitEvery) await commit();
    }
  } finally {
    // What Go accepted is committed even when a later write failed, so a rerun does not ask again.
    await commit();
  }
  return takenOver;
}

/**
 * Phase 1: the intents in one batch. The open cases are read first; the case numbers are taken in
 * the batch itself (the counter moved on, each new case numbered from it by SQL), so two runs at
 * once (the edge runs several creditors in parallel) never take one number twice and a batch that
 * fails takes none. A second run for the same invoices fails on case_invoices' unique Go invoice id
 * and stores nothing.
 */
async function storeIntents(deps: AppDeps, creditor: typeof creditors.$inferSelect, byDebtor: Map<string, DebtCollectionInvoice[]>, debtorIds: Map<string, DebtorRef>) {
  const date = today(deps.clock);
  const now = deps.clock.now().toISOString();
  const openRows = await deps.db.select().from(cases).where(and(eq(cases.creditorId, creditor.id), isNull(cases.closedAt)));
  const openByDebtor = new Map(openRows.filter((c) => !isClosedStage(c.stage)).map((c) => [c.debtorId, c]));
  const newCount = [...byDebtor.keys()].filter((code) => !openByDebtor.has(debtorIds.get(code)!.id)).length;
  /** The k-th new case's number, read in the batch from the counter this batch moved on: the same
   *  SQL for every case, its offset an argument, so the rows go in as one JSON argument (insertRows). */
  const caseNoSql = "(SELECT CAST(value - ? AS TEXT) FROM counters WHERE name = 'case_no')";
  const out: Intent[] = [];
  const caseRows: Row<typeof cases>[] = [];
  const invoiceRows: Row<typeof caseInvoices>[] = [];
  // The opened events apart from the others: their text is SQL (the case number), the others' is
  // plain, and a multi-row insert goes in as JSON only when each column is one or the other.
  // Each case's events still go in in order: its opened event before the rest.
  const openedRows: Row<typeof caseEvents>[] = [];
  const eventRows: Row<typeof caseEvents>[] = [];
  let k = 0;
  for (const [code, invoices] of byDebtor) {
    const { id: debtorId, kind: debtorKind } = debtorIds.get(code)!;
    const open = openByDebtor.get(debtorId);
    const caseId = open?.id ?? rowId(now);
    // What Go already sent decides where the case starts, whatever the agreed profile says.
    const start = open ? null : dunningStart(creditor.dunning, invoices);
    const fromGo = start?.kind === 'go_notice' ? { dunning: 'own_reminders' as const, noticeSentAt: start.sentAt, noticeDeadline: start.deadline } : { dunning: 'agency_notice' as const, noticeSentAt: null, noticeDeadline: null };
    if (!open) {
      const offset = newCount - k++;
      caseRows.push({ id: caseId, creditorId: creditor.id, debtorId, caseNo: fragment(caseNoSql, offset), stage: 'approved', ...fromGo, openedAt: date, createdAt: now, updatedAt: now });
      openedRows.push({ id: rowId(now), caseId, at: date, kind: 'opened', text: fragment(`'Sak ' || ${caseNoSql} || ' opprettet'`, offset), amountOre: null, externalRef: `opened:${caseId}`, createdAt: now });
      if (start?.mismatch) eventRows.push({ id: rowId(now), caseId, at: date, kind: dunningMismatchEvent, text: start.mismatch, amountOre: null, externalRef: `dunning:${caseId}`, createdAt: now });
    }
    const pending: Intent['pending'] = [];
    const opened: { dueDate: string; principalOre: number; openOre: number; state: 'open' }[] = [];
    for (const inv of invoices) {
      const principal = kronerToOre(inv.remainingAmount);
      const id = rowId(now);
      const dueDate = inv.dueDate.slice(0, 10);
      pending.push({ id, goInvoiceId: inv.id });
      opened.push({ dueDate, principalOre: principal, openOre: principal, state: 'open' });
      invoiceRows.push({
        id, caseId, creditorId: creditor.id, goInvoiceId: inv.id, invoiceNo: inv.invoiceNo, customerNo: code,
        invoiceDate: inv.invoiceDate.slice(0, 10), dueDate, principalOre: principal, openOre: principal, state: 'open', matchingReference: inv.cID ?? null,
        goLastChanged: inv.lastChanged ?? null,
      });
      eventRows.push({ id: rowId(now), caseId, at: date, kind: 'invoice_added', text: `Faktura ${inv.invoiceNo} overført til inkasso`, amountOre: principal, externalRef: `invoice:${creditor.id}:${inv.id}`, createdAt: now });
    }
    const goNotice = fromGo.noticeSentAt && fromGo.noticeDeadline ? { sentAt: fromGo.noticeSentAt, deadline: fromGo.noticeDeadline } : null;
    const openingBalanceOre = open ? undefined : openingBalance({ dunning: fromGo.dunning, goNotice, invoices: opened, date, debtorKind, vatDeductible: creditor.vatDeductible, rates: overrides(deps) });
    out.push({ caseId, caseNo: open?.caseNo ?? '', goCaseId: open?.goCaseId ?? null, pending, isNew: !open, ...(openingBalanceOre === undefined ? {} : { openingBalanceOre }) });
  }
  const newIds = out.filter((o) => o.isNew).map((o) => o.caseId);
  const statements: Statement[] = [];
  if (newCount > 0) {
    statements.push(
      deps.db.insert(counters).values({ name: 'case_no', value: firstCaseNo + newCount }).onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + ${newCount}` } }),
    );
  }
  statements.push(
    ...chunks(caseRows, rowsPerStatement).map((part) => insertRows(cases, part)),
    ...chunks(invoiceRows, rowsPerStatement).map((part) => insertRows(caseInvoices, part)),
    ...[openedRows, eventRows].flatMap((list) => chunks(list, rowsPerStatement).map((part) => insertRows(caseEvents, part, 'ON CONFLICT DO NOTHING'))),
  );
  if (newIds.length > 0) statements.push(deps.db.select({ id: cases.id, caseNo: cases.caseNo }).from(cases).where(inArray(cases.id, newIds)));
  const results = await runBatch(deps.db, statements);
  if (newIds.length > 0) {
    const numbers = new Map(results.at(-1)!.rows.map((r) => [String(r['id']), String(r['case_no'])]));
    for (const o of out) if (o.isNew) o.caseNo = numbers.get(o.caseId)!;
  }
  return out;
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

/**
 * Phase 3 for a chunk of cases, one transaction: Go's ids, the invoices linked and what Go shows,
 * then the cases' claims started (startCases: only the claims still 'approved' and linked, each
 * with its own notice or demand, cost, event and letter), all as a few multi-row statements for
 * the chunk; a crash anywhere in it leaves nothing of the chunk committed.
 * Every case of the chunk is started, not only the new ones: an invoice added to an open case is a
 * claim of its own with its own notice, and a case an earlier run left unstarted is started alike.
 */
async function commitLinks(deps: AppDeps, links: Linked[]): Promise<void> {
  if (links.length === 0) return;
  const now = deps.clock.now().toISOString();
  const date = today(deps.clock);
  const rates = overrides(deps);
  const pendingIds = links.flatMap((l) => l.pendingIds);
  const shown = links.filter((l) => l.inGo);
  const unshown = links.filter((l) => !l.inGo);
  await deps.db.transaction(async (tx) => {
    // Go's ids, and with them, where Go showed the case, what Go has (not what we meant to send):
    // the status text stays null (there is none on create), so pushStatus can tell a case Go has
    // never been told a stage for. One update of each case row.
    if (shown.length > 0) {
      await tx.run(sql`UPDATE cases SET go_case_id = v.column2, updated_at = ${now}, pushed_balance_ore = v.column3, pushed_closed = v.column4
        FROM (VALUES ${valuesList(shown.map((l) => [l.caseId, l.goCaseId, l.inGo!.balanceOre, l.inGo!.closed ? 1 : 0]))}) AS v WHERE cases.id = v.column1`);
    }
    if (unshown.length > 0) {
      await tx.run(sql`UPDATE cases SET go_case_id = v.column2, updated_at = ${now} FROM (VALUES ${valuesList(unshown.map((l) => [l.caseId, l.goCaseId]))}) AS v WHERE cases.id = v.column1`);
    }
    // The invoices Go linked are marked in the update that starts their claims (startCases).
    await startCases(tx, links.map((l) => l.caseId), date, now, rates, pendingIds);
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
export async function recoverPending(deps: AppDeps, go: GoClient, creditorId: string): Promise<void> {
  const unlinked = await deps.db.selectDistinct({ caseId: caseInvoices.caseId }).from(caseInvoices).where(and(eq(caseInvoices.creditorId, creditorId), eq(caseInvoices.linkedInGo, false)));
  const noGoId = await deps.db.select({ caseId: cases.id }).from(cases).where(and(eq(cases.creditorId, creditorId), isNull(cases.goCaseId)));
  const ids = new Set([...unlinked, ...noGoId].map((r) => r.caseId));
  for (const id of ids) await linkInGo(deps, go, id);
}
