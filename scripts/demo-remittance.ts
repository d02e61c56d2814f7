// The demo's posted remittance for Conecto AS: the debtor of one of the first sync's cases pays it
// in full today, and the remittance run posts the voucher in Go (the sandbox), matches the invoice
// to zero and closes the case, so a newcomer sees a remittance, its avregningsoppgave and the Go
// voucher number at once (popup, Oversikt). Idempotent: a second start finds the payment and the
// remittance already there.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { today } from '@shared/clock';
import type { AppDeps } from '../backend/deps';
import { caseInvoices, cases, creditors, remittances } from '../backend/db/schema';
import { getCase } from '../backend/modules/cases/service';
import { registerAgencyPayment } from '../backend/modules/cases/payments';
import { runRemittances } from '../backend/modules/remittance/run';
import { pushStatus } from '../backend/modules/sync/status';

export type DemoRemittance = { id: string; date: string; payoutOre: number; goVoucherNo: number | null; caseNo: string };

export async function seedDemoRemittance(deps: AppDeps, creditorId: string): Promise<DemoRemittance | null> {
  const posted = async () => {
    const [r] = await deps.db.select().from(remittances).where(and(eq(remittances.creditorId, creditorId), eq(remittances.status, 'posted'))).orderBy(asc(remittances.createdAt));
    return r ?? null;
  };
  const existing = await posted();
  if (existing) return { id: existing.id, date: existing.date, payoutOre: existing.payoutOre, goVoucherNo: existing.goVoucherNo, caseNo: '' };
  // The open case with the lowest invoice number: in the sandbox's demo, invoice 21 (240 000 kr).
  const [open] = await deps.db
    .select({ id: cases.id, caseNo: cases.caseNo })
    .from(cases)
    .innerJoin(caseInvoices, eq(caseInvoices.caseId, cases.id))
    .where(and(eq(cases.creditorId, creditorId), isNull(cases.closedAt)))
    .orderBy(asc(caseInvoices.invoiceNo))
    .limit(1);
  if (!open) return null;
  const date = today(deps.clock);
  const detail = await getCase(deps, open.id);
  if (!detail || detail.balanceOre <= 0) return null;
  await registerAgencyPayment(deps, open.id, { amountOre: detail.balanceOre, paidAt: date, reference: `DEMO-${open.caseNo}` });
  await runRemittances(deps, creditorId, date);
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  await pushStatus(deps, await deps.goClientFor(creditor!), creditorId);
  const r = await posted();
  return r ? { id: r.id, date: r.date, payoutOre: r.payoutOre, goVoucherNo: r.goVoucherNo, caseNo: open.caseNo } : null;
}
