// Go's matched items (direct payments to the creditor, credit notes, write-offs, our own
// remittances) read since the cursor and applied to the cases whose invoices they name by KID.
import { eq } from 'drizzle-orm';
import { today } from '@shared/clock';
import { kronerToOre } from '@shared/money';
import type { AppDeps } from '../../deps';
import { caseInvoices, cases, syncCursors } from '../../db/schema';
import { remittanceReferencePrefix } from '../../domain/references';
import type { GoClient } from '../../integrations/poweroffice/client';
import { legacyVoucherType, type MatchedItem } from '../../integrations/poweroffice/schemas';
import { accrue, closeIfSettled, recordEvent } from '../cases/process';
import { overrides } from '../cases/balance';

/**
 * A creditor with no case before this run has nothing Go's matched items could change: every case
 * it has now was opened in this run with each invoice's remainingAmount as Go reported it, so every
 * payment, credit note or write-off matched before that read is already in the principal (and must
 * not be counted again). So GetAllMatchedItems is not asked; the cursor starts at the newest
 * `lastChanged` of the invoices taken over. That is Go's own timestamp, no later than Go's clock at
 * our read; Go stamps an invoice's lastChanged when an item is matched against it, so an item on
 * one of these invoices is either at or before its invoice's stamp (in the principal) or after our
 * read (and read next run).
 */
export async function skipMatchedItems(deps: AppDeps, creditorId: string, newestLastChanged: string | null): Promise<void> {
  if (!newestLastChanged) return;
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  if (cursor?.matchedItemsSince && Date.parse(cursor.matchedItemsSince) >= Date.parse(newestLastChanged)) return;
  const now = deps.clock.now().toISOString();
  await deps.db
    .insert(syncCursors)
    .values({ creditorId, matchedItemsSince: newestLastChanged, updatedAt: now })
    .onConflictDoUpdate({ target: syncCursors.creditorId, set: { matchedItemsSince: newestLastChanged, updatedAt: now } });
}

/** What happened in Go since the cursor. Each matched item counts once (unique event ref). */
export async function readMatchedItems(deps: AppDeps, go: GoClient, creditorId: string): Promise<number> {
  const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.creditorId, creditorId));
  const groups = await go.allMatchedItems(cursor?.matchedItemsSince ?? null);
  const ours = await deps.db.select({ id: caseInvoices.id, customerNo: caseInvoices.customerNo, matchingReference: caseInvoices.matchingReference }).from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  // Go documents a matched item's KID (cID) but no invoice id on it: the KID names the invoice
  // (per customer, as Go matches a payment on KID and customer).
  const byKid = new Map(ours.filter((i) => i.matchingReference).map((i) => [`${i.customerNo}:${i.matchingReference}`, i]));
  let counted = 0;
  let newest = cursor?.matchedItemsSince ?? null;
  const date = today(deps.clock);
  for (const group of groups) {
    for (const item of group.matchedItems) {
      if (!newest || item.lastChanged > newest) newest = item.lastChanged;
      const inv = item.cID ? byKid.get(`${item.customerCode}:${item.cID}`) : undefined;
      if (!inv) continue;
      if (await applyMatchedItem(deps, inv.id, item, date)) counted++;
    }
  }
  if (newest && newest !== cursor?.matchedItemsSince) {
    // Only now, with every change committed, does the cursor move on.
    const now = deps.clock.now().toISOString();
    await deps.db.insert(syncCursors).values({ creditorId, matchedItemsSince: newest, updatedAt: now }).onConflictDoUpdate({ target: syncCursors.creditorId, set: { matchedItemsSince: newest, updatedAt: now } });
  }
  return counted;
}

async function applyMatchedItem(deps: AppDeps, caseInvoiceId: string, item: MatchedItem, date: string): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const [inv] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, caseInvoiceId));
    if (!inv) return false;
    // Matched before the case took the invoice over: already out of its principal (Go's remaining
    // amount then), whatever the cursor says; e.g. a direct payment between approval and our read.
    if (inv.goLastChanged && Date.parse(item.lastChanged) <= Date.parse(inv.goLastChanged)) return false;
    const amount = -kronerToOre(item.amount); // a credit to the customer ledger reduces the claim
    const own = item.externalImportReference?.startsWith(remittanceReferencePrefix) ?? false;
    const kind = own ? 'remittance_matched' : item.isWriteOff ? 'written_off' : item.voucherType === legacyVoucherType.outgoingCreditNote ? 'credit_note' : 'direct_payment';
    const text = own
      ? `Remittering matchet mot faktura ${inv.invoiceNo} i Go`
      : kind === 'written_off'
        ? `Faktura ${inv.invoiceNo} avskrevet i Go`
        : kind === 'credit_note'
          ? `Kreditnota på faktura ${inv.invoiceNo}`
          : `Direktebetaling til kreditor på faktura ${inv.invoiceNo}`;
    const fresh = await recordEvent(tx, { caseId: inv.caseId, at: item.voucherDate.slice(0, 10), kind, text, amountOre: amount, externalRef: `go-matched:${item.id}`, createdAt: now });
    if (!fresh || own) return fresh; // our own remittance already reduced the case
    const [c] = await tx.select().from(cases).where(eq(cases.id, inv.caseId));
    const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, inv.caseId));
    await accrue(tx, c!, invoices, date, overrides(deps), now);
    if (kind === 'written_off') {
      await tx.update(caseInvoices).set({ openOre: 0, state: 'written_off' }).where(eq(caseInvoices.id, inv.id));
    } else {
      const open = Math.max(0, inv.openOre - amount);
      await tx.update(caseInvoices).set({ openOre: open, state: open === 0 ? (kind === 'credit_note' ? 'credited' : 'paid') : 'open' }).where(eq(caseInvoices.id, inv.id));
    }
    await closeIfSettled(tx, inv.caseId, date, now);
    return true;
  });
}
