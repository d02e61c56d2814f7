// The words of the overview page, the remittance list, the popup's connection states and the icon's
// count: Norwegian bokmål first, English second. Counted words go through Intl.PluralRules.
import type { AttentionKind } from '@shared/overview';
import type { RemittanceDetail } from '@shared/api';
import type { Locale } from './i18n';

type Forms = { one: string; other: string };

const nb = {
  overviewTitle: 'Oversikt',
  overviewLead: 'Alle klienter på integrasjonen, per {date}.',
  refresh: 'Oppdater',
  exportCsv: 'Eksporter CSV',
  search: 'Søk etter klient',
  onlyAttention: 'Bare klienter som trenger deg',
  statusFilter: 'Status',
  allStatuses: 'Alle',
  clientsShown: '{shown} av {total} klienter',
  kpiAttention: 'Trenger deg',
  kpiNotSent: 'Forfalt, ikke sendt',
  kpiOpen: 'Åpne saker',
  kpiRemitted: 'Remittert i {month}',
  colClient: 'Klient',
  colAttention: 'Trenger deg',
  colNotSent: 'Forfalt, ikke sendt',
  colOpen: 'Åpne saker per steg',
  colRemitted: 'Remittert denne måneden',
  colSync: 'Siste synkronisering',
  colRemittances: 'Remitteringer',
  notSentHelp: 'Ligger i Inkasso → Utkast i PowerOffice GO eller venter på Go sin purring.',
  nothing: 'Ingenting',
  syncOk: 'OK {at}',
  syncFailedAt: 'Feilet {at}',
  neverSynced: 'Ikke synkronisert ennå',
  showRemittances: 'Vis remitteringer',
  remittancesFor: 'Remitteringer for {name}',
  noRemittances: 'Ingen remitteringer ennå.',
  remDate: 'Dato',
  remStatus: 'Status',
  remPayout: 'Utbetalt',
  remVoucher: 'Bilagsnr. i PowerOffice GO',
  remStatement: 'Avregningsoppgave',
  statementHtml: 'Vis',
  statementHtmlFor: 'Vis avregningsoppgaven {date}',
  statementPdf: 'PDF',
  statementPdfFor: 'Last ned avregningsoppgaven {date} som PDF',
  remittancesCsv: 'Last ned remitteringer (CSV)',
  closeStatement: 'Tilbake til oversikten',
  statementTitle: 'Avregningsoppgave {date} – {name}',
  noClients: 'Ingen klienter passer filteret.',
  noClientsAtAll: 'Firmaet ditt har ingen klienter på integrasjonen ennå.',
  loadingOverview: 'Henter oversikten …',
  unreachable: 'Får ikke kontakt med Modhi på {url}. Sjekk nettverket, eller at adressen i innstillingene er riktig.',
  retry: 'Prøv igjen',
  notLoggedIn: 'Du er ikke logget inn.',
  sessionExpired: 'Innloggingen din er utløpt. Logg inn på nytt for å fortsette.',
  logIn: 'Logg inn',
  logInAgain: 'Logg inn på nytt',
  openSettings: 'Åpne innstillinger',
  openOverview: 'Oversikt over alle klienter',
  openRemittances: 'Remitteringer og avregningsoppgaver',
  latestRemittances: 'Siste remitteringer',
  remittanceLine: '{date}: {payout} kr, bilagsnr. {voucher}',
  remittanceLineNoVoucher: '{date}: {payout} kr, {status}',
  badgeTitle: 'Modhi inkasso: {what}',
  badgeTitleNone: 'Modhi inkasso: ingenting trenger deg nå',
  failed: 'Noe gikk galt: {reason}',
  permissionDenied: 'Utvidelsen fikk ikke lov til å kontakte {origin}. Logg inn igjen og velg «Tillat» når nettleseren spør.',
  permissionHttps: 'Adressen til Modhi må begynne med https://.',
  stageCount: '{stage}: {count} · {amount} kr',
  amountKr: '{amount} kr',
} as const;

export type OverviewKey = keyof typeof nb;

const en: Record<OverviewKey, string> = {
  overviewTitle: 'Overview',
  overviewLead: 'Every client on the integration, as of {date}.',
  refresh: 'Refresh',
  exportCsv: 'Export CSV',
  search: 'Search for a client',
  onlyAttention: 'Only clients that need you',
  statusFilter: 'Status',
  allStatuses: 'All',
  clientsShown: '{shown} of {total} clients',
  kpiAttention: 'Needs you',
  kpiNotSent: 'Overdue, not sent',
  kpiOpen: 'Open cases',
  kpiRemitted: 'Remitted in {month}',
  colClient: 'Client',
  colAttention: 'Needs you',
  colNotSent: 'Overdue, not sent',
  colOpen: 'Open cases by stage',
  colRemitted: 'Remitted this month',
  colSync: 'Last sync',
  colRemittances: 'Remittances',
  notSentHelp: 'Waiting in Inkasso → Utkast in PowerOffice GO, or for Go’s own reminders.',
  nothing: 'Nothing',
  syncOk: 'OK {at}',
  syncFailedAt: 'Failed {at}',
  neverSynced: 'Not synced yet',
  showRemittances: 'Show remittances',
  remittancesFor: 'Remittances for {name}',
  noRemittances: 'No remittances yet.',
  remDate: 'Date',
  remStatus: 'Status',
  remPayout: 'Paid out',
  remVoucher: 'Voucher no. in PowerOffice GO',
  remStatement: 'Statement',
  statementHtml: 'View',
  statementHtmlFor: 'View the statement of {date}',
  statementPdf: 'PDF',
  statementPdfFor: 'Download the statement of {date} as PDF',
  remittancesCsv: 'Download remittances (CSV)',
  closeStatement: 'Back to the overview',
  statementTitle: 'Statement {date} – {name}',
  noClients: 'No client matches the filter.',
  noClientsAtAll: 'Your firm has no clients on the integration yet.',
  loadingOverview: 'Loading the overview …',
  unreachable: 'Cannot reach Modhi at {url}. Check the network, or that the address in the settings is right.',
  retry: 'Try again',
  notLoggedIn: 'You are not logged in.',
  sessionExpired: 'Your login has expired. Log in again to go on.',
  logIn: 'Log in',
  logInAgain: 'Log in again',
  openSettings: 'Open settings',
  openOverview: 'Overview of every client',
  openRemittances: 'Remittances and statements',
  latestRemittances: 'Latest remittances',
  remittanceLine: '{date}: NOK {payout}, voucher no. {voucher}',
  remittanceLineNoVoucher: '{date}: NOK {payout}, {status}',
  badgeTitle: 'Modhi debt collection: {what}',
  badgeTitleNone: 'Modhi debt collection: nothing needs you now',
  failed: 'Something went wrong: {reason}',
  permissionDenied: 'The extension was not allowed to contact {origin}. Log in again and choose “Allow” when the browser asks.',
  permissionHttps: 'The Modhi address must start with https://.',
  stageCount: '{stage}: {count} · NOK {amount}',
  amountKr: 'NOK {amount}',
};

const counted: Record<Locale, Record<'attention' | AttentionKind | 'cases' | 'invoices' | 'remittances' | 'clients', Forms>> = {
  nb: {
    attention: { one: '{n} ting trenger deg', other: '{n} ting trenger deg' },
    sync_failed: { one: '{n} synkronisering med Go feilet', other: '{n} synkroniseringer med Go feilet' },
    not_sent: { one: '{n} forfalt faktura venter på godkjenning i Inkasso → Utkast', other: '{n} forfalte fakturaer venter på godkjenning i Inkasso → Utkast' },
    dunning_mismatch: { one: '{n} sak har avvik i purringen', other: '{n} saker har avvik i purringen' },
    remittance_failed: { one: '{n} remittering ble ikke bokført', other: '{n} remitteringer ble ikke bokført' },
    pending_registration: { one: 'Registreringen er ikke fullført', other: 'Registreringen er ikke fullført' },
    cases: { one: '{n} sak', other: '{n} saker' },
    invoices: { one: '{n} faktura', other: '{n} fakturaer' },
    remittances: { one: '{n} remittering', other: '{n} remitteringer' },
    clients: { one: '{n} klient', other: '{n} klienter' },
  },
  en: {
    attention: { one: '{n} thing needs you', other: '{n} things need you' },
    sync_failed: { one: '{n} sync with Go failed', other: '{n} syncs with Go failed' },
    not_sent: { one: '{n} overdue invoice waits for approval in Inkasso → Utkast', other: '{n} overdue invoices wait for approval in Inkasso → Utkast' },
    dunning_mismatch: { one: '{n} case has a dunning difference', other: '{n} cases have a dunning difference' },
    remittance_failed: { one: '{n} remittance was not posted', other: '{n} remittances were not posted' },
    pending_registration: { one: 'The registration is not finished', other: 'The registration is not finished' },
    cases: { one: '{n} case', other: '{n} cases' },
    invoices: { one: '{n} invoice', other: '{n} invoices' },
    remittances: { one: '{n} remittance', other: '{n} remittances' },
    clients: { one: '{n} client', other: '{n} clients' },
  },
};

const statusWords: Record<Locale, Record<RemittanceDetail['status'], string>> = {
  nb: { posting: 'under bokføring', posted: 'bokført', invoiced: 'bokført, fakturert', settled: 'oppgjort uten bilag', failed: 'feilet' },
  en: { posting: 'being posted', posted: 'posted', invoiced: 'posted, invoiced', settled: 'settled without voucher', failed: 'failed' },
};

const tables: Record<Locale, Record<OverviewKey, string>> = { nb, en };
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

export type OT = {
  (key: OverviewKey, vars?: Record<string, string | number>): string;
  count(what: keyof (typeof counted)['nb'], n: number): string;
  status(s: RemittanceDetail['status']): string;
  locale: Locale;
};

export function overviewTranslator(locale: Locale): OT {
  const rules = new Intl.PluralRules(locale === 'nb' ? 'nb-NO' : 'en-GB');
  const t = ((key: OverviewKey, vars: Record<string, string | number> = {}) => fill(tables[locale][key], vars)) as OT;
  t.count = (what, n) => fill(counted[locale][what][rules.select(n) === 'one' ? 'one' : 'other'], { n });
  t.status = (s) => statusWords[locale][s];
  t.locale = locale;
  return t;
}

/** An instant as dd.mm.åååå hh:mm, Europe/Oslo. */
export function instantText(locale: Locale, iso: string): string {
  const d = new Date(iso);
  const zone = { timeZone: 'Europe/Oslo' } as const;
  const day = new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { ...zone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)} ${time}`;
}

/** "november 2026" / "November 2026" for a book date's month. */
export function monthName(locale: Locale, date: string): string {
  const d = new Date(`${date.slice(0, 7)}-15T12:00:00Z`);
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' }).format(d);
}
