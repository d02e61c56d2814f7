/** @jsxImportSource hono/jsx */
// The accountant's view of one case (/cases/{id} after the page's login): debtor and kind, the
// claims with their invoices, stages and deadlines, the balance broken down, the letters sent (PDF),
// the timeline, and the actions on a claim (dispute, hold, resume, withdraw) as plain forms posted
// to this page. Rendered with hono/jsx, so every text from Go or the database is escaped by
// construction; no script runs on the page.
import type { Child } from 'hono/jsx';
import type { CaseClaim, CaseDetail } from '@shared/api';
import { toNorwegian, type BookDate } from '@shared/dates';
import { formatOre } from '@shared/money';
import { stripBidi } from '@shared/text';
import { isClosedStage } from '@shared/stages';
import { documentOf, Layout } from '../../http/page-layout';

export type CaseLetter = { id: string; kind: 'notice' | 'demand'; sentAt: string; deadline: string; invoiceNos: number[] };
export type CaseViewInput = { detail: CaseDetail; letters: CaseLetter[]; userName: string; message?: string | null };

const css = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f6f8;color:#1c2833;line-height:1.45}
main{max-width:64rem;margin:1.5rem auto;background:#fff;padding:1.5rem 2rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0002}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.meta{color:#445;margin:.2rem 0 1rem}.pill{display:inline-block;padding:.05rem .5rem;border-radius:999px;background:#e8f0fb;color:#0b3d7a;font-weight:600;font-size:.9rem}
.warn{background:#fff4e0;border:1px solid #f0c36d;padding:.5rem .8rem;border-radius:4px}
.ok{background:#e9f7ee;border:1px solid #8fd1a5;padding:.5rem .8rem;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;text-align:left;vertical-align:top;border-bottom:1px solid #e3e7eb}
th{font-size:.85rem;color:#445;font-weight:600}.n{text-align:right;white-space:nowrap}.sum th,.sum td{border-top:2px solid #1c2833;font-weight:700}
.sub td{color:#445;font-size:.9rem}.sub td:first-child{padding-left:1.5rem}
details{margin:.3rem 0}summary{cursor:pointer;color:#0b5cab}form.action{display:flex;gap:.4rem;flex-wrap:wrap;align-items:center;margin:.3rem 0}
label{font-size:.9rem}input[type=text]{padding:.3rem;font:inherit;min-width:16rem;border:1px solid #aab;border-radius:4px}
button{font:inherit;padding:.3rem .8rem;border-radius:4px;border:1px solid #0b5cab;background:#fff;color:#0b5cab;cursor:pointer}
button.danger{border-color:#a11;color:#a11}ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.2rem 0}
form.inline{display:inline}a{color:#0b5cab}
form.login{display:flex;flex-direction:column;gap:.3rem;max-width:22rem}form.login input{padding:.4rem;font:inherit;border:1px solid #aab;border-radius:4px}form.login button{align-self:flex-start;margin-top:.6rem}
`;

const kr = (ore: number) => `${formatOre(ore)} kr`;
const day = (d: string | null) => (d ? toNorwegian(d as BookDate) : '');
const text = (s: string) => stripBidi(s);
/** Timeline texts were written with ISO dates: shown as dd.mm.åååå like every other date here. */
const isoToNorwegian = (s: string) => text(s).replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3.$2.$1');

/** The next step is a stage's label ("Betalingsoppfordring sendt"): said as what will happen. */
const future = (label: string) => text(label).toLowerCase().replace(/ sendt$/, ' sendes').replace(/^rettslig inndrivelse$/, 'rettslig inndrivelse starter');

const claimState: Record<CaseClaim['state'], string> = { open: 'Åpen', paid: 'Betalt', credited: 'Kreditert', written_off: 'Avskrevet', withdrawn: 'Trukket fra inkasso' };

function Breakdown({ d }: { d: CaseDetail }) {
  const b = d.breakdown;
  return (
    <table class="breakdown" aria-label="Saldoen fordelt">
      <tbody>
        <tr><td>Hovedstol</td><td class="n">{kr(b.principalOre)}</td></tr>
        <tr><td>Renter</td><td class="n">{kr(b.interestOre)}</td></tr>
        {b.interest.map((l) => (
          <tr class="sub">
            <td>{l.kind === 'booked' ? `Renter bokført til ${day(l.to)}` : `Faktura ${l.invoiceNo}: ${day(l.from ?? null)}–${day(l.to)}, ${l.days} dager à ${String(l.ratePct).replace('.', ',')} %${l.provisional ? ' (foreløpig sats)' : ''}`}</td>
            <td class="n">{kr(l.interestOre)}</td>
          </tr>
        ))}
        <tr><td>Gebyrer</td><td class="n">{kr(b.feesOre)}</td></tr>
        <tr><td>Salær</td><td class="n">{kr(b.salaerOre)}</td></tr>
        <tr><td>Innbetalt</td><td class="n">{kr(-b.paidOre)}</td></tr>
        {b.writtenOffOre ? <tr><td>Avskrevet</td><td class="n">{kr(-b.writtenOffOre)}</td></tr> : null}
        {b.withdrawnOre ? <tr><td>Trukket fra inkasso</td><td class="n">{kr(-b.withdrawnOre)}</td></tr> : null}
        <tr class="sum"><th scope="row">Saldo</th><td class="n">{kr(b.balanceOre)}</td></tr>
      </tbody>
    </table>
  );
}

function ClaimActions({ caseId, c, closed }: { caseId: string; c: CaseClaim; closed: boolean }) {
  if (closed || c.state === 'withdrawn') return null;
  const form = (action: string, label: string, hint: string, danger = false): Child => (
    <form class="action" method="post" action={`/cases/${caseId}/claims/${c.invoiceNo}/${action}`}>
      <label for={`r-${action}-${c.invoiceNo}`}>{hint}</label>
      <input id={`r-${action}-${c.invoiceNo}`} name="reason" type="text" required maxlength={500} />
      <button class={danger ? 'danger' : ''}>{label}</button>
    </form>
  );
  return (
    <details>
      <summary>Handlinger for faktura {c.invoiceNo}</summary>
      {c.hold
        ? form('resume', 'Gjenoppta', 'Hvorfor inndrivingen kan fortsette:')
        : c.state === 'open'
          ? [form('dispute', 'Registrer innsigelse', 'Skyldner bestrider kravet fordi:'), form('hold', 'Sett på vent', 'Hvorfor kravet skal vente:')]
          : null}
      {form('withdraw', 'Trekk fra inkasso', 'Hvorfor kravet trekkes:', true)}
    </details>
  );
}

function Claims({ d }: { d: CaseDetail }) {
  const closed = isClosedStage(d.stage);
  return (
    <table class="claims">
      <thead><tr><th>Faktura</th><th>Forfall</th><th>Steg</th><th>Inkassovarsel</th><th>Betalingsoppfordring</th><th class="n">Hovedstol</th><th class="n">Åpent</th></tr></thead>
      <tbody>
        {d.claims.map((c) => [
          <tr>
            <td>Faktura {c.invoiceNo}<br /><small>{claimState[c.state]}</small></td>
            <td>{day(c.dueDate)}</td>
            <td>{text(c.stageLabel)}{c.hold ? <><br /><strong>{c.hold === 'disputed' ? 'Bestridt – stanset' : 'På vent'}</strong>{c.holdReason ? `: ${text(c.holdReason)}` : ''}</> : null}{c.nextStep && c.nextStepDate ? <><br /><small>Neste steg: {future(c.nextStep)} {day(c.nextStepDate)}</small></> : null}</td>
            <td>{c.noticeSentAt ? `${day(c.noticeSentAt)}, frist ${day(c.noticeDeadline)}` : '–'}</td>
            <td>{c.demandSentAt ? `${day(c.demandSentAt)}, frist ${day(c.demandDeadline)}` : '–'}</td>
            <td class="n">{kr(c.principalOre)}</td>
            <td class="n">{kr(c.openOre)}</td>
          </tr>,
          <tr><td colspan={7}><ClaimActions caseId={d.id} c={c} closed={closed} /></td></tr>,
        ])}
      </tbody>
    </table>
  );
}

export function CaseView({ detail: d, letters, userName, message }: CaseViewInput) {
  return (
    <Layout title={`Sak ${d.caseNo} – Modhi inkasso`} styles={css}>
        <main>
          <header>
            <h1>Inkassosak {d.caseNo}</h1>
            <p>Innlogget som {text(userName)} <form class="inline" method="post" action="/cases/logout"><button>Logg ut</button></form></p>
          </header>
          <p class="meta">
            {text(d.debtor.name)} (kundenr. {text(d.debtor.customerNo)}) · {d.debtor.kind === 'business' ? 'næringsdrivende' : 'forbruker'}{d.debtor.orgNo ? ` · org.nr. ${text(d.debtor.orgNo)}` : ''}
            <br /><span class="pill">{text(d.stageLabel)}</span> Saldo <strong>{kr(d.balanceOre)}</strong>{d.nextStep && d.nextStepDate ? ` · Neste steg: ${future(d.nextStep)} ${day(d.nextStepDate)}` : ''}
          </p>
          {message ? <p class="ok" role="status">{message}</p> : null}
          {d.provisionalRate ? <p class="warn"><strong>Foreløpig rente:</strong> forsinkelsesrenten{d.provisionalHalves.length ? ` for ${d.provisionalHalves.join(', ')}` : ''} er ikke kunngjort ennå; saldoen regnes med siste kjente sats til den offisielle er lagt inn.</p> : null}
          <h2>Saldo</h2>
          <Breakdown d={d} />
          <h2>Krav</h2>
          <Claims d={d} />
          <p><small>Har skyldner betalt direkte til dere? Registrer innbetalingen i PowerOffice GO og match den mot fakturaen; neste synkronisering tar den med i saken.</small></p>
          <h2>Brev sendt</h2>
          {letters.length === 0 ? <p>Ingen brev sendt ennå.</p> : (
            <ul>{letters.map((l) => <li><a href={`/cases/${d.id}/letters/${l.id}.pdf`}>{l.kind === 'notice' ? 'Inkassovarsel' : 'Betalingsoppfordring'} {day(l.sentAt)}</a> (faktura {l.invoiceNos.join(', ')}, frist {day(l.deadline)})</li>)}</ul>
          )}
          <h2>Tidslinje</h2>
          <ol class="timeline">{d.timeline.map((e) => <li>{day(e.at)} – {isoToNorwegian(e.text)}{e.amountOre !== null ? ` (${kr(e.amountOre)})` : ''}</li>)}</ol>
        </main>
    </Layout>
  );
}

/** The page as an HTML document. */
export const renderCaseView = (input: CaseViewInput): Promise<string> => documentOf(<CaseView {...input} />);

/** The case page's login: the same form for every id, so it does not tell whether the case exists. */
export function renderCaseLogin(caseId: string, error?: string): Promise<string> {
  return documentOf(
    <Layout title="Logg inn – Modhi inkasso" styles={css}>
      <main>
        <h1>Logg inn for å se saken</h1>
        <p>Saken vises bare for innloggede brukere med tilgang til kreditoren.</p>
        {error ? <p class="warn" role="alert">{error}</p> : null}
        <form class="login" method="post" action={`/cases/${caseId}/login`}>
          <label for="email">E-post</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
          <label for="password">Passord</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button>Logg inn</button>
        </form>
      </main>
    </Layout>,
  );
}

/** A short page that says what happened (refused, not found, logged out), with the way back. */
export function renderCaseMessage(title: string, lines: { heading: string; body?: string; back?: string }): Promise<string> {
  return documentOf(
    <Layout title={`${title} – Modhi inkasso`} styles={css}>
      <main>
        <h1>{lines.heading}</h1>
        {lines.body ? <p>{lines.body}</p> : null}
        {lines.back ? <p><a href={`/cases/${lines.back}`}>Tilbake til saken</a></p> : null}
      </main>
    </Layout>,
  );
}
