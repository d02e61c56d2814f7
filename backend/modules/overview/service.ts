// The firm's overview: per client on the integration, overdue invoices not sent (waiting in Go's
// Utkast or for Go's reminders), open cases by stage (marked balance, as the popup shows it), money remitted this month,
// failed syncs, and what needs the accountant. A fixed number of queries for all clients at once.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { caseStages } from '@shared/stages';
import { today } from '@shared/clock';
import { daysInMonth } from '@shared/dates';
import type { AttentionItem, Overview, OverviewClient } from '@shared/overview';
import type { User } from '@shared/api';
import type { AppDeps } from '../../deps';
import { caseEvents, caseInvoices, cases, creditorAccess, creditors, goInvoices, remittances, syncRuns } from '../../db/schema';
import { markedBalance, overrides } from '../cases/balance';
import { dunningMismatchEvent } from '../cases/dunning-check';
import { loadRates } from '../interest-rates/service';

/** The mirror's debt-collection state (sync.ts reflectCollectionState): 0 not released by Go
 *  (Utkast included: Go's API does not show it), 3 approved, 4 in one of our cases. */
const dcNone = 0;
const remitted = ['posted', 'invoiced', 'settled'] as const;

async function visibleCreditors(deps: AppDeps, user: User) {
  const cols = { id: creditors.id, name: creditors.name, orgNo: creditors.orgNo, status: creditors.status, approval: creditors.approval };
  if (user.kind === 'agency') return deps.db.select(cols).from(creditors).orderBy(asc(creditors.name));
  return deps.db.select(cols).from(creditors).innerJoin(creditorAccess, eq(creditorAccess.creditorId, creditors.id)).where(eq(creditorAccess.firmId, user.firmId)).orderBy(asc(creditors.name));
}

export async function buildOverview(deps: AppDeps, user: User): Promise<Overview> {
  const date = today(deps.clock);
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const month = { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
  const list = await visibleCreditors(deps, user);
  const ids = list.map((c) => c.id);
  if (!ids.length) return { date, month, clients: [], attentionCount: 0 };
  await loadRates(deps);

  // Go's invoices as last synced: overdue ones Go has not released and no case holds.
  const inCase = sql`exists (select 1 from ${caseInvoices} where ${caseInvoices.creditorId} = ${goInvoices.creditorId} and ${caseInvoices.goInvoiceId} = ${goInvoices.goInvoiceId})`;
  const invoiceRows = await deps.db
    .select({
      creditorId: goInvoices.creditorId,
      overdue: sql<number>`sum(case when ${goInvoices.dcStatus} = ${dcNone} and ${goInvoices.dueDate} < ${date} and not ${inCase} then 1 else 0 end)`,
      overdueOre: sql<number>`sum(case when ${goInvoices.dcStatus} = ${dcNone} and ${goInvoices.dueDate} < ${date} and not ${inCase} then ${goInvoices.balanceOre} else 0 end)`,
    })
    .from(goInvoices)
    .where(and(inArray(goInvoices.creditorId, ids), sql`${goInvoices.balanceOre} > 0`))
    .groupBy(goInvoices.creditorId);
  const invoicesBy = new Map(invoiceRows.map((r) => [r.creditorId, r]));

  const open = await deps.db.select().from(cases).where(and(inArray(cases.creditorId, ids), isNull(cases.closedAt)));
  const openIds = open.map((c) => c.id);
  const invoices = openIds.length ? await deps.db.select().from(caseInvoices).where(inArray(caseInvoices.caseId, openIds)) : [];
  const invoicesOf = new Map<string, (typeof invoices)[number][]>();
  for (const i of invoices) invoicesOf.set(i.caseId, [...(invoicesOf.get(i.caseId) ?? []), i]);
  const rates = overrides(deps);
  const stagesBy = new Map<string, Map<string, { count: number; balanceOre: number }>>();
  for (const c of open) {
    const byStage = stagesBy.get(c.creditorId) ?? new Map<string, { count: number; balanceOre: number }>();
    const t = byStage.get(c.stage) ?? { count: 0, balanceOre: 0 };
    t.count++;
    t.balanceOre += markedBalance(c, invoicesOf.get(c.id) ?? [], date, rates).balanceOre;
    byStage.set(c.stage, t);
    stagesBy.set(c.creditorId, byStage);
  }

  const remRows = await deps.db
    .select({ id: remittances.id, creditorId: remittances.creditorId, date: remittances.date, status: remittances.status, payoutOre: remittances.payoutOre, goVoucherNo: remittances.goVoucherNo })
    .from(remittances)
    .where(inArray(remittances.creditorId, ids))
    .orderBy(desc(remittances.date), desc(remittances.createdAt));

  const runs = await deps.db
    .select({ creditorId: syncRuns.creditorId, startedAt: syncRuns.startedAt, finishedAt: syncRuns.finishedAt, ok: syncRuns.ok, errors: syncRuns.errors })
    .from(syncRuns)
    .where(and(inArray(syncRuns.creditorId, ids), sql`${syncRuns.startedAt} >= coalesce((select max(s2.started_at) from ${syncRuns} s2 where s2.creditor_id = ${syncRuns.creditorId} and s2.ok = 1), '')`))
    .orderBy(desc(syncRuns.startedAt));

  const notices = await deps.db
    .select({ creditorId: cases.creditorId, caseId: cases.id, at: caseEvents.at, text: caseEvents.text })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(inArray(cases.creditorId, ids), isNull(cases.closedAt), eq(caseEvents.kind, dunningMismatchEvent)))
    .orderBy(desc(caseEvents.at));

  const clients: OverviewClient[] = list.map((cr) => {
    const inv = invoicesBy.get(cr.id);
    const byStage = stagesBy.get(cr.id) ?? new Map<string, { count: number; balanceOre: number }>();
    const stages = caseStages.filter((s) => byStage.has(s)).map((s) => ({ stage: s, ...byStage.get(s)! }));
    const rems = remRows.filter((r) => r.creditorId === cr.id);
    const thisMonth = rems.filter((r) => r.date >= month.from && r.date <= month.to && (remitted as readonly string[]).includes(r.status));
    const last = rems.find((r) => (remitted as readonly string[]).includes(r.status)) ?? null;
    const ownRuns = runs.filter((r) => r.creditorId === cr.id);
    // A run still going is not counted as failed (nor is one that is going as this is read).
    const failed = ownRuns.filter((r) => !r.ok && r.finishedAt !== null);
    const latestRun = ownRuns[0] ?? null;
    const mismatches = notices.filter((n) => n.creditorId === cr.id);
    const failedRems = rems.filter((r) => r.status === 'failed');
    const overdueNotSent = { count: Number(inv?.overdue ?? 0), amountOre: Number(inv?.overdueOre ?? 0) };
    const attention: AttentionItem[] = [];
    if (failed.length) attention.push({ kind: 'sync_failed', count: failed.length, detail: failed[0]!.errors[0] ?? null });
    // With manual approval they wait for the accountant in Utkast; with automatic approval Go sends them itself.
    if (overdueNotSent.count && cr.approval === 'manual') attention.push({ kind: 'not_sent', count: overdueNotSent.count, detail: null });
    if (mismatches.length) attention.push({ kind: 'dunning_mismatch', count: new Set(mismatches.map((n) => n.caseId)).size, detail: mismatches[0]!.text });
    if (failedRems.length) attention.push({ kind: 'remittance_failed', count: failedRems.length, detail: null });
    if (cr.status === 'pending') attention.push({ kind: 'pending_registration', count: 1, detail: null });
    return {
      creditorId: cr.id, name: cr.name, orgNo: cr.orgNo, status: cr.status,
      approval: cr.approval,
      overdueNotSent,
      openCases: { count: stages.reduce((s, x) => s + x.count, 0), balanceOre: stages.reduce((s, x) => s + x.balanceOre, 0), byStage: stages },
      remittedThisMonth: { count: thisMonth.length, payoutOre: thisMonth.reduce((s, r) => s + r.payoutOre, 0) },
      lastRemittance: last ? { id: last.id, date: last.date, payoutOre: last.payoutOre, goVoucherNo: last.goVoucherNo } : null,
      lastSync: latestRun ? { startedAt: latestRun.startedAt, ok: latestRun.ok } : null,
      failedSyncs: failed.length,
      attention,
    };
  });
  return { date, month, clients, attentionCount: clients.reduce((s, c) => s + c.attention.reduce((a, i) => a + i.count, 0), 0) };
}
