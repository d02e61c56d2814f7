// One creditor's sync with Go, in steps that fail on their own (an error is recorded on the run,
// the next step still runs): mirror Go's invoices, open cases for the approved ones, read Go's
// matched items, push status. Every write to Go has its intent stored first, so a crash at any
// point and a rerun end with no duplicate.
import { flagTakenOver, sendGuards } from '../send/guard';
import { and, eq, max } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { cases, creditors, syncRuns } from '../../db/schema';
import type { GoClient } from '../../integrations/poweroffice/client';
import { GoApiError } from '../../integrations/poweroffice/client';
import type { DebtCollectionInvoice, GoCustomer } from '../../integrations/poweroffice/schemas';
import { mirrorInvoices, reflectCollectionState } from './mirror';
import { openCases, recoverPending, type TakenOver } from './open-cases';
import { readMatchedItems, skipMatchedItems } from './matching';
import { pushStatus } from './status';
import { DomainError } from '../../errors';

export type SyncTrigger = 'daily' | 'manual' | 'send';
export type SyncResult = typeof syncRuns.$inferSelect;

export class CreditorNotFound extends DomainError {
  constructor(readonly creditorId: string) {
    super('not_found', { message: { nb: 'Fant ikke kreditoren', en: 'Creditor not found' } });
  }
}

/** `go`: the caller's client for this creditor (the daily job makes one for all its steps);
 *  `push: false` leaves the status push to the caller (the daily job pushes once, at its end). */
export type SyncOptions = { go?: GoClient; push?: boolean };

export async function syncCreditor(deps: AppDeps, creditorId: string, trigger: SyncTrigger, options: SyncOptions = {}): Promise<SyncResult> {
  const { db, clock } = deps;
  const [creditor] = await db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw new CreditorNotFound(creditorId);
  const started = clock.now();
  const runId = crypto.randomUUID();
  await db.insert(syncRuns).values({ id: runId, creditorId, trigger, startedAt: started.toISOString(), errors: [] });
  const go = options.go ?? (await deps.goClientFor(creditor));
  const callsBefore = go.stats.calls;
  const counts = { casesCreated: 0, invoicesAdded: 0, statusUpdates: 0, matchedItems: 0 };
  const errors: string[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      deps.log?.('sync.error', { creditorId, step: name, message: e instanceof Error ? e.message : String(e) });
    }
  };
  // Whether the creditor had any case before this run decides whether Go's matched items can
  // concern us (see skipMatchedItems).
  const [anyCase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.creditorId, creditorId)).limit(1);
  let mirrored = false;
  await step('invoices', async () => {
    await mirrorInvoices(deps, go, creditorId);
    mirrored = true;
  });
  let takenOver: TakenOver = { count: 0, newestLastChanged: null, complete: true };
  await step('cases', async () => {
    await recoverPending(deps, go, creditorId);
    // Go documents no debt-collection state on v2 invoices, so only AvailableInvoices tells which
    // invoices the accountant has approved: it is asked every run.
    const available = await availableUnlessInactive(go);
    // After the end (winding down) no new case is opened, whatever Go still offers.
    if (available && creditor.status === 'active') {
      // The send guard for what Go approved (the same rules as the one-click send): what it finds
      // goes on the case the invoice joins, for the accountant; it never stops a Go approval.
      // The customer cards the guard reads are the ones the new cases' debtors need.
      const cards = new Map<string, GoCustomer>();
      const guards = available.length ? await sendGuards(deps, creditorId, available.map((i) => i.invoiceNo), go, cards) : new Map();
      takenOver = await openCases(deps, go, creditor, counts, available, cards);
      await flagTakenOver(deps, creditorId, guards);
    }
    if (mirrored) await reflectCollectionState(deps, creditorId, available);
  });
  await step('matched', async () => {
    if (!anyCase && takenOver.complete) {
      await skipMatchedItems(deps, creditorId, takenOver.newestLastChanged);
      return;
    }
    counts.matchedItems += await readMatchedItems(deps, go, creditorId);
  });
  if (options.push !== false) {
    await step('status', async () => {
      counts.statusUpdates += await pushStatus(deps, go, creditorId);
    });
  }
  const finished = clock.now();
  const [run] = await db
    .update(syncRuns)
    .set({ ...counts, finishedAt: finished.toISOString(), ok: errors.length === 0, goCalls: go.stats.calls - callsBefore, errors, durationMs: finished.getTime() - started.getTime() })
    .where(eq(syncRuns.id, runId))
    .returning();
  return run!;
}

/** AvailableInvoices, or null when the agency may not create cases for this client. Go documents
 *  that AvailableInvoices fails when IsActiveDebtCollection is false, so IsActiveDebtCollection is
 *  asked only after a refusal, to tell "not active" (create nothing new, keep updating existing
 *  cases) from any other failure — one call per run instead of two. */
async function availableUnlessInactive(go: GoClient): Promise<DebtCollectionInvoice[] | null> {
  try {
    return await go.availableInvoices();
  } catch (e) {
    if (!(e instanceof GoApiError) || e.status < 400 || e.status >= 500) throw e;
    if (!(await go.isActiveDebtCollection())) return null;
    throw e;
  }
}

export async function lastSync(deps: AppDeps, creditorId: string) {
  const [latest] = await deps.db.select({ at: max(syncRuns.startedAt) }).from(syncRuns).where(eq(syncRuns.creditorId, creditorId));
  if (!latest?.at) return null;
  const [run] = await deps.db.select().from(syncRuns).where(and(eq(syncRuns.creditorId, creditorId), eq(syncRuns.startedAt, latest.at)));
  return run ?? null;
}
