// Settlement (avregning) for one creditor and one run: pure arithmetic on integer øre, no I/O.
// Each agency payment gives the creditor its principal and interest and gives the agency its
// collected costs; the agency charges commission (basis points of collected principal, a minimum
// per payment) and 25 % VAT on its services. The result is the remittance voucher's lines, which
// always sum to 0 øre. A direct payment to the creditor on a case with the agency is charged
// commission only (DOMAIN.md; issue 5).
import { vatOf, type Ore } from '@shared/money';
import type { AccountMappingRow, RemittanceLineRow } from '../../db/schema';

/** Where the agency's invoice lands when the payout cannot cover the charges: NS 4102
 *  "Leverandørgjeld". It is not in the creditor's account mapping, so it is fixed here. */
export const agencyPayableAccount = '2400';
export const vatRateBp = 2500;

export type SettlementTerms = {
  vatDeductible: boolean;
  commissionBp: number;
  commissionMinOre: Ore;
  accounts: AccountMappingRow;
};

export type InvoiceShare = { invoiceNo: number; customerNo: string; matchingReference: string; principalOre: Ore };

export type SettlementItem =
  | {
      kind: 'agency_payment';
      paymentId: string;
      caseNo: string;
      paidAt: string;
      /** Collected costs (salær, fees) the agency keeps. */
      costsOre: Ore;
      /** The salær part of `costsOre` (statutory fees are outside the VAT base). */
      salaerCollectedOre?: Ore;
      interestOre: Ore;
      invoices: InvoiceShare[];
      /** Salær the creditor bears on this case (debtor insolvent, contract terms). */
      creditorSalaerOre?: Ore;
    }
  | { kind: 'direct_payment'; eventId: string; caseNo: string; paidAt: string; amountOre: Ore };

export type ItemSettlement = {
  kind: SettlementItem['kind'];
  ref: string;
  caseNo: string;
  paidAt: string;
  principalOre: Ore;
  interestOre: Ore;
  costsOre: Ore;
  commissionOre: Ore;
  /** VAT the agency bills on this item (commission, creditor-borne salær, salær the debtor paid when deductible). */
  vatOre: Ore;
  creditorSalaerOre: Ore;
  /** What this item adds to (or, when negative, takes from) the payout. */
  payoutOre: Ore;
};

export type SettlementTotals = {
  principalOre: Ore;
  interestOre: Ore;
  costsOre: Ore;
  commissionOre: Ore;
  vatOre: Ore;
  creditorSalaerOre: Ore;
  roundingOre: Ore;
  /** What the agency pays out; 0 when the charges exceed what was collected. */
  payoutOre: Ore;
  /** What the agency invoices the creditor instead of a negative payout. */
  agencyInvoiceOre: Ore;
};

export type Settlement = { items: ItemSettlement[]; totals: SettlementTotals; lines: RemittanceLineRow[] };

export const defaultAccountNames: Record<string, string> = {
  '1500': 'Kundefordringer',
  '1920': 'Bankinnskudd',
  '1950': 'Interimskonto',
  '2400': 'Leverandørgjeld',
  '2710': 'Inngående merverdiavgift',
  '6790': 'Annen fremmed tjeneste',
  '7790': 'Annen kostnad',
  '8050': 'Annen renteinntekt',
  '8055': 'Renteinntekt kundefordringer',
};

/** Commission on collected principal, half away from zero, at least the minimum when anything
 *  was collected; a payment that only covered costs or interest carries no commission. */
export function commissionOf(principalOre: Ore, bp: number, minOre: Ore): Ore {
  if (principalOre <= 0) return 0;
  const raw = Number((BigInt(principalOre) * BigInt(bp) * 2n + 10_000n) / 20_000n);
  return Math.max(raw, minOre);
}

const vatBaseOf = (commissionOre: Ore, creditorSalaerOre: Ore, salaerCollectedOre: Ore, vatDeductible: boolean): Ore =>
  commissionOre + creditorSalaerOre + (vatDeductible ? salaerCollectedOre : 0);

export function settleItem(item: SettlementItem, terms: SettlementTerms): ItemSettlement {
  if (item.kind === 'direct_payment') {
    // The money is already with the creditor: only the agency's commission (and its VAT) is due.
    const commissionOre = commissionOf(item.amountOre, terms.commissionBp, terms.commissionMinOre);
    const vatOre = vatOf(commissionOre, vatRateBp);
    return { kind: item.kind, ref: item.eventId, caseNo: item.caseNo, paidAt: item.paidAt, principalOre: 0, interestOre: 0, costsOre: 0, commissionOre, vatOre, creditorSalaerOre: 0, payoutOre: -(commissionOre + vatOre) };
  }
  const principalOre = item.invoices.reduce((s, i) => s + i.principalOre, 0);
  const commissionOre = commissionOf(principalOre, terms.commissionBp, terms.commissionMinOre);
  const creditorSalaerOre = item.creditorSalaerOre ?? 0;
  // With deduction right the creditor is billed 25 % VAT on the agency's services and on the salær
  // the debtor paid (without VAT), and deducts it; without, the debtor paid salær + VAT itself.
  // Statutory fees (the notice fee) are outside the VAT base.
  const vatBase = vatBaseOf(commissionOre, creditorSalaerOre, item.salaerCollectedOre ?? 0, terms.vatDeductible);
  const vatOre = vatOf(vatBase, vatRateBp);
  const payoutOre = principalOre + item.interestOre - commissionOre - creditorSalaerOre - vatOre;
  return { kind: item.kind, ref: item.paymentId, caseNo: item.caseNo, paidAt: item.paidAt, principalOre, interestOre: item.interestOre, costsOre: item.costsOre, commissionOre, vatOre, creditorSalaerOre, payoutOre };
}

/** The whole run: per-item figures for the statement, and the voucher's posting proposal. */
export function settle(items: readonly SettlementItem[], terms: SettlementTerms, names: Record<string, string> = defaultAccountNames): Settlement {
  const settled = items.map((i) => settleItem(i, terms));
  const sum = (f: (s: ItemSettlement) => number) => settled.reduce((acc, s) => acc + f(s), 0);
  const principalOre = sum((s) => s.principalOre);
  const interestOre = sum((s) => s.interestOre);
  const costsOre = sum((s) => s.costsOre);
  const commissionOre = sum((s) => s.commissionOre);
  const creditorSalaerOre = sum((s) => s.creditorSalaerOre);
  const itemVatOre = sum((s) => s.vatOre);
  const itemPayoutOre = sum((s) => s.payoutOre);
  // The agency's invoice states VAT once, on the run's total base; the statement shows it per item.
  // The difference between the two roundings is posted on a named line so it never vanishes.
  const salaerCollectedOre = items.reduce((acc, i) => acc + (i.kind === 'agency_payment' ? (i.salaerCollectedOre ?? 0) : 0), 0);
  const vatOre = vatOf(vatBaseOf(commissionOre, creditorSalaerOre, salaerCollectedOre, terms.vatDeductible), vatRateBp);
  const roundingOre = itemVatOre - vatOre;
  const payoutOre = Math.max(0, itemPayoutOre);
  const agencyInvoiceOre = Math.max(0, -itemPayoutOre);

  const a = terms.accounts;
  const name = (no: string) => names[no] ?? `Konto ${no}`;
  const lines: RemittanceLineRow[] = [];
  const debit = (accountNo: string, amount: Ore, text: string) => lines.push({ accountNo, accountName: name(accountNo), debitOre: amount, creditOre: 0, text });
  const credit = (accountNo: string, amount: Ore, text: string, extra: Partial<RemittanceLineRow> = {}) =>
    lines.push({ accountNo, accountName: name(accountNo), debitOre: 0, creditOre: amount, text, ...extra });

  debit(a.bank, payoutOre, agencyInvoiceOre > 0 ? 'Remittering fra inkassobyrå (ingen utbetaling)' : 'Remittering fra inkassobyrå');
  if (terms.vatDeductible) {
    if (commissionOre > 0) debit(a.commission, commissionOre, 'Provisjon inkassobyrå');
    if (creditorSalaerOre > 0) debit(a.collectionFee, creditorSalaerOre, 'Salær belastet kreditor');
    if (vatOre > 0) debit(a.inputVat, vatOre, 'Inngående mva 25 % på inkassobyråets tjenester og salær');
  } else {
    // No deduction right: VAT is part of the cost, split between the two cost lines by their base.
    const salaerVat = creditorSalaerOre > 0 ? vatOf(creditorSalaerOre, vatRateBp) : 0;
    if (commissionOre > 0 || vatOre - salaerVat !== 0) debit(a.commission, commissionOre + vatOre - salaerVat, 'Provisjon inkassobyrå inkl. mva');
    if (creditorSalaerOre > 0) debit(a.collectionFee, creditorSalaerOre + salaerVat, 'Salær belastet kreditor inkl. mva');
  }
  if (roundingOre !== 0) debit(a.commission, roundingOre, 'Øreavrunding');

  const byInvoice = new Map<string, InvoiceShare>();
  for (const item of items) {
    if (item.kind !== 'agency_payment') continue;
    for (const inv of item.invoices) {
      const key = `${inv.customerNo}\u0000${inv.invoiceNo}`;
      const seen = byInvoice.get(key);
      if (seen) seen.principalOre += inv.principalOre;
      else byInvoice.set(key, { ...inv });
    }
  }
  for (const inv of [...byInvoice.values()].sort((x, y) => x.invoiceNo - y.invoiceNo)) {
    if (inv.principalOre === 0) continue;
    credit(a.customerLedger, inv.principalOre, `Innbetalt faktura ${inv.invoiceNo}`, { customerNo: inv.customerNo, invoiceNo: inv.invoiceNo, matchingReference: inv.matchingReference });
  }
  if (interestOre > 0) credit(a.interestIncome, interestOre, 'Forsinkelsesrente innkrevd');
  if (agencyInvoiceOre > 0) credit(agencyPayableAccount, agencyInvoiceOre, 'Faktura fra inkassobyrå (gebyrer over innkrevd beløp)');

  // Signed debits positive: a negative debit (e.g. a rounding that went the other way) is shown as a credit.
  for (const l of lines) {
    if (l.debitOre < 0) {
      l.creditOre = -l.debitOre;
      l.debitOre = 0;
    }
  }
  return {
    items: settled,
    totals: { principalOre, interestOre, costsOre, commissionOre, vatOre, creditorSalaerOre, roundingOre, payoutOre, agencyInvoiceOre },
    lines,
  };
}

/** Signed amount of a line for Go (debit positive). */
export const signedOre = (l: Pick<RemittanceLineRow, 'debitOre' | 'creditOre'>): Ore => l.debitOre - l.creditOre;

export function voucherSum(lines: readonly Pick<RemittanceLineRow, 'debitOre' | 'creditOre'>[]): Ore {
  return lines.reduce((s, l) => s + signedOre(l), 0);
}
