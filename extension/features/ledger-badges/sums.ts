// What is with the agency per customer, shown on each customer's header row: each open case
// counted once, at its latest figures. Worked out again only when the statuses or the table changed.
import type { Ledger, LedgerCustomer } from '@/lib/adapters/go';
import { el } from '@/lib/ui';
import type { LedgerStatuses } from './statuses';
import type { Words } from './words';

export function sumByCustomer(ledger: Ledger, statuses: LedgerStatuses): Map<LedgerCustomer, number> {
  const casesOf = new Map<LedgerCustomer, Set<string>>();
  for (const inv of ledger.invoices) {
    const item = statuses.get(inv.invoiceNo);
    if (!inv.customer || item?.state !== 'in_case' || !item.caseId) continue;
    const cases = casesOf.get(inv.customer) ?? new Set<string>();
    cases.add(item.caseId);
    casesOf.set(inv.customer, cases);
  }
  return new Map([...casesOf].map(([customer, ids]) => [customer, [...ids].reduce((a, id) => a + (statuses.case(id)?.balanceOre ?? 0), 0)]));
}

/** The sums of the latest render, kept until an answer is taken or Go's table is read anew. */
export class CustomerSums {
  private sums = new Map<LedgerCustomer, number>();
  private from: { ledger: Ledger; revision: number } | null = null;

  of(ledger: Ledger, statuses: LedgerStatuses): Map<LedgerCustomer, number> {
    if (this.from?.ledger !== ledger || this.from.revision !== statuses.revision) {
      this.sums = sumByCustomer(ledger, statuses);
      this.from = { ledger, revision: statuses.revision };
    }
    return this.sums;
  }
}

export function sumLabel(doc: Document, w: Words, totalOre: number): HTMLElement {
  return el(doc, 'span', { class: 'sum' }, w.t('withAgency', { amount: w.money(totalOre) }));
}
