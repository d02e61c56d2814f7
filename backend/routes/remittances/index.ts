// Placeholder owned by the remittance helper, who replaces it: createApp mounts
// `remittanceRoutes(deps)` at /api/v1, so `/creditors/:id/remittances/...` routes already pass the
// bearer check and the firm's creditor access check of the /creditors router (those middlewares
// match by path); routes outside /creditors must add `requireUser(deps)` themselves.
import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AuthEnv } from '../../http/auth';

export function remittanceRoutes(_deps: AppDeps) {
  return new Hono<AuthEnv>();
}
