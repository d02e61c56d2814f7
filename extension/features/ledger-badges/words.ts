// What the ledger (and the approval in Go's Inkasso page) says, in bokmål and in English: each locale only in its own language (stage names,
// next steps and the timeline too), dates as dd.mm.åååå, plural forms by Intl.PluralRules.
import type { CaseDetail, GuardFinding } from '@shared/api';
import type { GoApproval } from '@/lib/go-approvals';
import { toNorwegian } from '@shared/dates';
import { formatOre } from '@shared/money';
import { stageLabels, type CaseStage } from '@shared/stages';

export type Locale = 'nb' | 'en';

const nb = {
  caseNo: 'Sak {caseNo}',
  invoice: 'Faktura {invoiceNo}',
  draft: 'Utkast til inkasso',
  draftShort: 'Utkast',
  approved: 'Godkjent for inkasso',
  approvedShort: 'Godkjent',
  sendToCollection: 'Send til inkasso',
  confirmSend: 'Sende faktura {invoiceNo} på {amount} kr fra {debtor} til inkasso hos Modhi?',
  confirmClaim: 'Kravet blir {claim} kr. {reason}',
  confirm: 'Send',
  cancel: 'Avbryt',
  close: 'Lukk',
  cannotSend: 'Kan ikke sendes til inkasso',
  sendFailed: 'Ikke sendt: {reason}',
  nextStep: 'Neste steg: {step} {date}',
  nextStepUndated: 'Neste steg: {step}',
  noNextStep: 'Ingen flere steg planlagt',
  openCase: 'Åpne saken',
  timeline: 'Tidslinje',
  loading: 'Henter …',
  timelineUnavailable: 'Får ikke hentet tidslinjen akkurat nå.',
  withAgency: 'Hos inkasso: {amount}',
  connect: 'Koble til inkasso',
  notOnIntegration: '{name} er ikke koblet til Modhi inkasso.',
  offline: 'Får ikke kontakt med Modhi akkurat nå, så sakene vises ikke. Go virker som før.',
  retry: 'Prøv igjen',
  loggedOut: 'Du er ikke logget inn i Modhi-utvidelsen, så sakene vises ikke.',
  logIn: 'Logg inn',
  pageChanged: 'Utvidelsen kjenner ikke igjen kundereskontroen i PowerOffice GO slik den ser ut nå, så sakene vises ikke her. Go virker som før.',
  openInkasso: 'Åpne Inkasso i PowerOffice GO',
  approvingInGo: 'Godkjenner i PowerOffice GO …',
  takingCase: 'Godkjent i Go. Oppretter sak …',
  goFallback: 'Utvidelsen kjenner ikke igjen PowerOffice GO sin side Inkasso → Utkast slik den ser ut nå, så ingenting er godkjent. Godkjenn faktura {invoiceNo} selv der: siden er åpnet i en ny fane med fakturaen markert.',
  goNoDraft: 'Faktura {invoiceNo} ligger ikke i Inkasso → Utkast i PowerOffice GO (kunden kan være unntatt fra inkasso, eller Go har ikke foreslått fakturaen ennå), så ingenting er godkjent. Utkast-siden er åpnet i en ny fane.',
  goRefused: 'PowerOffice GO godkjente ikke faktura {invoiceNo}: {reason}',
  openInGo: 'Åpne Inkasso → Utkast i PowerOffice GO',
  dunningNotice: 'Merk: {text}',
  dunningNoticeShort: 'Avvik i purring',
  customerMenu: 'Inkasso for kunden',
  customerMenuFor: 'Inkasso for kunden: {name}',
  customerIncluded: 'Kunden sendes til inkasso når fakturaer forfaller.',
  customerExcluded: 'Kunden sendes ikke til inkasso (unntatt i PowerOffice GO).',
  exclude: 'Ikke send denne kunden til inkasso',
  include: 'Send kunden til inkasso igjen',
  confirmExclude: 'Ikke sende {name} til inkasso? PowerOffice GO slutter å foreslå kundens forfalte fakturaer for inkasso. Saker som allerede er åpne, fortsetter.',
  confirmInclude: 'Sende {name} til inkasso igjen? PowerOffice GO foreslår da kundens forfalte fakturaer for inkasso.',
  yesExclude: 'Ja, ikke send',
  yesInclude: 'Ja, send igjen',
  sending: 'Sender …',
  customerSaved: 'Lagret i PowerOffice GO.',
  notSaved: 'Ikke lagret: {reason}',
  provisionalRate: 'Foreløpig rente',
  provisionalRateNote: 'Foreløpig rente: forsinkelsesrenten for {halves} er ikke kunngjort ennå, saldoen bruker siste kjente sats.',
  provisionalRateBooked: 'Foreløpig rente: renten som er ført på saken er regnet med siste kjente sats.',
  toastSent: 'Faktura {invoiceNo} er sendt til inkasso som sak {caseNo}.',
  toastUpdatedOne: 'Oppdatert: {count} faktura har nye tall.',
  toastUpdatedOther: 'Oppdatert: {count} fakturaer har nye tall.',
  toastUnchanged: 'Oppdatert: ingen endringer.',
  toastExcluded: '{name} sendes ikke lenger til inkasso.',
  toastIncluded: '{name} sendes til inkasso igjen.',
  notices: 'Meldinger fra Modhi inkasso',
  tryLater: 'Prøv igjen om litt.',
  loginExpired: 'Innloggingen har gått ut.',
  approvedInGoTaking: 'Faktura {invoiceNo} er godkjent i PowerOffice GO. Modhi oppretter saken …',
  approvedInGoTaken: 'Faktura {invoiceNo} er godkjent i PowerOffice GO og sendt til inkasso som sak {caseNo}.',
  approvedInGoTakenOne: '{count} faktura er godkjent i PowerOffice GO og sendt til inkasso.',
  approvedInGoTakenOther: '{count} fakturaer er godkjent i PowerOffice GO og sendt til inkasso.',
  approvedInGoNotTaken: 'Faktura {invoiceNo} er godkjent i PowerOffice GO, men Modhi har ikke opprettet saken: {reason}',
  approvedInGoOffline: 'Faktura {invoiceNo} er godkjent i PowerOffice GO. Modhi kan ikke nås akkurat nå, så saken opprettes ved neste synkronisering.',
} as const;

export type WordKey = keyof typeof nb;

const en: Record<WordKey, string> = {
  caseNo: 'Case {caseNo}',
  invoice: 'Invoice {invoiceNo}',
  draft: 'Draft for collection',
  draftShort: 'Draft',
  approved: 'Approved for collection',
  approvedShort: 'Approved',
  sendToCollection: 'Send to collection',
  confirmSend: 'Send invoice {invoiceNo} of NOK {amount} from {debtor} to collection with Modhi?',
  confirmClaim: 'The claim will be NOK {claim}. {reason}',
  confirm: 'Send',
  cancel: 'Cancel',
  close: 'Close',
  cannotSend: 'Cannot be sent to collection',
  sendFailed: 'Not sent: {reason}',
  nextStep: 'Next step: {step} {date}',
  nextStepUndated: 'Next step: {step}',
  noNextStep: 'No further steps planned',
  openCase: 'Open the case',
  timeline: 'Timeline',
  loading: 'Loading …',
  timelineUnavailable: 'Could not fetch the timeline right now.',
  withAgency: 'With the agency: {amount}',
  connect: 'Connect to collection',
  notOnIntegration: '{name} is not connected to Modhi debt collection.',
  offline: 'Cannot reach Modhi right now, so the cases are not shown. Go works as before.',
  retry: 'Try again',
  loggedOut: 'You are not logged in to the Modhi extension, so the cases are not shown.',
  logIn: 'Log in',
  pageChanged: 'The extension does not recognise the customer ledger of PowerOffice GO as it looks now, so the cases are not shown here. Go works as before.',
  openInkasso: 'Open the collection page in PowerOffice GO',
  approvingInGo: 'Approving in PowerOffice GO …',
  takingCase: 'Approved in Go. Opening the case …',
  goFallback: 'The extension does not recognise the collection drafts page of PowerOffice GO as it looks now, so nothing was approved. Approve invoice {invoiceNo} there yourself: the page is open in a new tab with the invoice pointed out.',
  goNoDraft: 'Invoice {invoiceNo} is not among the collection drafts in PowerOffice GO (the customer may be excluded from collection, or Go has not proposed the invoice yet), so nothing was approved. The drafts page is open in a new tab.',
  goRefused: 'PowerOffice GO did not approve invoice {invoiceNo}: {reason}',
  openInGo: 'Open the collection drafts in PowerOffice GO',
  dunningNotice: 'Note: {text}',
  dunningNoticeShort: 'Dunning differs',
  customerMenu: 'Collection for the customer',
  customerMenuFor: 'Collection for the customer: {name}',
  customerIncluded: 'The customer goes to collection when invoices are overdue.',
  customerExcluded: 'The customer does not go to collection (excluded in PowerOffice GO).',
  exclude: 'Do not send this customer to collection',
  include: 'Send the customer to collection again',
  confirmExclude: 'Stop sending {name} to collection? PowerOffice GO stops proposing the customer’s overdue invoices for collection. Cases already open go on.',
  confirmInclude: 'Send {name} to collection again? PowerOffice GO then proposes the customer’s overdue invoices for collection.',
  yesExclude: 'Yes, do not send',
  yesInclude: 'Yes, send again',
  sending: 'Sending …',
  customerSaved: 'Saved in PowerOffice GO.',
  notSaved: 'Not saved: {reason}',
  provisionalRate: 'Provisional rate',
  provisionalRateNote: 'Provisional rate: the late-payment interest rate for {halves} is not published yet; the balance uses the last known rate.',
  provisionalRateBooked: 'Provisional rate: the interest booked on the case was computed at the last known rate.',
  toastSent: 'Invoice {invoiceNo} has been sent to collection as case {caseNo}.',
  toastUpdatedOne: 'Updated: {count} invoice has new figures.',
  toastUpdatedOther: 'Updated: {count} invoices have new figures.',
  toastUnchanged: 'Updated: no changes.',
  toastExcluded: '{name} no longer goes to collection.',
  toastIncluded: '{name} goes to collection again.',
  notices: 'Messages from Modhi debt collection',
  tryLater: 'Try again in a moment.',
  loginExpired: 'The login has expired.',
  approvedInGoTaking: 'Invoice {invoiceNo} has been approved in PowerOffice GO. Modhi is opening the case …',
  approvedInGoTaken: 'Invoice {invoiceNo} has been approved in PowerOffice GO and sent to collection as case {caseNo}.',
  approvedInGoTakenOne: '{count} invoice has been approved in PowerOffice GO and sent to collection.',
  approvedInGoTakenOther: '{count} invoices have been approved in PowerOffice GO and sent to collection.',
  approvedInGoNotTaken: 'Invoice {invoiceNo} has been approved in PowerOffice GO, but Modhi has not opened the case: {reason}',
  approvedInGoOffline: 'Invoice {invoiceNo} has been approved in PowerOffice GO. Modhi cannot be reached right now, so the case will be opened at the next sync.',
};

const tables: Record<Locale, Record<WordKey, string>> = { nb, en };

/** Short stage names for a badge where room is tight (the full name is in the panel). */
const shortStages: Record<CaseStage, { nb: string; en: string }> = {
  draft: { nb: 'Utkast', en: 'Draft' },
  approved: { nb: 'Godkjent', en: 'Approved' },
  notice_sent: { nb: 'Varsel', en: 'Notice' },
  demand_sent: { nb: 'Oppfordring', en: 'Demand' },
  legal: { nb: 'Rettslig', en: 'Legal' },
  paid: { nb: 'Betalt', en: 'Paid' },
  written_off: { nb: 'Avskrevet', en: 'Written off' },
  rejected: { nb: 'Avvist', en: 'Rejected' },
  closed: { nb: 'Avsluttet', en: 'Closed' },
};

/** What happens at a case's next step, in the future tense. */
const futureSteps: Partial<Record<CaseStage, { nb: string; en: string }>> = {
  demand_sent: { nb: 'betalingsoppfordring sendes', en: 'the payment demand will be sent' },
  legal: { nb: 'saken går til rettslig inndrivelse', en: 'the case will go to legal recovery' },
};
const following: Partial<Record<CaseStage, CaseStage>> = { notice_sent: 'demand_sent', demand_sent: 'legal' };

/** A short label per guard finding, for the row; the backend's full message goes in the panel. */
const findingShort: Record<GuardFinding['code'], { nb: string; en: string }> = {
  not_open: { nb: 'Ikke åpen i Go', en: 'Not open in Go' },
  partly_paid: { nb: 'Delvis betalt', en: 'Partly paid' },
  unmatched_payment: { nb: 'Innbetaling ikke avstemt', en: 'Payment not matched' },
  unmatched_credit_note: { nb: 'Kreditnota ikke avstemt', en: 'Credit note not matched' },
  excluded: { nb: 'Unntatt fra inkasso', en: 'Excluded from collection' },
  disputed: { nb: 'Bestridt', en: 'Disputed' },
  no_address: { nb: 'Mangler adresse', en: 'No address' },
  invalid_org_no: { nb: 'Ugyldig org.nr.', en: 'Invalid org. no.' },
  invalid_national_id: { nb: 'Ugyldig fødselsnr.', en: 'Invalid national ID' },
};

/** Timeline entries by kind, in English (the backend writes its timeline in bokmål). */
const timelineEn: Record<string, string> = { payment: 'Payment to the agency', overpayment_refunded: 'Overpayment refunded to the debtor', overpayment_moved: 'Overpayment moved to another case', heavy_fee: 'Higher fee (deadline exceeded by more than 28 days)' };

export type Words = {
  readonly locale: Locale;
  t(key: WordKey, vars?: Record<string, string | number>): string;
  /** The stage's name in this locale, short where room is tight. */
  stage(stage: CaseStage, short?: boolean): string;
  /** "Neste steg: betalingsoppfordring sendes 16.12.2026", or null when no step follows. */
  nextStep(stage: CaseStage, date: string | null): string | null;
  finding(finding: GuardFinding, short: boolean): string;
  /** One of two keys by the plural category of `count` (bokmål and English have one and other). */
  count(count: number, one: WordKey, other: WordKey): string;
  date(iso: string): string;
  money(ore: number): string;
  /** A line of the case's timeline in this locale, its dates as dd.mm.åååå. */
  event(e: Pick<CaseDetail['timeline'][number], 'at' | 'kind' | 'text' | 'amountOre'>): string;
  /** A backend message in this locale: "Norsk / English" messages are split, codes never shown. */
  message(text: string): string;
};

/** Dates inside a text written by the backend ("frist 2026-12-15") as dd.mm.åååå. */
export function norwegianDatesIn(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y: string, m: string, d: string) => `${d}.${m}.${y}`);
}

export function words(locale: Locale): Words {
  const table = tables[locale];
  const plural = new Intl.PluralRules(locale === 'nb' ? 'nb-NO' : 'en-GB');
  const t = (key: WordKey, vars: Record<string, string | number> = {}) => table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
  const w: Words = {
    locale,
    t,
    stage: (stage, short = false) => (short ? shortStages : stageLabels)[stage][locale],
    nextStep(stage, date) {
      const next = following[stage];
      const step = next ? futureSteps[next]?.[locale] : undefined;
      if (!step) return null;
      return date ? t('nextStep', { step, date: toNorwegian(date) }) : t('nextStepUndated', { step });
    },
    finding: (finding, short) => (short ? findingShort[finding.code][locale] : finding.message[locale]),
    count: (count, one, other) => t(plural.select(count) === 'one' ? one : other, { count }),
    date: (iso) => toNorwegian(iso),
    money: (ore) => formatOre(ore),
    event(e) {
      const stage = e.kind in stageLabels ? stageLabels[e.kind as CaseStage] : null;
      const text = locale === 'en' ? (stage?.en ?? timelineEn[e.kind] ?? norwegianDatesIn(e.text)) : norwegianDatesIn(e.text);
      return `${toNorwegian(e.at)} ${text}${e.amountOre !== null ? ` (${formatOre(e.amountOre)})` : ''}`;
    },
    message(text) {
      const parts = text.split(' / ');
      return norwegianDatesIn(parts.length === 2 ? (locale === 'nb' ? parts[0]! : parts[1]!) : text);
    },
  };
  return w;
}

/** What became of drafts approved in Go's own Inkasso page, in one short text: the ones taken (by
 *  invoice and case when it is one, else counted), then each one not taken and why. */
export function approvalsSaid(w: Words, approvals: readonly GoApproval[]): string {
  const taken = approvals.filter((a) => a.state === 'taken');
  const parts: string[] = [];
  if (taken.length === 1) parts.push(w.t('approvedInGoTaken', { invoiceNo: taken[0]!.invoiceNo, caseNo: taken[0]!.caseNo ?? '' }));
  else if (taken.length > 1) parts.push(w.count(taken.length, 'approvedInGoTakenOne', 'approvedInGoTakenOther'));
  for (const a of approvals) {
    if (a.state === 'taking') parts.push(w.t('approvedInGoTaking', { invoiceNo: a.invoiceNo }));
    else if (a.state === 'not_taken') parts.push(a.reason ? w.t('approvedInGoNotTaken', { invoiceNo: a.invoiceNo, reason: w.message(a.reason) }) : w.t('approvedInGoOffline', { invoiceNo: a.invoiceNo }));
  }
  return parts.join(' ');
}
