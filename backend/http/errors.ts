// Every error body: { error: { code, message, fields? } }, Norwegian first, English readable.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { en, no } from 'zod/locales';

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, fields?: Record<string, string>) {
  return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status);
}

type LocaleError = ReturnType<typeof en>['localeError'];
type RawIssue = Parameters<NonNullable<LocaleError>>[0];
const english = en().localeError!;
const norwegian = no().localeError!;
const text = (m: ReturnType<LocaleError>) => (typeof m === 'string' ? m : (m?.message ?? ''));

/** The value the client sent at an issue's path (zod's issues do not carry it). */
function inputAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** A message written in our schemas is kept; zod's English default becomes "Norwegian / English". */
export function fieldMessage(issue: { path: readonly PropertyKey[]; message: string }, data: unknown): string {
  const raw = { ...issue, input: inputAt(data, issue.path) } as unknown as RawIssue;
  const englishDefault = text(english(raw));
  if (issue.message !== englishDefault) return issue.message;
  const norsk = text(norwegian(raw));
  return norsk && norsk !== englishDefault ? `${norsk} / ${englishDefault}` : englishDefault;
}

/** zod-validator hook: a bad request names each field that is wrong. */
export function validationHook(result: { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } }, c: Context) {
  if (result.success) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) fields[issue.path.map(String).join('.') || 'body'] ??= fieldMessage(issue, result.data);
  return apiError(c, 400, 'validation', 'Ugyldig forespørsel / Invalid request', fields);
}
