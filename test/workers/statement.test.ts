// The avregningsoppgave's PDF is made by the same code in workerd as on Node (jsPDF with its table
// plugin, standard fonts, no fs): here it is made inside workerd and read back with pdf-lib.
import { expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { RemittanceDetail } from '@shared/api';
import { statementPdf } from '@backend/modules/remittance/statement';

const detail: RemittanceDetail = {
  id: 'r1', date: '2026-11-28', status: 'posted', payoutOre: 21_118_356, goVoucherNo: 1007, creditorId: 'c1', externalImportReference: 'modhi-rem-r1',
  goVoucherId: 'v1', postedAt: '2026-11-28T09:00:00.000Z', provisionalRate: true, agencyInvoiceOre: 0,
  totals: { principalOre: 24_000_000, interestOre: 118_356, costsOre: 3_750, commissionOre: 2_400_000, vatOre: 600_000, creditorSalaerOre: 0, roundingOre: 0, payoutOre: 21_118_356, agencyInvoiceOre: 0 },
  lines: [{ accountNo: '1920', accountName: 'Bankinnskudd', debitOre: 21_118_356, creditOre: 0, text: 'Remittering fra inkassobyrå' }],
  payments: Array.from({ length: 90 }, (_, i) => ({ id: `p${i}`, caseId: 'k1', caseNo: `2026-${String(i).padStart(6, '0')}`, paidAt: '2026-11-28', amountOre: 24_122_106, costsOre: 3_750, interestOre: 118_356, principalOre: 24_000_000 })),
  directPayments: [],
  cases: [{ id: 'k1', caseNo: '2026-000001', stage: 'paid', closed: true }],
};

it('lays out a multi-page avregningsoppgave in workerd', async () => {
  const bytes = await statementPdf(detail, { name: 'Conecto AS', orgNo: '917757046', vatDeductible: true });
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const doc = await PDFDocument.load(bytes);
  expect(doc.getPageCount()).toBeGreaterThan(1);
  expect(doc.getTitle()).toBe('Avregningsoppgave 28.11.2026 Conecto AS');
});
