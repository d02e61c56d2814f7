// The avregningsoppgave (the statement that explains one remittance), which the accountant files
// with the voucher: printable HTML, a PDF, and the CSV of a creditor's remittances.
//
// The PDF is laid out by jsPDF with its table plugin jspdf-autotable: every block (the heading
// facts, the notices, the tables) is a table whose cells wrap to the page width and whose rows flow
// onto new pages with the header row repeated, so no line is cut at a hand-placed coordinate.
// jsPDF carries the metrics of the 14 standard PDF fonts in its code (Helvetica covers æ, ø, å)
// and needs neither fs nor a DOM for text and tables, so the same code runs on Node and in workerd.
// (pdf-lib does no layout at all; pdfmake and pdfkit load their font files through fs.)
import { jsPDF } from 'jspdf';
import { autoTable, type RowInput } from 'jspdf-autotable';
import { formatOre, formatOrePlain } from '@shared/money';
import { toNorwegian, type BookDate } from '@shared/dates';
import type { RemittanceDetail } from '@shared/api';
import { renderStatementPage } from './statement-page';

export type StatementParty = { name: string; orgNo: string; vatDeductible?: boolean };

/** The document's one name, in the UI, the HTML, the PDF and the file names. */
export const statementName = 'Avregningsoppgave';

export const remittanceStatusText: Record<RemittanceDetail['status'], string> = {
  posting: 'Under bokføring i PowerOffice GO',
  posted: 'Bokført i PowerOffice GO',
  invoiced: 'Bokført; inkassobyrået fakturerer differansen',
  settled: 'Oppgjort uten bilag: innbetalingene dekket bare gebyrer og salær som inkassobyrået beholder',
  failed: 'Feilet',
};

/** Short status words for lists and the CSV. */
export const remittanceStatusShort: Record<RemittanceDetail['status'], string> = {
  posting: 'Under bokføring',
  posted: 'Bokført',
  invoiced: 'Bokført, fakturert',
  settled: 'Oppgjort uten bilag',
  failed: 'Feilet',
};

const nbDate = (d: string) => toNorwegian(d as BookDate);

/** The first and last payment date of the run, as dd.mm.åååå – dd.mm.åååå. */
export function statementPeriod(r: RemittanceDetail): string {
  const dates = [...r.payments.map((p) => p.paidAt)].sort();
  return dates.length ? `${nbDate(dates[0]!)} – ${nbDate(dates[dates.length - 1]!)}` : nbDate(r.date);
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

export const provisionalNotice = 'Foreløpig rente: forsinkelsesrenten i oppgjøret er regnet med siste kjente sats fordi den offisielle satsen ikke var lagt inn. Oppgjøret justeres når satsen er kjent.';
const surplusNotice = (ore: number) => `Overbetaling ${formatOre(ore)} kr er holdt tilbake av inkassobyrået (tilbakebetales skyldner eller flyttes til en annen sak) og er ikke med i utbetalingen.`;

/** What the accountant needs to know about VAT on this statement. */
export function vatText(r: RemittanceDetail, creditor: StatementParty): string {
  const base = `Merverdiavgift 25 % (${formatOre(r.totals.vatOre)} kr) er beregnet av inkassobyråets tjenester (provisjon og salær).`;
  const outside = 'Forsinkelsesrente og lovbestemte gebyrer er utenfor merverdiavgiftsområdet.';
  if (creditor.vatDeductible === false) return `${base} Kreditor har ikke fradragsrett for merverdiavgift, så avgiften er en kostnad. ${outside}`;
  return `${base} Kreditor har fradragsrett og fører avgiften som inngående merverdiavgift (konto 2710). ${outside}`;
}

type Facts = [string, string][];

function facts(r: RemittanceDetail, creditor: StatementParty): Facts {
  const rows: Facts = [
    ['Kreditor', `${creditor.name} (org.nr. ${creditor.orgNo})`],
    ['Remitteringsdato', nbDate(r.date)],
    ['Periode', statementPeriod(r)],
    ['Status', remittanceStatusText[r.status]],
    ['Bilagsnr. i PowerOffice GO', r.goVoucherNo !== null ? String(r.goVoucherNo) : 'Ikke bokført'],
  ];
  if (r.postedAt) rows.push(['Bokført', nbDate(r.postedAt.slice(0, 10))]);
  rows.push(['Utbetales kreditor', `${formatOre(r.totals.payoutOre)} kr`], ['Referanse', r.externalImportReference]);
  return rows;
}

function notices(r: RemittanceDetail, creditor: StatementParty): string[] {
  const out: string[] = [];
  if (r.provisionalRate) out.push(provisionalNotice);
  if (heldSurplus(r)) out.push(surplusNotice(heldSurplus(r)));
  out.push(vatText(r, creditor));
  return out;
}

const lineText = (l: RemittanceDetail['lines'][number]) => `${l.text}${l.customerNo !== undefined ? ` (kunde ${l.customerNo})` : ''}`;

/** The statement as a printable HTML page (statement-page.tsx lays it out). */
export function statementHtml(r: RemittanceDetail, creditor: StatementParty): Promise<string> {
  return renderStatementPage({ r, heading: statementName, title: `${statementName} ${nbDate(r.date)} – ${creditor.name}`, facts: facts(r, creditor), notices: notices(r, creditor), totals: totalRows(r), lineText, nbDate });
}

/** Helvetica in a PDF is WinAnsi: Norwegian letters stay, a no-break space becomes a space (so
 *  text extraction finds "1 250,50"), dashes become '-', anything else '?'. */
const winAnsi = (s: string) => s.replace(/\u00a0/g, ' ').replace(/[\u2212\u2013\u2014]/g, '-').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

export async function statementPdf(r: RemittanceDetail, creditor: StatementParty): Promise<Uint8Array> {
  const doc = new jsPDF({ unit: 'pt', format: 'a4', compress: true });
  doc.setProperties({ title: `${statementName} ${nbDate(r.date)} ${creditor.name}`, subject: `${statementName} for ${creditor.name}`, creator: 'Modhi inkasso' });
  doc.setLanguage('nb');
  const margin = { top: 48, bottom: 48, left: 40, right: 40 };
  const base = { margin, styles: { font: 'helvetica', fontSize: 9, cellPadding: 3, overflow: 'linebreak' as const, textColor: 20 }, headStyles: { fillColor: 235, textColor: 20, fontStyle: 'bold' as const } };
  let y = margin.top;
  const next = () => {
    y = (doc as jsPDF & { lastAutoTable: { finalY: number } }).lastAutoTable.finalY + 14;
  };
  const heading = (text: string, size = 12) => {
    autoTable(doc, { ...base, startY: y, theme: 'plain', body: [[winAnsi(text)]], styles: { ...base.styles, fontSize: size, fontStyle: 'bold', cellPadding: { top: 4, bottom: 2, left: 0, right: 0 } }, rowPageBreak: 'avoid' });
    next();
    y -= 10;
  };
  const amount = (o: number) => (o ? formatOrePlain(o) : '');
  const right = { halign: 'right' as const };

  heading(statementName, 18);
  autoTable(doc, { ...base, startY: y, theme: 'plain', body: facts(r, creditor).map(([k, v]) => [winAnsi(k), winAnsi(v)]), columnStyles: { 0: { fontStyle: 'bold', cellWidth: 150 } } });
  next();
  autoTable(doc, { ...base, startY: y, theme: 'plain', body: notices(r, creditor).map((n) => [winAnsi(n)]), styles: { ...base.styles, fillColor: [255, 246, 221] }, rowPageBreak: 'avoid' });
  next();

  heading('Innbetalinger');
  autoTable(doc, {
    ...base, startY: y, theme: 'striped',
    head: [['Dato', 'Sak', 'Beløp', 'Salær/gebyr', 'Rente', 'Hovedstol']],
    body: r.payments.map((p): RowInput => [nbDate(p.paidAt), winAnsi(p.caseNo), amount(p.amountOre), amount(p.costsOre), amount(p.interestOre), amount(p.principalOre)]),
    columnStyles: { 2: right, 3: right, 4: right, 5: right },
    didParseCell: (d) => { if (d.section === 'head' && d.column.index >= 2) d.cell.styles.halign = 'right'; },
  });
  next();
  if (r.directPayments.length) {
    heading('Direktebetalinger belastet provisjon');
    autoTable(doc, { ...base, startY: y, theme: 'striped', head: [['Sak', 'Tekst', 'Belastet']], body: r.directPayments.map((d) => [winAnsi(d.caseNo), winAnsi(d.text), amount(d.chargedOre)]), columnStyles: { 2: right } });
    next();
  }
  heading('Konteringsforslag');
  autoTable(doc, {
    ...base, startY: y, theme: 'striped',
    head: [['Konto', 'Navn', 'Tekst', 'Debet', 'Kredit']],
    body: r.lines.map((l) => [winAnsi(l.accountNo), winAnsi(l.accountName), winAnsi(lineText(l)), amount(l.debitOre), amount(l.creditOre)]),
    columnStyles: { 0: { cellWidth: 40 }, 3: { ...right, cellWidth: 70 }, 4: { ...right, cellWidth: 70 } },
    didParseCell: (d) => { if (d.section === 'head' && d.column.index >= 3) d.cell.styles.halign = 'right'; },
  });
  next();
  heading('Sammendrag');
  const totals = totalRows(r);
  const payoutRow = totals.findIndex(([k]) => k === 'Utbetales kreditor');
  autoTable(doc, { ...base, startY: y, theme: 'plain', body: totals.map(([k, v]) => [winAnsi(k), formatOrePlain(v)]), columnStyles: { 1: right }, didParseCell: (d) => { if (d.row.index === payoutRow) d.cell.styles.fontStyle = 'bold'; } });
  next();
  heading('Saker');
  autoTable(doc, { ...base, startY: y, theme: 'plain', body: [[winAnsi(r.cases.map((c) => `${c.caseNo}${c.closed ? ' (avsluttet)' : ''}`).join(', ') || '-')]] });

  const pages = doc.getNumberOfPages();
  for (let i = 1; i <= pages; i++) {
    doc.setPage(i);
    doc.setFont('helvetica', 'normal');
    doc.setFontSize(8);
    doc.setTextColor(90);
    const h = doc.internal.pageSize.getHeight();
    doc.text(winAnsi(`${statementName} ${nbDate(r.date)} – ${creditor.name}`), margin.left, h - 24);
    doc.text(`Side ${i} av ${pages}`, doc.internal.pageSize.getWidth() - margin.right, h - 24, { align: 'right' });
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per remittance, as Excel in nb-NO expects: `;` between cells, `1 250,50` amounts,
 *  dd.mm.åååå dates, Norwegian status words. */
export function remittancesCsv(rows: { date: string; status: RemittanceDetail['status']; payoutOre: number; agencyInvoiceOre: number; goVoucherNo: number | null; externalImportReference: string; totals: Record<string, number> }[]): string {
  const header = ['Dato', 'Status', 'Bilagsnr. i PowerOffice GO', 'Hovedstol', 'Rente', 'Provisjon', 'MVA', 'Utbetalt', 'Fakturert', 'Referanse'];
  const lines = rows.map((r) =>
    [
      nbDate(r.date), remittanceStatusShort[r.status], r.goVoucherNo === null ? '' : String(r.goVoucherNo), formatOrePlain(r.totals['principalOre'] ?? 0), formatOrePlain(r.totals['interestOre'] ?? 0),
      formatOrePlain(r.totals['commissionOre'] ?? 0), formatOrePlain(r.totals['vatOre'] ?? 0), formatOrePlain(r.payoutOre), formatOrePlain(r.agencyInvoiceOre), r.externalImportReference,
    ].map(csvCell).join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
