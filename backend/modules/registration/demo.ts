// Demo data for the registration: the agency's existing customers from before the integration
// (company register stand-in's Fjellheim Rør AS with more than 10 open cases, Solbakken Bakeri AS
// with 3), so both of the guide's section 4 paths can be tried.
import type { AppDeps } from '../../deps';
import { agencyCustomers } from '../../db/schema';

export const demoAgencyCustomers = [
  { orgNo: '915555551', name: 'Fjellheim Rør AS', openCases: 14 },
  { orgNo: '912345602', name: 'Solbakken Bakeri AS', openCases: 3 },
];

export async function seedAgencyCustomers(deps: AppDeps, rows = demoAgencyCustomers): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (const r of rows) await deps.db.insert(agencyCustomers).values({ ...r, updatedAt: now }).onConflictDoUpdate({ target: agencyCustomers.orgNo, set: { openCases: r.openCases, name: r.name, updatedAt: now } });
}
