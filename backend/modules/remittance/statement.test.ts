// The statement and the CSV: data is escaped, amounts are nb-NO, the CSV opens in Excel (BOM, `;`,
// quoted cells), the PDF is a PDF that carries the figures, and the provisional-rate notice shows.
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { RemittanceDetail } from '@shared/api';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOrePlain } from '@shared/money';
import { provisionalNotice, remittancesCsv, statementHtml, statementPdf, vatText } from '@backend/modules/remittance/statement';

/** The PDF's text as poppler's pdftotext reads it, with the layout kept. */
function pdfText(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'statement-')), 's.pdf');
  writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const detail: RemittanceDetail = {
  id: 'r1', date: '2026-11-28', status: 'posted', payoutOre: 21_118_356, goVoucherNo: 1007, creditorId: 'c1', externalImportReference: 'modhi-rem-r1',
  goVoucherId: 'v1', postedAt: '2026-11-28T09:00:00.000Z', provisionalRate: true, agencyInvoiceOre: 0,
  totals: { principalOre: 24_000_000, interestOre: 118_356, costsOre: 3_750, commissionOre: 2_400_000, vatOre: 600_000, creditorSalaerOre: 0, roundingOre: 0, payoutOre: 21_118_356, agencyInvoiceOre: 0 },
  lines: [
    { accountNo: '1920', accountName: 'Bankinnskudd', debitOre: 21_118_356, creditOre: 0, text: 'Remittering fra inkassobyrå' },
    { accountNo: '1500', accountName: 'Kundefordringer', debitOre: 0, creditOre: 24_000_000, customerNo: '10018', invoiceNo: 21, text: 'Innbetalt faktura 21' },
  ],
  payments: [{ id: 'p1', caseId: 'k1', caseNo: '2026-000001', paidAt: '2026-11-28', amountOre: 24_122_106, costsOre: 3_750, interestOre: 118_356, principalOre: 24_000_000 }],
  directPayments: [],
  cases: [{ id: 'k1', caseNo: '2026-000001', stage: 'paid', closed: true }],
};

describe('statement', () => {
  it('HTML escapes the creditor name and shows figures, voucher number and the provisional notice', async () => {
    const html = await statementHtml(detail, { name: 'Conecto <AS> & "co"', orgNo: '917757046' });
    expect(html).toContain('Conecto &lt;AS&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<AS>');
    expect(html).toContain('211\u00a0183,56');
        expect(html).toContain('<th scope="row">Bilagsnr. i PowerOffice GO</th><td>1007</td>');
    expect(html).toContain('<th scope="row">Periode</th><td>28.11.2026 – 28.11.2026</td>');
    expect(html).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
    expect(html).toContain('Foreløpig rente');
    expect(await statementHtml({ ...detail, provisionalRate: false }, { name: 'X', orgNo: '1' })).not.toContain('Foreløpig rente');
  });

  it('PDF: a one-page document titled with the creditor', async () => {
    const bytes = await statementPdf(detail, { name: 'Conecto AS', orgNo: '917757046' });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Avregningsoppgave 28.11.2026 Conecto AS');
  });

  it('PDF: its text (pdftotext) has the period, every figure, the Go voucher number, the notices and the VAT text, whole', async () => {
    const text = pdfText(await statementPdf(detail, { name: 'Conecto AS', orgNo: '917757046', vatDeductible: true }));
    expect(text).toContain('Avregningsoppgave');
    expect(text).toMatch(/Periode\s+28\.11\.2026 - 28\.11\.2026/);
    expect(text).toMatch(/Bilagsnr\. i PowerOffice GO\s+1007/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const figures = [
      ...Object.values(detail.totals),
      ...detail.lines.flatMap((l) => [l.debitOre, l.creditOre]),
      ...detail.payments.flatMap((p) => [p.amountOre, p.costsOre, p.interestOre, p.principalOre]),
    ].filter(Boolean);
    for (const o of figures) expect(text).toContain(formatOrePlain(o));
    // Notices wrap onto more lines; joined again they are the whole sentence.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(provisionalNotice);
    expect(flat).toContain(vatText(detail, { name: 'Conecto AS', orgNo: '917757046', vatDeductible: true }).replace(/\u00a0/g, ' '));
    expect(flat).toContain('Side 1 av 1');
  });

  it('PDF: a creditor without VAT deduction is told the VAT is a cost', async () => {
    const flat = pdfText(await statementPdf(detail, { name: 'Conecto AS', orgNo: '917757046', vatDeductible: false })).replace(/\s+/g, ' ');
    expect(flat).toContain('ikke fradragsrett');
  });

  it('PDF: many payments flow onto more pages, each page numbered, every payment on some page', async () => {
    const payments = Array.from({ length: 120 }, (_, i) => ({ ...detail.payments[0]!, id: `p${i}`, caseNo: `2026-${String(i).padStart(6, '0')}` }));
    const bytes = await statementPdf({ ...detail, payments }, { name: 'Conecto AS', orgNo: '917757046' });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    const text = pdfText(bytes);
    for (const p of payments) expect(text).toContain(p.caseNo);
    expect(text).toContain(`Side ${doc.getPageCount()} av ${doc.getPageCount()}`);
  });

  it('PDF: a long creditor name and line text wrap instead of being cut', async () => {
    const name = 'Et svært langt firmanavn for en kreditor som ikke får plass på én linje i avregningsoppgaven AS';
    const long = { ...detail, lines: detail.lines.map((l) => ({ ...l, text: `${l.text} med en lang forklaring som går over flere linjer i tabellen uten å bli kuttet` })) };
    const flat = pdfText(await statementPdf(long, { name, orgNo: '917757046' })).replace(/\s+/g, ' ');
    expect(flat).toContain(name);
    expect(flat).toContain('uten å bli kuttet');
  });

  it('CSV: BOM, semicolons, nb-NO amounts, CRLF, and quoted cells', () => {
    const csv = remittancesCsv([
      { date: '2026-11-28', status: 'posted', payoutOre: 21_118_356, agencyInvoiceOre: 0, goVoucherNo: 1007, externalImportReference: 'modhi-rem-r1', totals: detail.totals },
      { date: '2026-11-29', status: 'invoiced', payoutOre: 0, agencyInvoiceOre: 12_500, goVoucherNo: null, externalImportReference: 'a;"b"', totals: {} },
    ]);
    expect(csv).toBe(
      '\uFEFFDato;Status;Bilagsnr. i PowerOffice GO;Hovedstol;Rente;Provisjon;MVA;Utbetalt;Fakturert;Referanse\r\n' +
        '28.11.2026;Bokført;1007;240 000,00;1 183,56;24 000,00;6 000,00;211 183,56;0,00;modhi-rem-r1\r\n' +
        '29.11.2026;Bokført, fakturert;;0,00;0,00;0,00;0,00;0,00;125,00;"a;""b"""\r\n',
    );
  });
});
