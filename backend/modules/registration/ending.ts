// Ending the relationship with the agency (user guide section 7, "Avslutte inkassoforhold"): from
// the end no new case is opened, even if Go still offers approved invoices; status, balances and
// remittances go on for the open cases; when the last one closes the creditor is `ended` and the
// extension may be deactivated or deleted in Go.
import { and, count, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { cases, creditors } from '../../db/schema';
import { RegistrationError } from './errors';

export type EndingView = { creditorId: string; status: 'winding_down' | 'ended'; openCases: number; endRequestedAt: string; endedAt: string | null; message: string };

export const untickInstruction =
  'Fjern haken «Inkassobyrå kan opprette nye saker» på Modhi Norge Inkasso i PowerOffice GO (Innstillinger → Utvidelser, klikk på utvidelsen, fjern haken og trykk «OK»). La utvidelsen stå aktiv: Modhi Norge oppdaterer fortsatt status og sender oppgjør på de åpne sakene.';
export const mayDeactivate = 'Alle saker er avsluttet. Utvidelsen Modhi Norge Inkasso kan nå deaktiveres eller slettes under Innstillinger → Utvidelser i PowerOffice GO.';

function view(c: typeof creditors.$inferSelect, openCases: number): EndingView {
  const ended = c.status === 'ended';
  return {
    creditorId: c.id, status: ended ? 'ended' : 'winding_down', openCases, endRequestedAt: c.endRequestedAt ?? c.updatedAt, endedAt: c.endedAt,
    message: ended ? mayDeactivate : `Ingen nye saker opprettes fra nå av. ${openCases} åpne ${openCases === 1 ? 'sak følges' : 'saker følges'} opp til de er avsluttet. ${untickInstruction}`,
  };
}

/** POST /creditors/{id}/end: an active creditor winds down (ended at once without open cases). */
export async function endCreditor(deps: AppDeps, creditorId: string): Promise<EndingView> {
  const [c] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!c) throw new RegistrationError('not_found', 'Fant ikke kreditoren');
  if (c.status === 'pending') throw new RegistrationError('not_active', 'Kreditoren er ikke aktiv på integrasjonen ennå');
  if (c.status === 'active') {
    const now = deps.clock.now().toISOString();
    await deps.db.update(creditors).set({ status: 'winding_down', endRequestedAt: now, updatedAt: now }).where(and(eq(creditors.id, creditorId), eq(creditors.status, 'active')));
  }
  await closeIfDone(deps, creditorId);
  return endingStatus(deps, creditorId);
}

export async function endingStatus(deps: AppDeps, creditorId: string): Promise<EndingView> {
  const [c] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!c || (c.status !== 'winding_down' && c.status !== 'ended')) throw new RegistrationError('not_ending', 'Forholdet til inkassobyrået er ikke avsluttet');
  return view(c, await openCaseCount(deps, creditorId));
}

/** The daily run's hook: a winding-down creditor without open cases is ended. */
export async function closeIfDone(deps: AppDeps, creditorId: string): Promise<boolean> {
  if ((await openCaseCount(deps, creditorId)) > 0) return false;
  const now = deps.clock.now().toISOString();
  const done = await deps.db
    .update(creditors)
    .set({ status: 'ended', endedAt: now, updatedAt: now })
    .where(and(eq(creditors.id, creditorId), eq(creditors.status, 'winding_down'), isNull(creditors.endedAt)))
    .returning({ id: creditors.id });
  if (done.length) deps.log?.('creditor.ended', { creditorId });
  return done.length > 0;
}

/** Open cases of a creditor (not closed). */
export async function openCaseCount(deps: AppDeps, creditorId: string): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(cases).where(and(eq(cases.creditorId, creditorId), isNull(cases.closedAt)));
  return row?.n ?? 0;
}
