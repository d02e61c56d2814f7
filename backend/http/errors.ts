// Every error body: { error: { code, message, fields? } } in the request's language
// (Accept-Language, Norwegian by default). `fields` keeps each field's path for programs.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { en, no } from 'zod/locales';
import { invalid, requestLang, type DomainError, type ErrorCode, type Lang, type Text } from '../errors';

export const langOf = (c: Context): Lang => requestLang(c.req.header('accept-language'));

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: Text, fields?: Record<string, Text>) {
  const lang = langOf(c);
  const shown = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[lang]])) : undefined;
  return c.json({ error: { code, message: message[lang], ...(shown ? { fields: shown } : {}) } }, status);
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

/** A message written in our schemas is the Norwegian text and zod's English default the English
 *  one, unless the schema wrote both as "norsk / English" (shared/dates.ts does): then each its
 *  part. Where the schema wrote none, zod's Norwegian and English defaults. */
export function fieldMessage(issue: { path: readonly PropertyKey[]; message: string }, data: unknown): Text {
  const raw = { ...issue, input: inputAt(data, issue.path) } as unknown as RawIssue;
  const englishDefault = text(english(raw)) || issue.message;
  if (issue.message !== englishDefault) {
    const [nb, ...en] = issue.message.split(' / ');
    return en.length ? { nb: nb!, en: en.join(' / ') } : { nb: issue.message, en: englishDefault };
  }
  const norsk = text(norwegian(raw));
  return { nb: norsk || englishDefault, en: englishDefault };
}

/** zod-validator hook: a bad request names each field that is wrong (thrown to app.ts's onError). */
export function validationHook(result: { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } }, _c: Context): undefined {
  if (result.success) return undefined;
  const fields: Record<string, Text> = {};
  for (const issue of result.error?.issues ?? []) fields[issue.path.map(String).join('.') || 'body'] ??= fieldMessage(issue, result.data);
  throw invalid(fields);
}

/** The one table from a DomainError's code to its HTTP status (app.ts's onError answers with it;
 *  so does the operations page, which answers in HTML). */
const httpStatus: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 400, bad_request: 400, date_not_allowed: 403, too_large: 413, not_found: 404, unauthorized: 401, forbidden: 403, invalid_credentials: 401, rate_limited: 429,
  creditor_not_active: 409,
  not_overdue: 409, excluded_customer: 409, another_agency_active: 409, not_approved: 409,
  case_closed: 409, overpayment: 409, not_open: 409, bad_target: 409,
  claim_not_found: 404, claim_not_open: 409, not_held: 409,
  not_configured: 409, unavailable: 409, unknown_company: 404, company_register: 502, go_onboarding: 502, not_started: 409, wrong_client: 409, not_connected: 409,
  agency_contact: 409, agreement_changed: 409, already_active: 409, already_registered: 409, email_taken: 409, no_details: 409, not_active: 409, not_active_in_go: 409, other_agency: 409, go_unreachable: 502,
  not_ending: 409,
  posting_refused: 422,
  go_error: 502,
};

/** The HTTP status a DomainError is answered with: the one chosen at the edge, else its code's. */
export function statusOf(err: DomainError): ContentfulStatusCode {
  return (err.httpStatus as ContentfulStatusCode | undefined) ?? httpStatus[err.code];
}
