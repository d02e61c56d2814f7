// Sending an invoice to collection ("Ta nå"): once the accountant has approved it in Go, the
// sync for a send takes it over; when it does not, why.
import { and, eq } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates } from '@shared/dates';
import type { TakeInvoiceResponse } from '@shared/api';
import type { AppDeps } from '../../deps';
import { guardFindingOf } from './guard';
import { caseEvents, goInvoices } from '../../db/schema';
import { loadRates } from '../interest-rates/service';
import { GoApiError } from '../../integrations/poweroffice/client';
import { dunningMismatchEvent } from '../cases/dunning-check';
import { syncCreditor } from '../sync/run';
import { connectedCreditor } from '../creditors/service';
import { lookupInvoiceStatus } from '../ledger-lookup/service';
import { refusalText, SendRefused, type SendRefusal } from './refusals';

/** The dunning notice recorded on a case (cases/dunning-check.ts), if any. */
async function dunningNoticeOf(deps: AppDeps, caseId: string): Promise<string | null> {
  const [e] = await deps.db.select({ text: caseEvents.text }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, dunningMismatchEvent))).limit(1);
  return e?.text ?? null;
}

/** "Take it now": the accountant has just approved the invoice in Go's own Inkasso page (the
 *  extension did it in their session; Go has no API for it). The backend learns that only through
 *  Go's documented API: the sync for a send reads AvailableInvoices, opens the case (or adds the
 *  invoice to the debtor's open case) and writes the case number back to Go. Idempotent: an
 *  invoice already in a case answers with its badge. When the invoice is not available (not
 *  approved in Go after all, excluded, another agency), says why. */
export async function takeInvoice(deps: AppDeps, creditorId: string, invoiceNo: number): Promise<TakeInvoiceResponse> {
  const refuse = (r: SendRefusal) => new SendRefused(r, refusalText[r], r === 'creditor_not_active' ? undefined : { invoiceNo: refusalText[r] });
  await loadRates(deps);
  const creditor = await connectedCreditor(deps, creditorId);
  const answer = async (): Promise<TakeInvoiceResponse | null> => {
    const [status] = await lookupInvoiceStatus(deps, creditorId, [invoiceNo]);
    if (!status?.case) return null;
    // What the dunning check and the send guard found when the sync took the invoice over (an
    // invoice Go approved becomes a case whatever the guard finds; the accountant is told here).
    const notices = [await dunningNoticeOf(deps, status.case.id), await guardFindingOf(deps, status.case.id, invoiceNo)].filter((n): n is string => !!n);
    return { ...status, notice: notices.length ? notices.join(' ') : null };
  };
  const already = await answer();
  if (already) return already;
  const run = await syncCreditor(deps, creditorId, 'send');
  const taken = await answer();
  if (taken) return taken;
  // Go failing is not a reason about the invoice: say Go failed (the route answers 502).
  if (!run.ok) throw new GoApiError(502, { nb: run.errors.join('; '), en: run.errors.join('; ') });
  // Not taken: say why, from what the sync just read (the mirror of Go's invoices).
  const [mirrored] = await deps.db.select().from(goInvoices).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.invoiceNo, invoiceNo)));
  if (!mirrored || mirrored.balanceOre <= 0) throw refuse('not_found');
  if (compareDates(mirrored.dueDate, today(deps.clock)) >= 0) throw refuse('not_overdue');
  const go = await deps.goClientFor(creditor);
  if (!(await go.isActiveDebtCollection())) throw refuse('another_agency_active');
  const customer = await go.customerByNo(mirrored.customerNo);
  if (customer && !customer.transferToDebtCollectionAgency) throw refuse('excluded_customer');
  throw refuse('not_approved');
}
