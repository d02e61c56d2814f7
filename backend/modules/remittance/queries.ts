// What people read about remittances: the list per creditor, one remittance in full (lines,
// payments, cases), and the CSV export.
import { asc, desc, eq, inArray, like } from 'drizzle-orm';
import { isClosedStage } from '@shared/stages';
import type { RemittanceDetail } from '@shared/api';
import type { Db } from '../../db/client';
import { agencyPayments, caseEvents, cases, remittances } from '../../db/schema';
import type { RemittanceRow } from './run';

export const summary = (r: RemittanceRow) => ({ id: r.id, date: r.date, status: r.status, payoutOre: r.payoutOre, goVoucherNo: r.goVoucherNo });

export async function listRemittances(db: Db, creditorId: string) {
  const rows = await db.select().from(remittances).where(eq(remittances.creditorId, creditorId)).orderBy(desc(remittances.date), desc(remittances.createdAt));
  return rows;
}

export async function remittanceCreditor(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ creditorId: remittances.creditorId }).from(remittances).where(eq(remittances.id, id));
  return row?.creditorId ?? null;
}

const totalKeys = ['principalOre', 'interestOre', 'costsOre', 'commissionOre', 'vatOre', 'creditorSalaerOre', 'roundingOre', 'payoutOre', 'agencyInvoiceOre'] as const;

export async function getRemittance(db: Db, id: string): Promise<RemittanceDetail | null> {
  const [r] = await db.select().from(remittances).where(eq(remittances.id, id));
  if (!r) return null;
  const payments = await db.select({ p: agencyPayments, caseNo: cases.caseNo }).from(agencyPayments).innerJoin(cases, eq(cases.id, agencyPayments.caseId)).where(eq(agencyPayments.remittanceId, id)).orderBy(asc(agencyPayments.paidAt));
  const directs = await db
    .select({ e: caseEvents, caseNo: cases.caseNo })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(like(caseEvents.text, `%${r.externalImportReference}`));
  const caseIds = [...new Set([...payments.map((p) => p.p.caseId), ...directs.map((d) => d.e.caseId)])];
  const caseRows = caseIds.length ? await db.select().from(cases).where(inArray(cases.id, caseIds)).orderBy(asc(cases.caseNo)) : [];
  const totals = Object.fromEntries(totalKeys.map((k) => [k, r.totals[k] ?? 0])) as RemittanceDetail['totals'];
  return {
    ...summary(r),
    creditorId: r.creditorId,
    externalImportReference: r.externalImportReference,
    goVoucherId: r.goVoucherId,
    postedAt: r.postedAt,
    provisionalRate: r.provisionalRate,
    agencyInvoiceOre: r.agencyInvoiceOre,
    totals,
    lines: r.lines.map((l) => ({
      accountNo: l.accountNo, accountName: l.accountName, debitOre: l.debitOre, creditOre: l.creditOre, text: l.text,
      ...(l.customerNo !== undefined ? { customerNo: l.customerNo } : {}), ...(l.invoiceNo !== undefined ? { invoiceNo: l.invoiceNo } : {}),
    })),
    payments: payments.map(({ p, caseNo }) => ({ id: p.id, caseId: p.caseId, caseNo, paidAt: p.paidAt, amountOre: p.amountOre, costsOre: p.costsOre, interestOre: p.interestOre, principalOre: p.principalOre, ...(p.surplusOre ? { surplusOre: p.surplusOre } : {}) })),
    directPayments: directs.map(({ e, caseNo }) => ({ caseId: e.caseId, caseNo, chargedOre: e.amountOre ?? 0, text: e.text })),
    cases: caseRows.map((c) => ({ id: c.id, caseNo: c.caseNo, stage: c.stage, closed: isClosedStage(c.stage) })),
  };
}
