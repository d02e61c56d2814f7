// Idempotent demo data: the demo accountant's firm with the sandbox's Conecto AS on the
// integration, a second firm with its own creditor, so that access isolation is visible, and the
// agency's own operations login (a different kind of account: it belongs to no accounting firm).
import { eq } from 'drizzle-orm';
import type { AppDeps } from './deps';
import { creditorAccess, creditors, firms, users } from './db/schema';
import { encryptSecret } from './crypto';
import { hashPassword } from './modules/auth/password';
import { defaultAccounts } from './domain/accounts';

/** A fictional company (valid MOD11 org number) for the second firm when Go offers none. */
export const otherFirmCreditor = { name: 'Nordlys Bygg AS', orgNo: '987654325' };

/** The agency's own row in firms: its staff's home, never given creditor access (agency accounts
 *  see every creditor by their kind). */
export const agencyOrg = { id: 'agency-modhi', name: 'Modhi Norge AS' };
export const defaultOperationsEmail = 'drift@modhi.example';

export type SeedInput = {
  demoEmail: string;
  demoPassword: string;
  /** The agency's operations login (default drift@modhi.example, with demoPassword unless given). */
  operationsEmail?: string;
  operationsPassword?: string;
  /** Go clients on the integration, with their client keys (from the sandbox's credentials). */
  creditors: { name: string; orgNo: string; clientKey: string; firm: 'demo' | 'other'; vatDeductible?: boolean }[];
  passwordIterations?: number;
};

export async function seedDemo(deps: AppDeps, input: SeedInput) {
  const now = deps.clock.now().toISOString();
  const iterations = input.passwordIterations;
  const firmIds = { demo: 'firm-demo', other: 'firm-other' } as const;
  await deps.db.insert(firms).values([
    { id: firmIds.demo, name: 'Demo Regnskap AS', createdAt: now },
    { id: firmIds.other, name: 'Annet Regnskapsbyrå AS', createdAt: now },
    { id: agencyOrg.id, name: agencyOrg.name, createdAt: now },
  ]).onConflictDoNothing();
  const ensureUser = async (id: string, kind: 'agency' | 'firm', firmId: string, email: string, name: string, password: string, roles: ('accountant' | 'operations')[]) => {
    const [existing] = await deps.db.select().from(users).where(eq(users.email, email));
    if (existing) return existing.id;
    await deps.db.insert(users).values({ id, kind, firmId, email, name, passwordHash: await hashPassword(password, iterations), roles, createdAt: now });
    return id;
  };
  const demoUser = await ensureUser('user-demo', 'firm', firmIds.demo, input.demoEmail.toLowerCase(), 'Demo Regnskapsfører', input.demoPassword, ['accountant']);
  const otherUser = await ensureUser('user-other', 'firm', firmIds.other, 'annen@regnskap.example', 'Annen Regnskapsfører', input.demoPassword, ['accountant']);
  const operationsUser = await ensureUser('user-operations', 'agency', agencyOrg.id, (input.operationsEmail ?? defaultOperationsEmail).toLowerCase(), 'Modhi Drift', input.operationsPassword ?? input.demoPassword, ['operations']);
  const creditorIds: Record<string, string> = {};
  // The other firm always has a creditor of its own, so isolation is visible in the demo; when the
  // caller gives it none from Go, it gets one still onboarding (no Go key yet, never synced).
  if (!input.creditors.some((c) => c.firm === 'other')) {
    const id = `creditor-${otherFirmCreditor.orgNo}`;
    await deps.db.insert(creditors).values({
      id, ...otherFirmCreditor, status: 'pending', goClientKeyEnc: null, vatDeductible: true, accounts: defaultAccounts, dunning: 'agency_notice', approval: 'manual',
      commissionBp: deps.config.defaultCommissionBp, commissionMinOre: deps.config.defaultCommissionMinOre, createdAt: now, updatedAt: now,
    }).onConflictDoNothing();
    await deps.db.insert(creditorAccess).values({ firmId: firmIds.other, creditorId: id }).onConflictDoNothing();
    creditorIds[otherFirmCreditor.orgNo] = id;
  }
  for (const c of input.creditors) {
    const [existing] = await deps.db.select().from(creditors).where(eq(creditors.orgNo, c.orgNo));
    const id = existing?.id ?? `creditor-${c.orgNo}`;
    if (!existing) {
      await deps.db.insert(creditors).values({
        id, orgNo: c.orgNo, name: c.name, status: 'active', goClientKeyEnc: await encryptSecret(c.clientKey, deps.secrets.encryptionKey),
        vatDeductible: c.vatDeductible ?? true, accounts: defaultAccounts, dunning: 'agency_notice', approval: 'manual',
        commissionBp: deps.config.defaultCommissionBp, commissionMinOre: deps.config.defaultCommissionMinOre, createdAt: now, updatedAt: now,
      });
    }
    await deps.db.insert(creditorAccess).values({ firmId: firmIds[c.firm], creditorId: id }).onConflictDoNothing();
    creditorIds[c.orgNo] = id;
  }
  return { demoUserId: demoUser, otherUserId: otherUser, operationsUserId: operationsUser, creditorIds };
}
