// A case's balance broken down: hovedstol + renter + gebyrer + salær − innbetalt − avskrevet −
// trukket = saldo. Every line comes from its own source (claims, booked and accruing interest,
// the cost events, the payments) and the balance from the process, so the identity is a check,
// not a construction (backend/domain/claim-stages.test.ts). Pure.
import { compareDates, type BookDate } from '@shared/dates';
import { interest, type RateOverrides } from '@shared/interest';
import type { CaseBreakdown } from '@shared/api';

export type BreakdownInput = {
  c: { stage: string; closedAt: string | null; interestOre: number; costsOre: number; interestThrough: string | null };
  claims: { id: string; invoiceNo: number; dueDate: BookDate; principalOre: number; openOre: number; state: 'open' | 'paid' | 'credited' | 'written_off' | 'withdrawn' }[];
  /** Cost events (kind notice_sent: fee; demand_sent, heavy_fee: salær; claim_withdrawn: what the withdrawal dropped). */
  events: { kind: string; amountOre: number | null }[];
  payments: { costsOre: number; interestOre: number; principalOre: number; principalByInvoice: { caseInvoiceId: string; principalOre: number }[] }[];
  date: BookDate;
  rates: RateOverrides;
  /** The case balance as the process computes it (modules/cases/balance.ts caseBalance): the lines must sum to it. */
  balanceOre: number;
};

const sumOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function breakdownOf(input: BreakdownInput): CaseBreakdown {
  const { c, claims, events, payments, date, rates } = input;
  const closed = c.closedAt !== null;
  const eventSum = (kinds: string[]) => sumOf(events.filter((e) => kinds.includes(e.kind)).map((e) => e.amountOre ?? 0));
  const feesOre = eventSum(['notice_sent']);
  const salaerOre = eventSum(['demand_sent', 'heavy_fee']);
  const agencyByClaim = new Map<string, number>();
  for (const p of payments) for (const x of p.principalByInvoice) agencyByClaim.set(x.caseInvoiceId, (agencyByClaim.get(x.caseInvoiceId) ?? 0) + x.principalOre);
  const agencyPaid = sumOf(payments.map((p) => p.costsOre + p.interestOre + p.principalOre));
  const paidInterest = sumOf(payments.map((p) => p.interestOre));
  // Interest accruing since it was last booked, per open claim and half-year, each with its rate.
  const lines: CaseBreakdown['interest'] = [];
  if (c.interestOre + paidInterest > 0 && c.interestThrough) {
    lines.push({ kind: 'booked', invoiceNo: null, from: null, to: c.interestThrough, days: null, ratePct: null, provisional: false, interestOre: c.interestOre + paidInterest });
  }
  if (!closed) {
    for (const cl of claims) {
      if (cl.state !== 'open' || cl.openOre <= 0) continue;
      const from = c.interestThrough && compareDates(c.interestThrough, cl.dueDate) > 0 ? c.interestThrough : cl.dueDate;
      if (compareDates(date, from) <= 0) continue;
      for (const p of interest({ principalOre: cl.openOre, dueDate: from, paidDate: date, overrides: rates }).periods) {
        lines.push({ kind: 'period', invoiceNo: cl.invoiceNo, from: p.from, to: p.to, days: p.days, ratePct: p.ratePct, provisional: p.provisional, interestOre: p.interestOre });
      }
    }
  }
  const interestOre = sumOf(lines.map((l) => l.interestOre));
  // Principal reduced in Go (direct payment, credit note) on claims not written off, beside what the agency collected.
  let reducedInGo = 0;
  let writtenOffOre = 0;
  for (const cl of claims) {
    const agency = agencyByClaim.get(cl.id) ?? 0;
    if (cl.state === 'written_off') writtenOffOre += cl.principalOre - agency;
    else reducedInGo += cl.principalOre - cl.openOre - agency;
  }
  let withdrawnOre = eventSum(['claim_withdrawn']);
  // A closed case owes nothing: what was left of interest and costs was written off or, for a
  // case withdrawn from collection, dropped with it.
  if (closed) {
    if (c.stage === 'rejected') withdrawnOre += c.interestOre + c.costsOre;
    else writtenOffOre += c.interestOre + c.costsOre;
  }
  const principalOre = sumOf(claims.map((cl) => cl.principalOre));
  const paidOre = agencyPaid + reducedInGo;
  return {
    principalOre,
    interestOre,
    interest: lines,
    feesOre,
    salaerOre,
    paidOre,
    writtenOffOre,
    withdrawnOre,
    balanceOre: input.balanceOre,
  };
}
