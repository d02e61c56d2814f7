// The send guard: before an invoice becomes a claim, what Go's customer ledger and customer card say
// about it. The same rules for every way an invoice reaches collection (one-click send, approval in
// Go, the daily take-over); the caller decides what a finding means for its path: one-click send
// refuses on any blocking finding, an invoice Go has already approved still becomes a case for its
// open balance, with the findings flagged to the accountant. Pure: no database, no Go, no clock.
import { formatKroner, type Ore } from '@shared/money';
import { toNorwegian, type BookDate } from '@shared/dates';
import { validateNationalId, validateOrgNo } from '@shared/identifiers';

/** One open item on the debtor's customer ledger in Go, in øre, signed as Go shows it
 *  (an invoice's balance is positive, an unmatched payment or credit note negative). */
export type LedgerItem = {
  kind: 'invoice' | 'credit_note' | 'payment' | 'other';
  invoiceNo: number | null;
  balanceOre: Ore;
  date: BookDate;
};

/** What the guard needs of the customer card. */
export type GuardCustomer = {
  isPerson: boolean;
  organizationNumber: string | null;
  nationalIdNumber: string | null;
  hasPostalAddress: boolean;
  /** Go's per-customer flag; false means "do not send this customer to collection". */
  transferToDebtCollectionAgency: boolean;
};

export type GuardInput = {
  invoice: { invoiceNo: number; amountOre: Ore };
  customer: GuardCustomer;
  /** The customer's open items at today's date (Go's Customerledger/OpenItems). */
  openItems: readonly LedgerItem[];
  /** The claim is disputed (innsigelse) or on hold. */
  disputed: boolean;
};

export type FindingCode =
  | 'not_open'
  | 'partly_paid'
  | 'unmatched_payment'
  | 'unmatched_credit_note'
  | 'excluded'
  | 'disputed'
  | 'no_address'
  | 'invalid_org_no'
  | 'invalid_national_id';

export type Finding = {
  code: FindingCode;
  /** A blocking finding stops a one-click send; the others only inform. */
  blocking: boolean;
  amountOre?: Ore;
  date?: BookDate;
  message: { nb: string; en: string };
};

export type GuardResult = {
  /** No blocking finding. */
  ok: boolean;
  /** What may be claimed as principal: Go's open balance of the invoice, never more. */
  claimOre: Ore;
  findings: Finding[];
};

const kr = (ore: Ore) => formatKroner(Math.abs(ore));

function ledgerFindings(input: GuardInput, openOre: Ore): Finding[] {
  const out: Finding[] = [];
  if (openOre <= 0) {
    out.push({ code: 'not_open', blocking: true, message: { nb: `Faktura ${input.invoice.invoiceNo} er ikke åpen i Go (saldo ${kr(openOre)}).`, en: `Invoice ${input.invoice.invoiceNo} is not open in Go (balance ${kr(openOre)}).` } });
  } else if (openOre < input.invoice.amountOre) {
    out.push({ code: 'partly_paid', blocking: false, amountOre: openOre, message: { nb: `Faktura ${input.invoice.invoiceNo} er delvis betalt: bare ${kr(openOre)} av ${kr(input.invoice.amountOre)} står åpent og kan kreves inn.`, en: `Invoice ${input.invoice.invoiceNo} is partly paid: only ${kr(openOre)} of ${kr(input.invoice.amountOre)} is open and can be collected.` } });
  }
  for (const item of input.openItems) {
    if (item.balanceOre >= 0 || (item.kind !== 'payment' && item.kind !== 'credit_note')) continue;
    const when = toNorwegian(item.date);
    out.push(item.kind === 'payment'
      ? { code: 'unmatched_payment', blocking: true, amountOre: -item.balanceOre, date: item.date, message: { nb: `Kunden har en umatchet innbetaling på ${kr(item.balanceOre)} fra ${when} — avstem den i Go først.`, en: `The customer has an unmatched payment of ${kr(item.balanceOre)} from ${when} — match it in Go first.` } }
      : { code: 'unmatched_credit_note', blocking: true, amountOre: -item.balanceOre, date: item.date, message: { nb: `Kunden har en umatchet kreditnota på ${kr(item.balanceOre)} fra ${when} — match den mot fakturaen i Go først.`, en: `The customer has an unmatched credit note of ${kr(item.balanceOre)} from ${when} — match it against the invoice in Go first.` } });
  }
  return out;
}

function customerFindings(customer: GuardCustomer): Finding[] {
  const out: Finding[] = [];
  if (!customer.transferToDebtCollectionAgency) out.push({ code: 'excluded', blocking: true, message: { nb: 'Kunden er unntatt fra inkasso i PowerOffice GO.', en: 'The customer is excluded from debt collection in PowerOffice GO.' } });
  if (!customer.hasPostalAddress) out.push({ code: 'no_address', blocking: true, message: { nb: 'Kunden mangler postadresse i Go, så inkassovarselet kan ikke sendes — legg den inn på kunden først.', en: 'The customer has no postal address in Go, so the collection notice cannot be sent — add it to the customer first.' } });
  if (customer.organizationNumber && !validateOrgNo(customer.organizationNumber).ok) {
    out.push({ code: 'invalid_org_no', blocking: true, message: { nb: `Kundens organisasjonsnummer ${customer.organizationNumber} har feil kontrollsiffer — rett det på kunden i Go.`, en: `The customer's organisation number ${customer.organizationNumber} has a wrong check digit — correct it on the customer in Go.` } });
  }
  // Go answers "hidden" for the national id without a special privilege: nothing to check then.
  if (customer.isPerson && customer.nationalIdNumber && /^\d[\d\s]*$/.test(customer.nationalIdNumber) && !validateNationalId(customer.nationalIdNumber).ok) {
    out.push({ code: 'invalid_national_id', blocking: true, message: { nb: 'Kundens fødselsnummer har feil kontrollsiffer — rett det på kunden i Go.', en: "The customer's national identity number has a wrong check digit — correct it on the customer in Go." } });
  }
  return out;
}

export function guardSend(input: GuardInput): GuardResult {
  const own = input.openItems.filter((i) => i.kind === 'invoice' && i.invoiceNo === input.invoice.invoiceNo);
  const openOre = own.reduce((sum, i) => sum + i.balanceOre, 0);
  const findings = [...ledgerFindings(input, openOre), ...customerFindings(input.customer)];
  if (input.disputed) findings.push({ code: 'disputed', blocking: true, message: { nb: 'Kravet er bestridt eller stanset.', en: 'The claim is disputed or on hold.' } });
  return { ok: !findings.some((f) => f.blocking), claimOre: Math.max(0, Math.min(openOre, input.invoice.amountOre)), findings };
}
