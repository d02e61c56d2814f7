// Every error body: { error: { code, message, fields? } }, Norwegian first, English readable.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, fields?: Record<string, string>) {
  return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status);
}

/** zod-validator hook: a bad request names each field that is wrong. */
export function validationHook(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, c: Context) {
  if (result.success) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) fields[issue.path.map(String).join('.') || 'body'] = issue.message;
  return apiError(c, 400, 'validation', 'Ugyldig forespørsel / Invalid request', fields);
}
