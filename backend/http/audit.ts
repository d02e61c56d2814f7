import type { User } from '@shared/api';
import type { AppDeps } from '../deps';
import { auditLog } from '../db/schema';

/** Who changed what, for every write. Details never hold secrets. */
export async function audit(deps: AppDeps, user: User | null, creditorId: string | null, action: string, detail: Record<string, unknown>): Promise<void> {
  await deps.db.insert(auditLog).values({ id: crypto.randomUUID(), at: deps.clock.now().toISOString(), userId: user?.id ?? null, firmId: user?.firmId ?? null, creditorId, action, detail });
}
