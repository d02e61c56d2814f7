// Overpayments: the part of an agency payment above what the case owed. The agency holds it (it is
// never part of a remittance: settle() pays out only what the payment's allocation took for costs,
// interest and principal) until operations resolve it: refund it to the debtor, or move it to
// another open case of the same creditor, where it is booked as a payment and remitted from there.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates } from '@shared/dates';
import { formatOre } from '@shared/money';
import type { Overpayment } from '@shared/api';
import type { AppDeps } from '../../deps';
import type { Tx } from '../../db/client';
import { agencyPayments, cases, overpayments } from '../../db/schema';
import { recordEvent } from './process';
import { applyPayment, PaymentRefused } from './payments';
import { loadRates } from '../interest-rates/service';
import { DomainError, invalid, notFound, type Text } from '../../errors';

type PaymentRow = typeof agencyPayments.$inferSelect;

/** Stores the surplus of a payment just booked (inside its transaction). */
export async function holdOverpayment(tx: Tx, payment: PaymentRow, now: string): Promise<string> {
  const id = crypto.randomUUID();
  await tx.insert(overpayments).values({ id, paymentId: payment.id, caseId: payment.caseId, creditorId: payment.creditorId, amountOre: payment.surplusOre, status: 'open', createdAt: now });
  await recordEvent(tx, {
    caseId: payment.caseId, at: payment.paidAt, kind: 'overpayment', amountOre: payment.surplusOre, externalRef: `overpayment:${id}`, createdAt: now,
    text: `Overbetaling ${formatOre(payment.surplusOre)} kr holdes av inkassobyrået til den er tilbakebetalt eller flyttet (${payment.reference})`,
  });
  return id;
}

export async function overpaymentsOf(deps: AppDeps, filter: { caseId?: string; creditorIds?: string[]; status?: Overpayment['status'] }): Promise<Overpayment[]> {
  const where: SQL[] = [];
  if (filter.caseId) where.push(eq(overpayments.caseId, filter.caseId));
  if (filter.creditorIds) {
    if (filter.creditorIds.length === 0) return [];
    where.push(inArray(overpayments.creditorId, filter.creditorIds));
  }
  if (filter.status) where.push(eq(overpayments.status, filter.status));
  const rows = await deps.db
    .select({ o: overpayments, caseNo: cases.caseNo, reference: agencyPayments.reference, paidAt: agencyPayments.paidAt })
    .from(overpayments)
    .innerJoin(cases, eq(cases.id, overpayments.caseId))
    .innerJoin(agencyPayments, eq(agencyPayments.id, overpayments.paymentId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(overpayments.createdAt));
  return rows.map(({ o, caseNo, reference, paidAt }) => ({
    id: o.id, caseId: o.caseId, caseNo, creditorId: o.creditorId, paymentId: o.paymentId, paymentReference: reference, paidAt, amountOre: o.amountOre,
    status: o.status, resolvedAt: o.resolvedAt, resolution: o.resolution ?? null,
  }));
}

export type OverpaymentRefusal = 'not_open' | 'bad_target' | 'overpayment';
export class OverpaymentRefused extends DomainError {
  constructor(readonly reason: OverpaymentRefusal, message: Text, fields?: Record<string, Text>) {
    super(reason, { message, ...(fields ? { fields } : {}) });
  }
}

async function openOverpayment(tx: Tx, id: string) {
  const [o] = await tx.select().from(overpayments).where(eq(overpayments.id, id));
  if (!o) throw notFound({ nb: 'overbetalingen', en: 'overpayment' });
  if (o.status !== 'open') throw new OverpaymentRefused('not_open', { nb: `Overbetalingen er allerede ${o.status === 'refunded' ? 'tilbakebetalt' : 'flyttet'}`, en: `The overpayment is already ${o.status === 'refunded' ? 'refunded' : 'moved'}` });
  return o;
}

/** The agency paid the surplus back to the debtor: recorded with the bank reference and date. */
export async function refundOverpayment(deps: AppDeps, id: string, userId: string, input: { reference: string; refundedAt: string }) {
  const date = today(deps.clock);
  if (compareDates(input.refundedAt, date) > 0) throw invalid({ refundedAt: { nb: `Datoen ${input.refundedAt} er etter dagens dato ${date}`, en: `The date ${input.refundedAt} is after today ${date}` } });
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const o = await openOverpayment(tx, id);
    const [payment] = await tx.select().from(agencyPayments).where(eq(agencyPayments.id, o.paymentId));
    if (compareDates(input.refundedAt, payment!.paidAt) < 0) throw invalid({ refundedAt: { nb: `Tilbakebetalingen kan ikke være før innbetalingen ${payment!.paidAt}`, en: `The refund cannot precede the payment of ${payment!.paidAt}` } });
    const resolution = { refundReference: input.reference, refundedAt: input.refundedAt };
    await tx.update(overpayments).set({ status: 'refunded', resolvedAt: now, resolvedBy: userId, resolution }).where(and(eq(overpayments.id, id), eq(overpayments.status, 'open')));
    await recordEvent(tx, { caseId: o.caseId, at: input.refundedAt, kind: 'overpayment_refunded', amountOre: o.amountOre, externalRef: `overpayment-refund:${id}`, createdAt: now, text: `Overbetaling ${formatOre(o.amountOre)} kr tilbakebetalt skyldner (${input.reference})` });
    return { ...o, resolution };
  });
}

/** Moves the surplus to another open case of the same creditor, booked there as a payment today
 *  (reference `overpayment:<id>`), which the next remittance pays out from that case. Refused when
 *  it is more than the target case owes (refund that part instead). */
export async function moveOverpayment(deps: AppDeps, id: string, userId: string, input: { caseId: string }) {
  await loadRates(deps);
  const date = today(deps.clock);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const o = await openOverpayment(tx, id);
    const [target] = await tx.select().from(cases).where(eq(cases.id, input.caseId));
    const bad = (why: Text) => new OverpaymentRefused('bad_target', { nb: 'Kan ikke flytte overbetalingen', en: 'Cannot move the overpayment' }, { caseId: why });
    if (!target || target.creditorId !== o.creditorId) throw bad({ nb: 'Saken finnes ikke hos samme kreditor', en: 'No such case for the same creditor' });
    if (target.id === o.caseId) throw bad({ nb: 'Overbetalingen står allerede på denne saken', en: 'The overpayment is on this case already' });
    if (target.closedAt) throw bad({ nb: 'Saken er avsluttet', en: 'The case is closed' });
    let booked;
    try {
      booked = await applyPayment(deps, tx, target.id, { amountOre: o.amountOre, paidAt: date, reference: `overpayment:${id}` }, now);
    } catch (e) {
      if (e instanceof PaymentRefused) throw new OverpaymentRefused(e.reason === 'overpayment' ? 'overpayment' : 'bad_target', e.text, { caseId: e.fields?.['amountOre'] ?? e.text });
      throw e;
    }
    const resolution = { toCaseId: target.id, toCaseNo: target.caseNo, toPaymentId: booked.payment.id };
    await tx.update(overpayments).set({ status: 'moved', resolvedAt: now, resolvedBy: userId, resolution }).where(and(eq(overpayments.id, id), eq(overpayments.status, 'open')));
    await recordEvent(tx, { caseId: o.caseId, at: date, kind: 'overpayment_moved', amountOre: o.amountOre, externalRef: `overpayment-move:${id}`, createdAt: now, text: `Overbetaling ${formatOre(o.amountOre)} kr flyttet til sak ${target.caseNo}` });
    return { ...o, resolution };
  });
}
