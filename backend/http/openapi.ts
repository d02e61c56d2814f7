// The API's OpenAPI 3.1 document, generated from the routes themselves. Every /api/v1 route is
// defined with @hono/zod-openapi's `createRoute` (path, summary, who may call it, the schemas of
// its parameters, body and answer) on an `apiRouter()`, which validates each request with those
// very schemas and registers the route for the document; the extension's typed client
// (hc<AppType>) is inferred from the same definitions. `apiDocument()` adds what every route
// shares (the error answers, the bearer scheme), so no route repeats it.
import type { Env } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { apiError } from '@shared/api';
import { validationHook } from './errors';

export type Access = 'none' | 'user' | 'operations';

/** A router for createRoute definitions: a request its schemas refuse gets our 400 (validationHook,
 *  thrown to app.ts's onError), the same answer as every other validation failure. */
export function apiRouter<E extends Env>() {
  return new OpenAPIHono<E>({ defaultHook: (result, c) => validationHook(result, c) });
}

/** Who may call the route: recorded as `x-access`; a route open to all needs no bearer token. */
export function access(a: Access): { 'x-access': Access; security?: [] } {
  return a === 'none' ? { 'x-access': a, security: [] } : { 'x-access': a };
}

/** The `{id}` of a resource's path (a creditor, case or remittance). Unknown ids are the route's
 *  404, as for another firm's, so the schema checks no more than that it is there. */
export const idParam = z.object({ id: z.string() });

/** A required JSON body validated with `schema` (an absent body is a 400, not an empty object). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true }) as const;

type JsonAnswer<T extends z.ZodType> = { description: string; content: { 'application/json': { schema: T } } };

/** The success answer: JSON of `schema` with `status` (200 unless said). The error answers are
 *  the same for every route and are added by apiDocument(), not declared per route, so the typed
 *  client sees each route's own answer. */
export function ok<T extends z.ZodType>(schema: T): { 200: JsonAnswer<T> };
export function ok<T extends z.ZodType, S extends 200 | 201>(schema: T, status: S): { [K in S]: JsonAnswer<T> };
export function ok(schema: z.ZodType, status: 200 | 201 = 200) {
  return { [status]: { description: 'OK', content: { 'application/json': { schema } } } };
}

/** A file answer (CSV, HTML, PDF): the handler returns its own Response. */
export function file<M extends string>(mediaType: M): { 200: { description: string; content: { [K in M]: { schema: z.ZodString } } } } {
  return { 200: { description: 'OK', content: { [mediaType]: { schema: z.string() } } as { [K in M]: { schema: z.ZodString } } } };
}

const errorResponse = { description: 'Feil / error', content: { 'application/json': { schema: z.toJSONSchema(apiError, { io: 'output' }) } } };

/** The error answers a route may give, by who may call it (app.ts's onError writes them). */
function errorResponses(a: Access) {
  return { 400: errorResponse, ...(a === 'none' ? {} : { 401: errorResponse }), ...(a === 'operations' ? { 403: errorResponse } : {}), 404: errorResponse, 409: errorResponse };
}

export type OpenApiOperation = { summary?: string; 'x-access'?: Access; security?: unknown[]; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; [k: string]: unknown };
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  components: Record<string, unknown>;
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
};

/** The document of `api`, the OpenAPIHono that mounts every API router with route() (its registry
 *  holds their definitions under their prefixes), served at `serverUrl`. */
export function apiDocument(api: Pick<OpenAPIHono, 'getOpenAPI31Document'>, serverUrl = '/api/v1'): OpenApiDocument {
  const info = { title: 'Modhi inkasso for PowerOffice GO', version: '1.0.0', description: 'API for nettleserutvidelsen og inkassobyråets drift. Beløp i øre, datoer YYYY-MM-DD (Europe/Oslo). Feilmeldinger på norsk, eller engelsk med Accept-Language: en.' };
  const generated = api.getOpenAPI31Document({ openapi: '3.1.0', info });
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, methods] of Object.entries(generated.paths ?? {})) {
    for (const [method, op] of Object.entries(methods as Record<string, OpenApiOperation>)) {
      paths[path] ??= {};
      paths[path]![method] = { ...op, responses: { ...op.responses, ...errorResponses(op['x-access'] ?? 'user') } };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: serverUrl }],
    components: { ...generated.components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
