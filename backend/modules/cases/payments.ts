// The agency registers a debtor's payment: interest booked to the day, the amount allocated
// costs → interest → principal, the rest held as an overpayment.
import { and, eq } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates } from '@shared/dates';
import { formatOre } from '@shared/money';
import type { AppDeps } from '../../deps';
import { agencyPayments, caseInvoices, cases } from '../../db/schema';
import type { Tx } from '../../db/client';
import { accrue, closeIfSettled, recordEvent } from './process';
import { overrides, type CaseInvoiceRow } from './balance';
import { holdOverpayment } from './overpayments';
import { loadRates } from '../interest-rates/service';
import { DomainError, invalid, notFound, type Text } from '../../errors';

export type PaymentRefusal = 'case_closed' | 'overpayment' | 'paid_in_future';
export class PaymentRefused extends DomainError {
  constructor(readonly reason: Exclude<PaymentRefusal, 'paid_in_future'>, message: Text, fields?: Record<string, Text>) {
    super(reason, { message, ...(fields ? { fields } : {}) });
  }
}

export type PaymentInput = { amountOre: number; paidAt: string; reference: string; acceptOverpayment?: boolean };

/** Books a payment onto a case inside the caller's transaction: interest to the day of payment,
 *  costs → interest → principal, the rest an overpayment, refused unless `acceptOverpayment` (the
 *  caller has seen it is more than the case balance). Idempotent by (case, reference). */
export async function applyPayment(deps: AppDeps, tx: Tx, caseId: string, input: PaymentInput, now: string) {
  const [existing] = await tx.select().from(agencyPayments).where(and(eq(agencyPayments.caseId, caseId), eq(agencyPayments.reference, input.reference)));
  if (existing) return { payment: existing, created: false, overpaymentId: null };
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound({ nb: 'saken', en: 'case' });
  if (c.closedAt) throw new PaymentRefused('case_closed', { nb: 'Saken er avsluttet', en: 'The case is closed' });
  const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  const accrued = await accrue(tx, c, invoices, input.paidAt, overrides(deps), now);
  const a = allocate(input.amountOre, accrued.costsOre, accrued.interestOre, invoices);
  if (a.surplusOre > 0 && input.acceptOverpayment !== true) {
    const owed = input.amountOre - a.surplusOre;
    // Thrown inside the transaction: the interest booked above is rolled back with it.
    throw new PaymentRefused('overpayment', { nb: `Beløpet er ${formatOre(a.surplusOre)} kr mer enn saken skylder (${formatOre(owed)} kr per ${input.paidAt})`, en: `The amount is NOK ${formatOre(a.surplusOre)} more than the case owes (NOK ${formatOre(owed)} on ${input.paidAt})` }, {
      amountOre: { nb: `Overstiger saldo ${owed} øre med ${a.surplusOre} øre; send acceptOverpayment: true for å registrere overskuddet som overbetaling`, en: `Exceeds the balance of ${owed} øre by ${a.surplusOre} øre; send acceptOverpayment: true to hold the surplus as an overpayment` },
    });
  }
  await applyAllocation(tx, caseId, a, now);
  const [payment] = await tx
    .insert(agencyPayments)
    .values({ id: crypto.randomUUID(), caseId, creditorId: c.creditorId, amountOre: input.amountOre, paidAt: input.paidAt, reference: input.reference, costsOre: a.costsOre, interestOre: a.interestOre, principalOre: a.principalOre, principalByInvoice: a.principalByInvoice, surplusOre: a.surplusOre, createdAt: now })
    .returning();
  await recordEvent(tx, { caseId, at: input.paidAt, kind: 'payment', text: `Innbetaling til inkassobyrå (${input.reference})`, amountOre: input.amountOre, externalRef: `payment:${payment!.id}`, createdAt: now });
  const overpaymentId = a.surplusOre > 0 ? await holdOverpayment(tx, payment!, now) : null;
  await closeIfSettled(tx, caseId, input.paidAt, now);
  return { payment: payment!, created: true, overpaymentId };
}

/** The agency registers a debtor's payment; idempotent by (case, reference). */
export async function registerAgencyPayment(deps: AppDeps, caseId: string, input: PaymentInput) {
  const date = today(deps.clock);
  if (compareDates(input.paidAt, date) > 0) {
    throw invalid({ paidAt: { nb: `Innbetalingsdatoen ${input.paidAt} er etter dagens dato ${date}`, en: `The payment date ${input.paidAt} is after today ${date}` } });
  }
  await loadRates(deps);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction((tx) => applyPayment(deps, tx, caseId, input, now));
}

export type Allocation = { costsOre: number; interestOre: number; principalOre: number; surplusOre: number; principalByInvoice: { caseInvoiceId: string; principalOre: number }[] };

/** costs → interest → principal (oldest due first); anything beyond is surplus. */
export function allocate(amountOre: number, costsOre: number, interestOre: number, invoices: CaseInvoiceRow[]): Allocation {
  let left = amountOre;
  const take = (owed: number) => {
    const t = Math.min(left, Math.max(0, owed));
    left -= t;
    return t;
  };
  const costs = take(costsOre);
  const int = take(interestOre);
  const principalByInvoice: Allocation['principalByInvoice'] = [];
  for (const inv of [...invoices].filter((i) => i.state === 'open').sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo - b.invoiceNo)) {
    const t = take(inv.openOre);
    if (t > 0) principalByInvoice.push({ caseInvoiceId: inv.id, principalOre: t });
  }
  return { costsOre: costs, interestOre: int, principalOre: principalByInvoice.reduce((s, p) => s + p.principalOre, 0), surplusOre: left, principalByInvoice };
}

/** Applies a payment's allocation to the case (inside the caller's transaction). */
export async function applyAllocation(tx: Tx, caseId: string, a: Allocation, now: string): Promise<void> {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  await tx.update(cases).set({ costsOre: c!.costsOre - a.costsOre, interestOre: c!.interestOre - a.interestOre, updatedAt: now }).where(eq(cases.id, caseId));
  for (const p of a.principalByInvoice) {
    const [inv] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, p.caseInvoiceId));
    const open = inv!.openOre - p.principalOre;
    await tx.update(caseInvoices).set({ openOre: open, state: open === 0 ? 'paid' : 'open' }).where(eq(caseInvoices.id, p.caseInvoiceId));
  }
}
