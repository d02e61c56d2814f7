// What an inkassovarsel or betalingsoppfordring says, as data (inkassoloven §§ 9 and 10): the
// creditor, the claim, the amount split into principal and additions, the interest rate and from
// when, the consequences of not paying, and the right to complain to the Inkassoklagenemnda. The
// wording differs for a consumer and a business debtor. Pure; stored with the letter and rendered
// as PDF by backend/modules/cases/letters.ts.
import { addDays, halfYearOf, type BookDate } from '@shared/dates';
import { type DebtorKind } from '@shared/fees';
import { interest, rateFor, type RateOverrides } from '@shared/interest';
import { formatOre } from '@shared/money';

export type LetterKind = 'notice' | 'demand';

export type LetterContent = {
  kind: LetterKind;
  title: string;
  sentAt: BookDate;
  deadline: BookDate;
  agency: { name: string };
  creditor: { name: string; orgNo: string };
  debtor: { name: string; customerNo: string; orgNo: string | null; kind: DebtorKind };
  claims: { invoiceNo: number; invoiceDate: BookDate; dueDate: BookDate; principalOre: number; interestOre: number }[];
  amount: { principalOre: number; interestOre: number; feesOre: number; salaerOre: number; totalOre: number };
  interest: { ratePct: number; provisional: boolean; from: { invoiceNo: number; from: BookDate }[]; text: string };
  consequences: string[];
  complaint: string;
  /** Lines addressed to this kind of debtor (a consumer is pointed to free debt advice). */
  wording: string[];
};

export const agencyName = 'Modhi Norge AS';

export const complaintText =
  'Mener du at kravet eller inkassoprosessen ikke er riktig, kan du klage til oss. Får du ikke medhold, kan du klage til Inkassoklagenemnda, Postboks 53 Skøyen, 0212 Oslo (www.inkassoklagenemnda.no).';

export function letterContent(input: {
  kind: LetterKind;
  sentAt: BookDate;
  deadline: BookDate;
  creditor: { name: string; orgNo: string };
  debtor: { name: string; customerNo: string; orgNo: string | null; kind: DebtorKind };
  claims: { invoiceNo: number; invoiceDate: BookDate; dueDate: BookDate; openOre: number }[];
  /** Fees and salær this letter's claims carry (charged with it or before). */
  feesOre: number;
  salaerOre: number;
  rates: RateOverrides;
}): LetterContent {
  const claims = input.claims.map((c) => ({
    invoiceNo: c.invoiceNo,
    invoiceDate: c.invoiceDate,
    dueDate: c.dueDate,
    principalOre: c.openOre,
    interestOre: interest({ principalOre: c.openOre, dueDate: c.dueDate, paidDate: input.sentAt, overrides: input.rates }).interestOre,
  }));
  const principalOre = claims.reduce((s, c) => s + c.principalOre, 0);
  const interestOre = claims.reduce((s, c) => s + c.interestOre, 0);
  const rate = rateFor(halfYearOf(input.sentAt), input.rates);
  const from = claims.map((c) => ({ invoiceNo: c.invoiceNo, from: addDays(c.dueDate, 1) }));
  const rateText = `${String(rate.ratePct).replace('.', ',')} %`;
  const notice = input.kind === 'notice';
  const consumer = input.debtor.kind === 'consumer';
  const consequences = notice
    ? [
        `Betales ikke kravet innen ${input.deadline}, vil det bli sendt betalingsoppfordring, og du må betale inkassosalær i tillegg til kravet.`,
        'Forsinkelsesrenten løper til kravet er betalt.',
        'Betaler du innen fristen, kommer det ikke salær.',
      ]
    : [
        `Betales ikke kravet innen ${input.deadline}, kan saken bli sendt til rettslig inndrivelse (forliksrådet eller namsmannen) uten nytt varsel. Det gir høyere kostnader for deg.`,
        'Oversittes fristen med mer enn 28 dager, øker salæret til tungt salær.',
        'Forsinkelsesrenten løper til kravet er betalt.',
      ];
  const wording = consumer
    ? [
        'Har du innsigelser mot kravet, må du si fra før fristen; et krav du bestrider på rimelig grunnlag, forfølges ikke videre før innsigelsen er avklart.',
        'Har du betalingsproblemer, kan du kontakte oss om en nedbetalingsavtale, og du kan få gratis råd hos NAV økonomirådgivning (telefon 55 55 33 39).',
      ]
    : [
        'Har virksomheten innsigelser mot kravet, må det sies fra før fristen; et krav som bestrides på rimelig grunnlag, forfølges ikke videre før innsigelsen er avklart.',
        'Salæret er beregnet etter satsene for næringsdrivende skyldnere.',
      ];
  return {
    kind: input.kind,
    title: notice ? 'Inkassovarsel' : 'Betalingsoppfordring',
    sentAt: input.sentAt,
    deadline: input.deadline,
    agency: { name: agencyName },
    creditor: input.creditor,
    debtor: input.debtor,
    claims,
    amount: { principalOre, interestOre, feesOre: input.feesOre, salaerOre: input.salaerOre, totalOre: principalOre + interestOre + input.feesOre + input.salaerOre },
    interest: {
      ratePct: rate.ratePct,
      provisional: rate.provisional,
      from,
      text: `Forsinkelsesrente ${rateText} per år${rate.provisional ? ' (foreløpig sats)' : ''} løper fra ${from.map((f) => `${f.from} (faktura ${f.invoiceNo})`).join(', ')}.`,
    },
    consequences,
    complaint: complaintText,
    wording,
  };
}

/** The letter as text lines (the PDF's content), every § 10 item in it. */
export function letterLines(l: LetterContent): string[] {
  const kr = (ore: number) => `${formatOre(ore)} kr`;
  return [
    `${l.title}`,
    `Fra ${l.agency.name} på vegne av ${l.creditor.name} (org.nr. ${l.creditor.orgNo})`,
    `Til ${l.debtor.name} (kundenr. ${l.debtor.customerNo}${l.debtor.orgNo ? `, org.nr. ${l.debtor.orgNo}` : ''})`,
    `Dato ${l.sentAt}. Betalingsfrist ${l.deadline}.`,
    '',
    'Kravet',
    ...l.claims.map((c) => `Faktura ${c.invoiceNo} datert ${c.invoiceDate}, forfalt ${c.dueDate}: hovedstol ${kr(c.principalOre)}, renter ${kr(c.interestOre)}`),
    '',
    'Beløpet',
    `Hovedstol: ${kr(l.amount.principalOre)}`,
    `Renter: ${kr(l.amount.interestOre)}`,
    `Gebyrer: ${kr(l.amount.feesOre)}`,
    `Salær: ${kr(l.amount.salaerOre)}`,
    `Å betale: ${kr(l.amount.totalOre)}`,
    '',
    'Renter',
    l.interest.text,
    '',
    'Hvis du ikke betaler',
    ...l.consequences,
    '',
    ...l.wording,
    '',
    'Klage',
    l.complaint,
  ];
}
