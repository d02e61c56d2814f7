// The backend's part of a reliability scenario step, the part that writes to Go. Kept apart from
// world.ts (which needs the sandbox) so that child.ts, a backend process of its own, can run it.
import type { User } from '@shared/api';
import type { AppDeps } from '@backend/deps';
import { runDaily } from '@backend/modules/daily/service';
import { saveAgreedSettings, setCustomerExclusion } from '@backend/modules/creditors/service';
import { takeInvoice } from '@backend/modules/send/service';
import { activateRegistration, currentAgreement, finalizeRegistration, getRegistration, onboardingCallback, saveDetails, startRegistration } from '@backend/modules/registration/service';
import { claimAction } from '@backend/modules/cases/claims';
import { rejectInGo } from '@backend/modules/cases/go-rejection';
import { caseInvoices, syncRuns } from '@backend/db/schema';
import { and, eq } from 'drizzle-orm';

// The reliability world registers Delante as the registration tests do.
import { details as registrationDetails } from '../../helpers/registration';



/** What a step's backend part needs to know; plain JSON, so a child process can be given it. */
export type ActInput =
  | { kind: 'daily' }
  | { kind: 'send'; creditorId: string; invoiceNo: number }
  | { kind: 'settings'; creditorId: string }
  | { kind: 'exclude'; creditorId: string; customerNo: string }
  | { kind: 'withdraw'; creditorId: string; invoiceNo: number }
  | { kind: 'register-start'; user: User; orgNo: string }
  | { kind: 'register-finalize'; user: User; creditorId: string; callback: { status?: string; token?: string } };

/** The backend's part of a step. `ok: false` when it did not get through (a crash, Go failing):
 *  the step is then run again, as the next daily run or the user's retry would. */
export async function act(deps: AppDeps, input: ActInput): Promise<{ ok: boolean; error?: string }> {
  // A sync that failed inside the act (its errors are kept in sync_runs, shown to operations) means
  // the act did not get through, even where its caller carries on (the daily run goes on to the
  // stages and the remittance, and answers ok for the creditor).
  const before = new Set((await deps.db.select({ id: syncRuns.id }).from(syncRuns)).map((r) => r.id));
  const r = await actOnce(deps, input);
  const failed = (await deps.db.select().from(syncRuns)).filter((s) => !before.has(s.id) && !s.ok);
  return failed.length && r.ok ? { ok: false, error: `sync failed: ${failed.flatMap((s) => s.errors).join('; ')}` } : r;
}

async function actOnce(deps: AppDeps, input: ActInput): Promise<{ ok: boolean; error?: string }> {
  try {
    switch (input.kind) {
      case 'daily': {
        const r = await runDaily(deps);
        const bad = r.creditors.filter((c) => !c.ok);
        return bad.length ? { ok: false, error: bad.map((c) => c.error ?? c.reason).join('; ') } : { ok: true };
      }
      case 'send':
        // "Take it now" after the accountant approved in Go's page; idempotent, so a retry of a
        // take whose answer was lost answers with the case.
        await takeInvoice(deps, input.creditorId, input.invoiceNo);
        return { ok: true };
      case 'exclude':
        await setCustomerExclusion(deps, input.creditorId, input.customerNo, true);
        return { ok: true };
      case 'withdraw':
        await withdrawCaseOf(deps, input.creditorId, input.invoiceNo);
        return { ok: true };
      case 'settings':
        await saveAgreedSettings(deps, input.creditorId, { dunning: 'own_reminders', approval: 'automatic' });
        return { ok: true };
      case 'register-start':
        await startRegistration(deps, input.user, input.orgNo);
        return { ok: true };
      case 'register-finalize':
        // A retry after the activation got through (its first sync may have failed) has nothing left to do.
        if ((await getRegistration(deps, input.user, input.creditorId)).status !== 'pending') return { ok: true };
        await finalizeRegistration(deps, input.user, input.creditorId, onboardingCallback.parse(input.callback));
        await saveDetails(deps, input.user, input.creditorId, registrationDetails);
        await activateRegistration(deps, input.user, input.creditorId, { agreementVersion: (await currentAgreement(deps)).version, acceptAgreement: true, confirmAuthority: true, confirmNoOtherAgency: true });
        return { ok: true };
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}


/** The accountant withdraws every claim of the case holding the invoice (as the case view's
 *  "Trekk fra inkasso" does, claim by claim), then Go is told to reject the case. A rerun finds
 *  the claims withdrawn already and only finishes what Go has not confirmed. */
async function withdrawCaseOf(deps: AppDeps, creditorId: string, invoiceNo: number): Promise<void> {
  const [held] = await deps.db.select().from(caseInvoices).where(and(eq(caseInvoices.creditorId, creditorId), eq(caseInvoices.invoiceNo, invoiceNo)));
  if (!held) throw new Error(`invoice ${invoiceNo} is in no case`);
  const claims = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, held.caseId));
  for (const c of claims.filter((i) => i.state === 'open')) await claimAction(deps, held.caseId, c.invoiceNo, 'withdraw', { reason: 'Kreditor har avtalt betaling direkte med skyldner', by: { name: 'Kari Regnskap', email: 'kari@regnskap.example' } });
  await rejectInGo(deps, held.caseId);
}
