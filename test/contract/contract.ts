// Go's published API contract (go-contract.json, a copy of the project's contract file) as
// something a test can check against: which routes exist (method and path, as the sandbox serves
// them), which query parameters each takes, and whether a JSON value has the documented shape
// (fields ⊆ documented, required ones present, each with the documented type).
import { readFileSync } from 'node:fs';

type RouteDoc = {
  api: 'v2' | 'legacy';
  method: string;
  path: string;
  query?: Record<string, string>;
  requestBody?: string | null;
  response?: string | null;
  status?: string;
  emptyStatus?: string;
  contentType?: string;
};
type TypeDoc = { fields?: Record<string, string>; required?: string[]; arrayOf?: string; api?: string };
type EnumDoc = { values: string[] | Record<string, number>; api?: string };

export type Contract = { routes: RouteDoc[]; types: Record<string, TypeDoc>; enums: Record<string, EnumDoc> };

export const contractPath = new URL('./go-contract.json', import.meta.url);
export const contract = JSON.parse(readFileSync(contractPath, 'utf8')) as Contract;

/** Where the sandbox (and a client pointed at it) serves a documented route: v2 under /v2, its
 *  token at /OAuth/Token; the legacy API at the root. Path parameters become `:p`. */
export function servedPath(r: RouteDoc): string {
  const path = r.api === 'v2' && r.path !== '/OAuth/Token' ? `/v2${r.path}` : r.path;
  return normalizePath(path);
}

/** `/v2/Customers/{id}`, `/v2/Customers/:id`, `/DebtCollection/` → one comparable form. */
export function normalizePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, ':p').replace(/:[A-Za-z]+/g, ':p').replace(/(.)\/$/, '$1');
}

function pathPattern(path: string): RegExp {
  return new RegExp(`^${normalizePath(path).split(':p').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
}

/** The documented routes for a method and a concrete path, e.g. GET /v2/Customers/100001. */
export function routesFor(method: string, path: string): RouteDoc[] {
  const p = normalizePath(decodeURIComponent(path));
  const found = contract.routes.filter((r) => r.method === method && pathPattern(servedPath(r)).test(p));
  // A literal segment beats a parameter (GET /DebtCollection/IsActiveDebtCollection is not /{id}).
  const literal = found.filter((r) => !servedPath(r).includes(':p'));
  return literal.length ? literal : found;
}

/** Query parameter names a route documents. */
export function documentedQuery(r: RouteDoc): string[] {
  const names: string[] = [];
  for (const key of Object.keys(r.query ?? {})) {
    if (key === 'resourceParameter') names.push(...Object.entries(contract.types['ResourceParameters']!.fields!).filter(([, t]) => !t.includes(' ro')).map(([n]) => n));
    else names.push(...key.split('/'));
  }
  return names;
}

export type Issue = string;

type Parsed = { base: string; nullable: boolean; array: boolean };

function parseType(raw: string, api: 'v2' | 'legacy'): Parsed {
  // The type is the first word: "integer(int64)? ro", "string? max50", "Guid (assigned by Go)",
  // "integer(int32) seconds" → "integer(int64)?", "string?", "Guid", "integer(int32)".
  let t = raw.trim().split(/\s/)[0]!;
  let nullable = false;
  if (t.endsWith('?')) {
    nullable = true;
    t = t.slice(0, -1);
  }
  let array = false;
  if (t.endsWith('[]')) {
    array = true;
    t = t.slice(0, -2);
  }
  if (t.endsWith('?')) t = t.slice(0, -1);
  return { base: t, nullable: nullable || api === 'legacy', array };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function enumDoc(name: string, api: 'v2' | 'legacy'): EnumDoc | undefined {
  if (api === 'legacy' && contract.enums[`${name}(legacy)`]) return contract.enums[`${name}(legacy)`];
  const e = contract.enums[name];
  return e && (e.api ?? 'v2') === api ? e : e;
}

function typeDoc(name: string): TypeDoc | undefined {
  return contract.types[name] ?? contract.types[`${name} (partial)`];
}

/** Issues with `value` as the documented type `type` (a type name, a field type, or a generic such
 *  as Envelope<DebtCollectionCase>), at `at`. Empty when it conforms. */
export function check(value: unknown, type: string, api: 'v2' | 'legacy', at = '$'): Issue[] {
  const generic = /^(Envelope|DataPage)<(.+)>(?:\s.*)?$/.exec(type.trim());
  if (generic) {
    const [, kind, inner] = generic;
    const shape: TypeDoc = kind === 'Envelope'
      ? { fields: { data: inner!, success: 'boolean', validation: 'ValidationResult' }, required: ['data', 'success'] }
      : { fields: { data: `${inner!}[]`, count: 'number', success: 'boolean', validation: 'ValidationResult' }, required: ['data', 'success', 'count'] };
    return checkObject(value, shape, api, at, false);
  }
  const p = parseType(type, api);
  if (value === null) return p.nullable ? [] : [`${at}: null where ${p.base} is not nullable`];
  if (value === undefined) return [`${at}: missing`];
  if (p.array) {
    if (!Array.isArray(value)) return [`${at}: expected an array of ${p.base}`];
    return value.flatMap((v, i) => check(v, p.base, api, `${at}[${i}]`));
  }
  const base = p.base;
  const scalar = (ok: boolean) => (ok ? [] : [`${at}: ${JSON.stringify(value)} is not ${base}`]);
  switch (base) {
    case 'string':
      return scalar(typeof value === 'string');
    case 'string(date)':
      return scalar(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
    case 'string(date-time)':
      return scalar(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)));
    case 'string(uuid)':
    case 'Guid':
      return scalar(typeof value === 'string' && uuid.test(value));
    case 'string(uri)':
      return scalar(typeof value === 'string' && URL.canParse(value));
    case 'integer(int32)':
    case 'integer(int64)':
      return scalar(typeof value === 'number' && Number.isInteger(value));
    case 'number(double)':
    case 'number':
      return scalar(typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return scalar(typeof value === 'boolean');
    case 'Date':
      return scalar(typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    case 'object': // any JSON (e.g. a JSON Patch operation's value)
      return [];
    case 'IDictionary':
    case 'T':
      return scalar(typeof value === 'object');
  }
  const e = enumDoc(base, api);
  if (e) {
    const values = Array.isArray(e.values) ? e.values : Object.values(e.values);
    return scalar((values as unknown[]).includes(value));
  }
  const t = typeDoc(base);
  if (t?.arrayOf) return check(value, `${t.arrayOf}[]`, api, at);
  if (t?.fields) return checkObject(value, t, api, at, base === 'ProblemDetails');
  return [`${at}: the contract has no type ${base}`];
}

function checkObject(value: unknown, t: TypeDoc, api: 'v2' | 'legacy', at: string, caseInsensitive: boolean): Issue[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
  const fields = t.fields ?? {};
  const find = (key: string) => (caseInsensitive ? Object.keys(fields).find((f) => f.toLowerCase() === key.toLowerCase()) : key in fields ? key : undefined);
  const issues: Issue[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = find(key);
    if (!field) {
      issues.push(`${at}.${key}: not a documented field`);
      continue;
    }
    issues.push(...check(v, fields[field]!, api, `${at}.${key}`));
  }
  for (const r of t.required ?? []) {
    const present = Object.keys(value as object).some((k) => (caseInsensitive ? k.toLowerCase() === r.toLowerCase() : k === r));
    if (!present) issues.push(`${at}.${r}: required but missing`);
  }
  return issues;
}

/** The documented type of a route's request body ("JsonPatchDocument (ops on …)" → JsonPatchDocument). */
export function requestType(r: RouteDoc): string | null {
  if (!r.requestBody || r.requestBody.startsWith('form:')) return null;
  return r.requestBody.split(' ')[0]!;
}
