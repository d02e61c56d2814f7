// The statement and the CSV: data is escaped, amounts are nb-NO, the CSV opens in Excel (BOM, `;`,
// quoted cells), the PDF is a PDF that carries the figures, and the provisional-rate notice shows.
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { RemittanceDetail } from '@shared/api';
import { remittancesCsv, statementHtml, statementPdf } from '@backend/services/remittance/statement';

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
  it('HTML escapes the creditor name and shows figures, voucher number and the provisional notice', () => {
    const html = statementHtml(detail, { name: 'Conecto <AS> & "co"', orgNo: '917757046' });
    expect(html).toContain('Conecto &#60;AS&#62; &#38; &#34;co&#34;');
    expect(html).not.toContain('<AS>');
    expect(html).toContain('211\u00a0183,56');
    expect(html).toContain('Bilagsnr. i PowerOffice GO: 1007');
    expect(html).toContain('Foreløpig rente');
    expect(statementHtml({ ...detail, provisionalRate: false }, { name: 'X', orgNo: '1' })).not.toContain('Foreløpig rente');
  });

  it('PDF: a one-page document titled with the creditor', async () => {
    const bytes = await statementPdf(detail, { name: 'Conecto AS', orgNo: '917757046' });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Oppgjørsoppstilling 2026-11-28 Conecto AS');
  });

  it('PDF: many payments flow onto more pages', async () => {
    const payments = Array.from({ length: 120 }, (_, i) => ({ ...detail.payments[0]!, id: `p${i}` }));
    const doc = await PDFDocument.load(await statementPdf({ ...detail, payments }, { name: 'Conecto AS', orgNo: '917757046' }));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });

  it('CSV: BOM, semicolons, nb-NO amounts, CRLF, and quoted cells', () => {
    const csv = remittancesCsv([
      { date: '2026-11-28', status: 'posted', payoutOre: 21_118_356, agencyInvoiceOre: 0, goVoucherNo: 1007, externalImportReference: 'modhi-rem-r1', totals: detail.totals },
      { date: '2026-11-29', status: 'invoiced', payoutOre: 0, agencyInvoiceOre: 12_500, goVoucherNo: null, externalImportReference: 'a;"b"', totals: {} },
    ]);
    expect(csv).toBe(
      '\uFEFFDato;Status;Bilagsnr;Hovedstol;Rente;Provisjon;MVA;Utbetalt;Fakturert;Referanse\r\n' +
        '2026-11-28;posted;1007;240 000,00;1 183,56;24 000,00;6 000,00;211 183,56;0,00;modhi-rem-r1\r\n' +
        '2026-11-29;invoiced;;0,00;0,00;0,00;0,00;0,00;125,00;"a;""b"""\r\n',
    );
  });
});
