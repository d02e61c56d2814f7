// The ledger page's lookup: each invoice's state and, for one in a case, its badge (stage,
// balance, next step, link to the case page), read from the database only.
import { sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import type { HalfYear } from '@shared/dates';
import { stageLabel, isClosedStage, type CaseStage } from '@shared/stages';
import type { CaseBadge, InvoiceStatusItem } from '@shared/api';
import type { AppDeps } from '../../deps';
import { markedBalance, nextStep, overrides, type BalanceInvoice, type CaseInvoiceRow, type CaseRow } from '../cases/balance';
import { loadRates } from '../interest-rates/service';

export function caseUrl(deps: AppDeps, caseId: string): string {
  return `${deps.config.publicUrl}/cases/${caseId}`;
}

/** `provisionalRate: true` and the half-years, only on a figure built on a provisional rate. */
export function provisionalMark(m: { provisionalRate: boolean; provisionalHalves: HalfYear[] }): { provisionalRate?: true; provisionalHalves?: HalfYear[] } {
  return m.provisionalRate ? { provisionalRate: true, provisionalHalves: m.provisionalHalves } : {};
}

export function badge(deps: AppDeps, c: BadgeCase, invoices: BalanceInvoice[], date = today(deps.clock)): CaseBadge {
  const marked = markedBalance(c, invoices, date, overrides(deps));
  return {
    id: c.id,
    caseNo: c.caseNo,
    stage: c.stage,
    stageLabel: stageLabel(c.stage),
    balanceOre: marked.balanceOre,
    ...nextStep(c),
    url: caseUrl(deps, c.id),
    ...provisionalMark(marked),
  };
}

/** The columns a badge is made of. */
type BadgeCase = Pick<CaseRow, 'id' | 'caseNo' | 'stage' | 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough' | 'noticeDeadline' | 'demandDeadline' | 'provisionalRate'>;

/** The ledger page's one call: state of each invoice, from the database only. One query whose
 * answer is a single row of JSON arrays: libsql builds a JS object per result row, which for 500
 * invoices costs far more than the query itself (measured: 13 ms → 3 ms; lookup.bench.ts). Only the
 * columns a badge needs, as positional arrays (parsing is the larger cost after the query), the
 * CTEs materialized (else SQLite probes the index for the page's invoices once per use), and
 * today's date once per call (Intl formatting per case was measurable). */
export async function lookupInvoiceStatus(deps: AppDeps, creditorId: string, invoiceNos: number[]): Promise<InvoiceStatusItem[]> {
  return (await readInvoiceStatus(deps, creditorId, invoiceNos)).items;
}

/** The lookup's answer and the creditor's lookup version it was read at, in one statement (so one
 *  snapshot): what cache.ts keeps. */
export async function readInvoiceStatus(deps: AppDeps, creditorId: string, invoiceNos: number[]): Promise<{ version: number; items: InvoiceStatusItem[] }> {
  const requested = JSON.stringify([...new Set(invoiceNos)]);
  await loadRates(deps);
  const [row] = await deps.db.all<{ version: number | null; linked: string; caseRows: string; caseInvoiceRows: string; mirror: string }>(sql`
    with req(no) as materialized (select value from json_each(${requested})),
      linked as materialized (select ci.invoice_no, ci.case_id from case_invoices ci where ci.creditor_id = ${creditorId} and ci.invoice_no in (select no from req)),
      case_ids as materialized (select distinct case_id from linked)
    select
      (select lookup_version from creditors where id = ${creditorId}) as version,
      (select json_group_array(json_array(invoice_no, case_id)) from linked) as linked,
      (select json_group_array(json_array(c.id, c.case_no, c.stage, c.closed_at, c.interest_ore, c.costs_ore, c.interest_through, c.notice_deadline, c.demand_deadline, c.provisional_rate))
        from cases c where c.id in (select case_id from case_ids)) as caseRows,
      (select json_group_array(json_array(i.case_id, i.state, i.open_ore, i.due_date)) from case_invoices i where i.case_id in (select case_id from case_ids)) as caseInvoiceRows,
      (select json_group_array(json_array(g.invoice_no, g.dc_status)) from go_invoices g where g.creditor_id = ${creditorId} and g.invoice_no in (select no from req)) as mirror`);
  type CaseTuple = [string, string, CaseStage, string | null, number, number, string | null, string | null, string | null, number];
  type InvoiceTuple = [string, CaseInvoiceRow['state'], number, string];
  const invoicesByCase = new Map<string, BalanceInvoice[]>();
  for (const [caseId, state, openOre, dueDate] of JSON.parse(row!.caseInvoiceRows) as InvoiceTuple[]) {
    const list = invoicesByCase.get(caseId);
    const inv = { state, openOre, dueDate };
    if (list) list.push(inv);
    else invoicesByCase.set(caseId, [inv]);
  }
  const date = today(deps.clock);
  const badges = new Map<string, { closed: boolean; badge: CaseBadge }>();
  for (const [id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline, provisionalRate] of JSON.parse(row!.caseRows) as CaseTuple[]) {
    const c = { id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline, provisionalRate: provisionalRate === 1 };
    badges.set(id, { closed: isClosedStage(stage), badge: badge(deps, c, invoicesByCase.get(id) ?? [], date) });
  }
  const caseByNo = new Map(JSON.parse(row!.linked) as [number, string][]);
  const statusByNo = new Map(JSON.parse(row!.mirror) as [number, number][]);
  const items = invoiceNos.map((invoiceNo): InvoiceStatusItem => {
    const caseId = caseByNo.get(invoiceNo);
    if (caseId) {
      const b = badges.get(caseId)!;
      return { invoiceNo, state: b.closed ? 'closed' : 'in_case', case: b.badge };
    }
    const dcStatus = statusByNo.get(invoiceNo);
    const state = dcStatus === 1 || dcStatus === 2 ? 'draft' : dcStatus === 3 ? 'approved' : 'none';
    return { invoiceNo, state };
  });
  return { version: row!.version ?? -1, items };
}
