// The API's OpenAPI 3.1 document, generated from the routes themselves. Each route carries, next
// to its handler, a `doc({...})` (summary, who may call it, what it answers) and validates its
// input with `validated(target, schema)`; both are ordinary middleware, recorded here by
// reference. openApiDocument() walks the app's own route list (app.routes), so a route is in the
// document exactly when the app serves it, with the very schemas it validates with.
import type { Env, MiddlewareHandler, ValidationTargets } from 'hono';
import type { InferInput } from 'hono/validator';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { apiError } from '@shared/api';
import { validationHook } from './errors';

export type Access = 'none' | 'user' | 'operations';
/** A JSON answer's schema, or the media type of a file (CSV, HTML, PDF). */
export type Answer = z.ZodType | { mediaType: string };

export type RouteDoc = {
  summary: string;
  auth: Access;
  response: Answer;
  /** The success status (default 200). */
  status?: number;
  /** A JSON body the handler reads without a validator (it tolerates an empty body). */
  body?: z.ZodType;
};

type Validation = { target: 'json' | 'param' | 'query'; schema: z.ZodType };

const docs = new WeakMap<object, RouteDoc>();
const validations = new WeakMap<object, Validation>();

/** Documents the route it is placed in; passes every request on. */
export function doc(d: RouteDoc): MiddlewareHandler {
  const mw: MiddlewareHandler = (_c, next) => next();
  docs.set(mw, d);
  return mw;
}

type ValidatedInput<Target extends keyof ValidationTargets, T extends z.ZodType> = {
  in: { [K in Target]: [z.input<T>] extends [ValidationTargets[K]] ? z.input<T> : InferInput<z.input<T>, K> };
  out: { [K in Target]: z.output<T> };
};

/** zod validation of a request's JSON body, path parameters or query, with our error answer
 *  (validationHook), recorded so that the document shows the schema the route validates with. */
export function validated<Target extends 'json' | 'param' | 'query', T extends z.ZodType, E extends Env = Env, P extends string = string>(target: Target, schema: T): MiddlewareHandler<E, P, ValidatedInput<Target, T>> {
  const mw = zValidator(target, schema, validationHook) as unknown as MiddlewareHandler<E, P, ValidatedInput<Target, T>>;
  validations.set(mw, { target, schema });
  return mw;
}

/** One entry of a Hono app's `routes`. */
export type ServedRoute = { method: string; path: string; handler: object };

/** What the document says of one served method and path: its doc and validations, found among
 *  the handlers registered for it (route() keeps the handler objects, or wraps them with a
 *  reference to the original). */
function describe(handlers: object[]): { doc?: RouteDoc; checks: Validation[] } {
  const unwrap = (h: object): object[] => [h, ...Object.getOwnPropertySymbols(h).map((s) => (h as Record<symbol, unknown>)[s]).filter((v): v is object => typeof v === 'function')];
  let found: RouteDoc | undefined;
  const checks: Validation[] = [];
  for (const h of handlers.flatMap(unwrap)) {
    found ??= docs.get(h);
    const v = validations.get(h);
    if (v) checks.push(v);
  }
  return { ...(found ? { doc: found } : {}), checks };
}

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
const errorResponse = { description: 'Feil / error', content: { 'application/json': { schema: json(apiError, 'output') } } };

export type DocumentedRoute = { method: string; path: string; doc: RouteDoc; body?: z.ZodType; params?: z.ZodType; query?: z.ZodType };

/** The API's routes under `prefix` with their docs; a served route without a doc is an error
 *  (the contract test finds it; the document leaves nothing out silently). */
export function documentedRoutes(routes: readonly ServedRoute[], prefix: string): { documented: DocumentedRoute[]; undocumented: string[] } {
  const grouped = new Map<string, object[]>();
  for (const r of routes) {
    if (r.method === 'ALL' || !r.path.startsWith(`${prefix}/`)) continue;
    const key = `${r.method.toLowerCase()} ${r.path.slice(prefix.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`;
    grouped.set(key, [...(grouped.get(key) ?? []), r.handler]);
  }
  const documented: DocumentedRoute[] = [];
  const undocumented: string[] = [];
  for (const [key, handlers] of grouped) {
    const [method, path] = key.split(' ') as [string, string];
    const { doc: d, checks } = describe(handlers);
    if (!d) {
      undocumented.push(key);
      continue;
    }
    const of = (t: Validation['target']) => checks.find((c) => c.target === t)?.schema;
    const body = of('json') ?? d.body;
    const params = of('param');
    const query = of('query');
    documented.push({ method, path, doc: d, ...(body ? { body } : {}), ...(params ? { params } : {}), ...(query ? { query } : {}) });
  }
  return { documented, undocumented };
}

function parameters(r: DocumentedRoute) {
  const shapeOf = (s: z.ZodType | undefined) => (s && s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : {});
  const pathShape = shapeOf(r.params);
  const path = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: pathShape[m[1]!] ? json(pathShape[m[1]!]!, 'input') : { type: 'string' } }));
  const query = Object.entries(shapeOf(r.query)).map(([name, s]) => ({ name, in: 'query', required: !s.safeParse(undefined).success, schema: json(s, 'input') }));
  return [...path, ...query];
}

function answer(a: Answer) {
  if (a instanceof z.ZodType) return { 'application/json': { schema: json(a, 'output') } };
  return { [a.mediaType]: { schema: a.mediaType === 'application/pdf' ? { type: 'string', contentMediaType: 'application/pdf' } : { type: 'string' } } };
}

export function openApiDocument(routes: readonly DocumentedRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = parameters(r);
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.doc.summary,
      'x-access': r.doc.auth,
      ...(params.length ? { parameters: params } : {}),
      ...(r.doc.auth === 'none' ? { security: [] } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body, 'input') } } } } : {}),
      responses: {
        [r.doc.status ?? 200]: { description: 'OK', content: answer(r.doc.response) },
        400: errorResponse,
        ...(r.doc.auth === 'none' ? {} : { 401: errorResponse }),
        ...(r.doc.auth === 'operations' ? { 403: errorResponse } : {}),
        404: errorResponse,
        409: errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Modhi inkasso for PowerOffice GO', version: '1.0.0', description: 'API for nettleserutvidelsen og inkassobyråets drift. Beløp i øre, datoer YYYY-MM-DD (Europe/Oslo). Feilmeldinger på norsk, eller engelsk med Accept-Language: en.' },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
