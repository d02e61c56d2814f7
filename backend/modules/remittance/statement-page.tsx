/** @jsxImportSource hono/jsx */
// The avregningsoppgave as a printable HTML page, laid out by the pages' one layout; every text
// (creditor, case and account names from Go) escaped by hono/jsx.
import { formatOre } from '@shared/money';
import type { RemittanceDetail } from '@shared/api';
import { documentOf, Layout } from '../../http/page-layout';

export type StatementPageInput = {
  r: RemittanceDetail;
  title: string;
  /** The document's one name (statementName). */
  heading: string;
  facts: [string, string][];
  notices: string[];
  totals: [string, number][];
  lineText: (l: RemittanceDetail['lines'][number]) => string;
  nbDate: (d: string) => string;
};

const css = 'body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;line-height:1.4}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%;margin:.6rem 0}td,th{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th[scope=row]{width:14rem;font-weight:600}.n{text-align:right;white-space:nowrap}.notice{background:#fff6dd;border-left:4px solid #b58100;padding:.5rem .8rem}@media print{body{margin:0}}';

const Money = ({ ore }: { ore: number }) => <td class="n">{ore ? formatOre(ore) : ''}</td>;

function StatementPage({ r, title, heading, facts, notices, totals, lineText, nbDate }: StatementPageInput) {
  return (
    <Layout title={title} styles={css}>
      <h1>{heading}</h1>
      <table class="facts"><tbody>{facts.map(([k, v]) => <tr><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody></table>
      {notices.map((n) => <p class="notice">{n}</p>)}
      <h2>Innbetalinger</h2>
      <table>
        <thead><tr><th>Dato</th><th>Sak</th><th class="n">Beløp</th><th class="n">Salær/gebyr</th><th class="n">Rente</th><th class="n">Hovedstol</th></tr></thead>
        <tbody>
          {r.payments.map((p) => (
            <tr><td>{nbDate(p.paidAt)}</td><td>{p.caseNo}</td><td class="n">{formatOre(p.amountOre)}</td><td class="n">{formatOre(p.costsOre)}</td><td class="n">{formatOre(p.interestOre)}</td><td class="n">{formatOre(p.principalOre)}</td></tr>
          ))}
        </tbody>
      </table>
      {r.directPayments.length ? (
        <>
          <h2>Direktebetalinger belastet provisjon</h2>
          <ul>{r.directPayments.map((d) => <li>Sak {d.caseNo}: {d.text} – {formatOre(d.chargedOre)} kr</li>)}</ul>
        </>
      ) : null}
      <h2>Konteringsforslag</h2>
      <table>
        <thead><tr><th>Konto</th><th>Navn</th><th>Tekst</th><th class="n">Debet</th><th class="n">Kredit</th></tr></thead>
        <tbody>{r.lines.map((l) => <tr><td>{l.accountNo}</td><td>{l.accountName}</td><td>{lineText(l)}</td><Money ore={l.debitOre} /><Money ore={l.creditOre} /></tr>)}</tbody>
      </table>
      <h2>Sammendrag</h2>
      <table><tbody>{totals.map(([k, v]) => <tr><td>{k}</td><td class="n">{formatOre(v)}</td></tr>)}</tbody></table>
      <h2>Saker</h2>
      <ul>{r.cases.map((c) => <li>{c.caseNo}{c.closed ? ' – avsluttet' : ''}</li>)}</ul>
    </Layout>
  );
}

export const renderStatementPage = (input: StatementPageInput): Promise<string> => documentOf(<StatementPage {...input} />);
