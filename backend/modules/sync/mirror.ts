// The mirror of Go's outgoing invoices (number, due date, balance, KID) that the ledger lookup
// answers from, and their debt-collection state as far as Go documents it.
import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { kronerToOre } from '@shared/money';
import type { AppDeps } from '../../deps';
import { caseInvoices, goInvoices, syncCursors } from '../../db/schema';
import { chunks, insertRows, runBatch } from '../../db/batch';
import type { GoClient } from '../../integrations/poweroffice/client';
import type { DebtCollectionInvoice } from '../../integrations/poweroffice/schemas';

const mirrorOverlapMs = 1_000;

/** Mirrors Go's outgoing invoices, asking only for those whose balance changed since the last read
 *  (Go documents no other change filter on OutgoingInvoices). Their debt-collection state is kept
 *  apart (reflectCollectionState). The rows and the cursor in one batch: a few multi-row upserts,
 *  one transaction, one round trip. */
export async function mirrorInvoices(deps: AppDeps, go: GoClient, creditorId: string): Promise<void> {
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  // Asked from a second before the cursor: an invoice Go stamped in the same instant as the newest
  // one seen, but after our read, is not lost to the "greater than" filter; rows read twice are
  // upserted alike.
  const since = cursor?.invoicesSince ? new Date(Date.parse(cursor.invoicesSince) - mirrorOverlapMs).toISOString() : null;
  const invoices = await go.outgoingInvoices(since);
  if (invoices.length === 0) return;
  const stampOf = (i: (typeof invoices)[number]) => i.balanceLastChangedDateTimeOffset ?? i.lastChangedDateTimeOffset;
  const rows = invoices.map((i) => ({
    creditorId, goInvoiceId: i.id, invoiceNo: i.invoiceNo, customerNo: i.customerNo, dueDate: i.dueDate.slice(0, 10), amountOre: kronerToOre(i.totalAmount),
    balanceOre: kronerToOre(i.balance), cid: i.cid ?? null, lastChanged: stampOf(i), dcStatus: 0, debtCollectionCode: null,
  }));
  // The facts Go gave; the debt-collection state of a row already mirrored stays as it is.
  const facts = ['invoice_no', 'customer_no', 'due_date', 'amount_ore', 'balance_ore', 'cid', 'last_changed'].map((c) => `${c} = excluded.${c}`).join(', ');
  const newest = rows.map((r) => r.lastChanged).sort().at(-1)!;
  const now = deps.clock.now().toISOString();
  await runBatch(deps.db, [
    ...chunks(rows, 200).map((part) => insertRows(goInvoices, part, `ON CONFLICT (creditor_id, go_invoice_id) DO UPDATE SET ${facts}`)),
    deps.db.insert(syncCursors).values({ creditorId, invoicesSince: newest, updatedAt: now }).onConflictDoUpdate({ target: syncCursors.creditorId, set: { invoicesSince: newest, updatedAt: now } }),
  ]);
}

/**
 * The mirror's debt-collection state, from what Go documents: an invoice in one of our cases Go
 * has confirmed is Exported (4) under our case number; one AvailableInvoices lists is Approved (3);
 * one it no longer lists (taken back in Go, or gone to another agency) is None (0) again. Go's
 * Utkast (Draft) is not in its API: only Go's own page shows it. One batch.
 */
export async function reflectCollectionState(deps: AppDeps, creditorId: string, available: DebtCollectionInvoice[] | null): Promise<void> {
  const exported = deps.db.run(sql`
    UPDATE go_invoices SET dc_status = 4, debt_collection_code = (
      SELECT c.case_no FROM case_invoices ci JOIN cases c ON c.id = ci.case_id
      WHERE ci.creditor_id = go_invoices.creditor_id AND ci.go_invoice_id = go_invoices.go_invoice_id LIMIT 1)
    WHERE creditor_id = ${creditorId} AND go_invoice_id IN (SELECT go_invoice_id FROM case_invoices WHERE creditor_id = ${creditorId} AND linked_in_go = 1)
      AND (dc_status != 4 OR debt_collection_code IS NULL)`);
  if (!available) {
    await runBatch(deps.db, [exported]);
    return;
  }
  const ids = available.map((i) => i.id);
  const ours = deps.db.select({ id: caseInvoices.goInvoiceId }).from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  await runBatch(deps.db, [
    exported,
    deps.db.update(goInvoices).set({ dcStatus: 0 }).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.dcStatus, 3), ids.length ? notInArray(goInvoices.goInvoiceId, ids) : undefined)),
    ...chunks(ids, 500).map((part) =>
      deps.db.update(goInvoices).set({ dcStatus: 3 }).where(and(eq(goInvoices.creditorId, creditorId), inArray(goInvoices.goInvoiceId, part), ne(goInvoices.dcStatus, 3), notInArray(goInvoices.goInvoiceId, ours))),
    ),
  ]);
}
