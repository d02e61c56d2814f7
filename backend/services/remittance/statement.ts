// The remittance statement (oppgjørsoppstilling) the accountant files with the voucher: printable
// HTML and a PDF made with pdf-lib (pure JS, so it runs on the edge too), and the CSV export
// (semicolon-separated, nb-NO amounts, UTF-8 BOM so Excel opens it right).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatOre, formatOrePlain } from '@shared/money';
import type { RemittanceDetail } from '@shared/api';

export type StatementParty = { name: string; orgNo: string };

const statusText: Record<RemittanceDetail['status'], string> = {
  posting: 'Under bokføring i PowerOffice GO',
  posted: 'Bokført i PowerOffice GO',
  invoiced: 'Bokført; inkassobyrået fakturerer differansen',
  settled: 'Oppgjort uten bilag: innbetalingene dekket bare gebyrer og salær som inkassobyrået beholder',
  failed: 'Feilet',
};

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function period(r: RemittanceDetail): string {
  const dates = [...r.payments.map((p) => p.paidAt)].sort();
  return dates.length ? `${dates[0]} – ${dates[dates.length - 1]}` : r.date;
}

/** Overpayments in this run's payments: the agency holds them, the payout leaves them out. */
const heldSurplus = (r: RemittanceDetail) => r.payments.reduce((s, p) => s + (p.surplusOre ?? 0), 0);

function totalRows(r: RemittanceDetail): [string, number][] {
  const t = r.totals;
  const rows: [string, number][] = [
    ['Innbetalt hovedstol', t.principalOre],
    ['Forsinkelsesrente til kreditor', t.interestOre],
    ['Salær og gebyrer beholdt av byrået', t.costsOre],
    ['Provisjon', t.commissionOre],
    ['Merverdiavgift 25 %', t.vatOre],
  ];
  if (t.creditorSalaerOre) rows.push(['Salær belastet kreditor', t.creditorSalaerOre]);
  if (t.roundingOre) rows.push(['Øreavrunding', t.roundingOre]);
  rows.push(['Utbetales kreditor', t.payoutOre]);
  if (t.agencyInvoiceOre) rows.push(['Faktureres kreditor', t.agencyInvoiceOre]);
  return rows;
}

const provisionalNotice = 'Foreløpig rente: forsinkelsesrenten i oppgjøret er regnet med siste kjente sats fordi den offisielle satsen ikke var lagt inn.';
const surplusNotice = (ore: number) => `Overbetaling ${formatOre(ore)} kr er holdt tilbake av inkassobyrået (tilbakebetales skyldner eller flyttes til en annen sak) og er ikke med i utbetalingen.`;

export function statementHtml(r: RemittanceDetail, creditor: StatementParty): string {
  const money = (o: number) => `<td class="n">${o ? formatOre(o) : ''}</td>`;
  const lineRows = r.lines
    .map((l) => `<tr><td>${esc(l.accountNo)}</td><td>${esc(l.accountName)}</td><td>${esc(l.text)}${l.invoiceNo !== undefined ? ` (kunde ${esc(l.customerNo ?? '')})` : ''}</td>${money(l.debitOre)}${money(l.creditOre)}</tr>`)
    .join('');
  const paymentRows = r.payments
    .map((p) => `<tr><td>${esc(p.paidAt)}</td><td>${esc(p.caseNo)}</td><td class="n">${formatOre(p.amountOre)}</td><td class="n">${formatOre(p.costsOre)}</td><td class="n">${formatOre(p.interestOre)}</td><td class="n">${formatOre(p.principalOre)}</td></tr>`)
    .join('');
  const directRows = r.directPayments.map((d) => `<li>Sak ${esc(d.caseNo)}: ${esc(d.text)} – ${formatOre(d.chargedOre)} kr</li>`).join('');
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Oppgjørsoppstilling ${esc(r.date)} – ${esc(creditor.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left}.n{text-align:right;white-space:nowrap}@media print{body{margin:0}}</style></head><body>
<h1>Oppgjørsoppstilling</h1>
<p>Kreditor: <strong>${esc(creditor.name)}</strong> (org.nr. ${esc(creditor.orgNo)})<br>Remitteringsdato: ${esc(r.date)} · Periode: ${esc(period(r))}<br>
Status: ${esc(statusText[r.status])}${r.goVoucherNo !== null ? ` · Bilagsnr. i PowerOffice GO: ${r.goVoucherNo}` : ''}<br>Referanse: ${esc(r.externalImportReference)}</p>
${r.provisionalRate ? `<p><strong>${esc(provisionalNotice)}</strong></p>` : ''}
${heldSurplus(r) ? `<p>${esc(surplusNotice(heldSurplus(r)))}</p>` : ''}
<h2>Innbetalinger</h2><table><thead><tr><th>Dato</th><th>Sak</th><th class="n">Beløp</th><th class="n">Salær/gebyr</th><th class="n">Rente</th><th class="n">Hovedstol</th></tr></thead><tbody>${paymentRows}</tbody></table>
${directRows ? `<h2>Direktebetalinger belastet provisjon</h2><ul>${directRows}</ul>` : ''}
<h2>Konteringsforslag</h2><table><thead><tr><th>Konto</th><th>Navn</th><th>Tekst</th><th class="n">Debet</th><th class="n">Kredit</th></tr></thead><tbody>${lineRows}</tbody></table>
<h2>Sammendrag</h2><table><tbody>${totalRows(r).map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${formatOre(v)}</td></tr>`).join('')}</tbody></table>
<h2>Saker</h2><ul>${r.cases.map((c) => `<li>${esc(c.caseNo)}${c.closed ? ' – avsluttet' : ''}</li>`).join('')}</ul>
</body></html>`;
}

/** pdf-lib's standard fonts are WinAnsi: keep Norwegian letters, replace anything else. */
const winAnsi = (s: string) => s.replace(/\u2212/g, '-').replace(/\u2013/g, '-').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

export async function statementPdf(r: RemittanceDetail, creditor: StatementParty): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Oppgjørsoppstilling ${r.date} ${creditor.name}`);
  doc.setCreator('Modhi inkasso');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage([595, 842]);
  let y = 800;
  const ensure = (h: number) => {
    if (y - h < 40) {
      page = doc.addPage([595, 842]);
      y = 800;
    }
  };
  const text = (s: string, x: number, size = 9, f: PDFFont = font) => page.drawText(winAnsi(s), { x, y, size, font: f, color: rgb(0, 0, 0) });
  const right = (s: string, xRight: number, size = 9) => {
    const t = winAnsi(s);
    page.drawText(t, { x: xRight - font.widthOfTextAtSize(t, size), y, size, font });
  };
  const row = (cells: [string, number][], amounts: [string, number][] = [], f: PDFFont = font) => {
    ensure(14);
    for (const [s, x] of cells) text(s.length > 60 ? `${s.slice(0, 57)}...` : s, x, 9, f);
    for (const [s, x] of amounts) right(s, x);
    y -= 13;
  };
  const heading = (s: string) => {
    ensure(30);
    y -= 8;
    text(s, 40, 12, bold);
    y -= 18;
  };
  text('Oppgjørsoppstilling', 40, 18, bold);
  y -= 26;
  row([[`Kreditor: ${creditor.name} (org.nr. ${creditor.orgNo})`, 40]]);
  row([[`Remitteringsdato: ${r.date}   Periode: ${period(r)}`, 40]]);
  row([[`Status: ${statusText[r.status]}${r.goVoucherNo !== null ? `   Bilagsnr. i PowerOffice GO: ${r.goVoucherNo}` : ''}`, 40]]);
  row([[`Referanse: ${r.externalImportReference}`, 40]]);
  if (r.provisionalRate) {
    row([['Foreløpig rente:', 40]], [], bold);
    row([[provisionalNotice.slice('Foreløpig rente: '.length), 40]]);
  }
  if (heldSurplus(r)) row([[`Overbetaling ${formatOre(heldSurplus(r))} kr holdt tilbake av byrået, ikke med i utbetalingen`, 40]]);
  const amount = (o: number) => (o ? formatOrePlain(o) : '');
  heading('Innbetalinger');
  row([['Dato', 40], ['Sak', 110]], [['Beløp', 330], ['Salær/gebyr', 410], ['Rente', 480], ['Hovedstol', 555]], bold);
  for (const p of r.payments) row([[p.paidAt, 40], [p.caseNo, 110]], [[amount(p.amountOre), 330], [amount(p.costsOre), 410], [amount(p.interestOre), 480], [amount(p.principalOre), 555]]);
  if (r.directPayments.length) {
    heading('Direktebetalinger belastet provisjon');
    for (const d of r.directPayments) row([[`Sak ${d.caseNo}`, 40]], [[amount(d.chargedOre), 555]]);
  }
  heading('Konteringsforslag');
  row([['Konto', 40], ['Tekst', 80]], [['Debet', 480], ['Kredit', 555]], bold);
  for (const l of r.lines) row([[l.accountNo, 40], [`${l.accountName}: ${l.text}${l.customerNo ? ` (kunde ${l.customerNo})` : ''}`, 80]], [[amount(l.debitOre), 480], [amount(l.creditOre), 555]]);
  heading('Sammendrag');
  for (const [k, v] of totalRows(r)) row([[k, 40]], [[formatOrePlain(v), 555]]);
  heading('Saker');
  row([[r.cases.map((c) => `${c.caseNo}${c.closed ? ' (avsluttet)' : ''}`).join(', ') || '-', 40]]);
  return doc.save();
}

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per remittance, as Excel in nb-NO expects: `;` between cells, `1 250,50` amounts. */
export function remittancesCsv(rows: { date: string; status: string; payoutOre: number; agencyInvoiceOre: number; goVoucherNo: number | null; externalImportReference: string; totals: Record<string, number> }[]): string {
  const header = ['Dato', 'Status', 'Bilagsnr', 'Hovedstol', 'Rente', 'Provisjon', 'MVA', 'Utbetalt', 'Fakturert', 'Referanse'];
  const lines = rows.map((r) =>
    [
      r.date, r.status, r.goVoucherNo === null ? '' : String(r.goVoucherNo), formatOrePlain(r.totals['principalOre'] ?? 0), formatOrePlain(r.totals['interestOre'] ?? 0),
      formatOrePlain(r.totals['commissionOre'] ?? 0), formatOrePlain(r.totals['vatOre'] ?? 0), formatOrePlain(r.payoutOre), formatOrePlain(r.agencyInvoiceOre), r.externalImportReference,
    ].map(csvCell).join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
