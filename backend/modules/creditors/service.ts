// A creditor on the integration: whether it is connected, its detail, the agreed dunning
// settings and the cases whose start differed from them, per-customer exclusion in Go, sync runs.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { today } from '@shared/clock';
import type { HalfYear } from '@shared/dates';
import { stageLabel, caseStages } from '@shared/stages';
import type { CreditorDetail, CreditorSettings, CustomerCollection } from '@shared/api';
import type { AppDeps } from '../../deps';
import { caseEvents, caseInvoices, cases, creditors, syncRuns } from '../../db/schema';
import { markedBalance, overrides } from '../cases/balance';
import { loadRates } from '../interest-rates/service';
import { DomainError, notFound } from '../../errors';
import { dunningMismatchEvent } from '../cases/dunning-check';
import { lastSync } from '../sync/run';
import { refusalText, SendRefused } from '../send/refusals';

/** The one test of "is this creditor connected": active on the integration, with a Go client key.
 *  Every route that works against the creditor's Go (sync, send, remittance) asks this. */
export async function connectedCreditor(deps: AppDeps, creditorId: string) {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'active' || !creditor.goClientKeyEnc) throw new SendRefused('creditor_not_active', refusalText.creditor_not_active);
  return creditor;
}

/** The agreed dunning profile and approval mode, kept here only: Go has no API for its Purring
 *  settings, so the extension changes those in Go's own page, as the accountant. */
export async function saveAgreedSettings(deps: AppDeps, creditorId: string, settings: CreditorSettings): Promise<void> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw notFound({ nb: 'kreditoren', en: 'creditor' });
  if (creditor.dunning === settings.dunning && creditor.approval === settings.approval) return;
  await deps.db.update(creditors).set({ dunning: settings.dunning, approval: settings.approval, updatedAt: deps.clock.now().toISOString() }).where(eq(creditors.id, creditorId));
}

/** Open cases whose start differed from the agreed profile (newest first). */
export async function dunningNotices(deps: AppDeps, creditorId: string, limit = 5) {
  return deps.db
    .select({ caseId: cases.id, caseNo: cases.caseNo, at: caseEvents.at, text: caseEvents.text })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(eq(cases.creditorId, creditorId), isNull(cases.closedAt), eq(caseEvents.kind, dunningMismatchEvent)))
    .orderBy(desc(caseEvents.at), desc(cases.caseNo))
    .limit(limit);
}

export class CustomerNotFound extends DomainError {
  constructor(readonly customerNo: string) {
    super('not_found', { message: { nb: 'Fant ikke kunden i PowerOffice GO', en: 'Customer not found in PowerOffice GO' }, fields: { customerNo: { nb: 'ukjent kundenummer', en: 'unknown customer number' } } });
  }
}

/** A customer's collection flag as Go has it (v2 Customers, TransferToDebtCollectionAgency). */
export async function customerCollection(deps: AppDeps, creditorId: string, customerNo: string): Promise<CustomerCollection & { goId: number }> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const go = await deps.goClientFor(creditor!);
  const cu = await go.customerByNo(customerNo);
  if (!cu) throw new CustomerNotFound(customerNo);
  return { goId: cu.id, customerNo: cu.customerNo, name: cu.name, excluded: !cu.transferToDebtCollectionAgency };
}

/** "Ikke send denne kunden til inkasso" (and back): Go's documented PATCH /v2/Customers/{id} with
 *  a JSON Patch on TransferToDebtCollectionAgency. Idempotent: Go is read first and written only
 *  when its flag differs; a replace repeated after a lost answer sets the same value again. */
export async function setCustomerExclusion(deps: AppDeps, creditorId: string, customerNo: string, excluded: boolean): Promise<CustomerCollection & { changed: boolean }> {
  const current = await customerCollection(deps, creditorId, customerNo);
  const { goId, ...shown } = current;
  if (current.excluded === excluded) return { ...shown, changed: false };
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const go = await deps.goClientFor(creditor!);
  deps.faults?.beforeGoWrite?.('patchCustomer');
  const after = await go.patchCustomer(goId, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: !excluded }]);
  deps.faults?.afterGoWrite?.('patchCustomer');
  return { customerNo: shown.customerNo, name: after.name, excluded: !after.transferToDebtCollectionAgency, changed: true };
}

export async function listSyncRuns(deps: AppDeps, creditorId: string, limit = 50) {
  return deps.db.select().from(syncRuns).where(eq(syncRuns.creditorId, creditorId)).orderBy(desc(syncRuns.startedAt)).limit(limit);
}

/** The creditor as its page shows it: settings, last sync, open cases and balance per stage, and
  * the cases whose start differed from the agreed profile. */
export async function getCreditor(deps: AppDeps, id: string): Promise<CreditorDetail> {
  await loadRates(deps);
  const [cr] = await deps.db.select().from(creditors).where(eq(creditors.id, id));
  const open = await deps.db.select().from(cases).where(and(eq(cases.creditorId, id), isNull(cases.closedAt)));
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, id));
  const date = today(deps.clock);
  const totals = new Map<string, { count: number; balanceOre: number }>();
  let provisionalRate = false;
  const provisionalHalves = new Set<HalfYear>();
  for (const c of open) {
    const t = totals.get(c.stage) ?? { count: 0, balanceOre: 0 };
    t.count++;
    const marked = markedBalance(c, invoices.filter((i) => i.caseId === c.id), date, overrides(deps));
    t.balanceOre += marked.balanceOre;
    provisionalRate ||= marked.provisionalRate;
    for (const h of marked.provisionalHalves) provisionalHalves.add(h);
    totals.set(c.stage, t);
  }
  const run = await lastSync(deps, id);
  return {
    id: cr!.id, orgNo: cr!.orgNo, name: cr!.name, status: cr!.status, vatDeductible: cr!.vatDeductible, accounts: cr!.accounts,
    settings: { dunning: cr!.dunning, approval: cr!.approval },
    lastSync: run ? { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, ok: run.ok, summary: `${run.casesCreated} nye saker, ${run.invoicesAdded} fakturaer, ${run.matchedItems} hendelser fra Go${run.errors.length ? `, ${run.errors.length} feil` : ''}` } : null,
    stageTotals: caseStages.filter((s) => totals.has(s)).map((s) => ({ stage: s, stageLabel: stageLabel(s), ...totals.get(s)! })),
    provisionalRate, provisionalHalves: [...provisionalHalves].sort(),
    dunningNotices: await dunningNotices(deps, id),
  };
}
