// The OpenAPI document comes from the routes' createRoute definitions: a route mounted under a
// prefix is documented there with the schemas it validates with, the shared error answers follow
// who may call it, and a request the schemas refuse never reaches the handler.
import { createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@backend/errors';
import { access, apiDocument, apiRouter, file, jsonBody, ok } from '@backend/http/openapi';

const body = z.object({ name: z.string().min(1) });
const things = apiRouter()
  .openapi(createRoute({ method: 'post', path: '/{id}', summary: 'Lag', ...access('user'), request: { params: z.object({ id: z.string().regex(/^\d+$/) }), body: jsonBody(body) }, responses: ok(z.object({ id: z.string() }), 201) }), (c) => c.json({ id: c.req.valid('param').id }, 201))
  .openapi(createRoute({ method: 'get', path: '/', summary: 'Liste', ...access('none'), request: { query: z.object({ q: z.string().optional() }) }, responses: file('text/csv') }), (c) => c.text('a;b'));
const ops = apiRouter().openapi(createRoute({ method: 'get', path: '/x', summary: 'Under', ...access('operations'), responses: ok(body) }), (c) => c.json({ name: 'n' }, 200));
const api = apiRouter().route('/things', things).route('/ops', ops);
// The hook throws the DomainError; app.ts's onError turns it into the 400 (errors.test.ts).
api.onError((err, c) => c.json({ code: err instanceof DomainError ? err.code : 'other' }, 400));

describe('apiDocument', () => {
  const d = apiDocument(api);

  it('lists every route under the prefix it is mounted at, and nothing else', () => {
    expect(Object.entries(d.paths).flatMap(([p, m]) => Object.keys(m).map((k) => `${k} ${p}`)).sort()).toEqual(['get /ops/x', 'get /things', 'post /things/{id}']);
  });

  it('documents the body, path and query with the schemas the route validates with', () => {
    const post = d.paths['/things/{id}']!['post'] as { requestBody: { required: boolean; content: { 'application/json': { schema: { properties: object } } } }; parameters: { name: string; in: string; required: boolean; schema: { pattern?: string } }[]; security?: unknown; responses: Record<string, unknown> };
    expect(post.requestBody.required).toBe(true);
    expect(Object.keys(post.requestBody.content['application/json'].schema.properties)).toEqual(['name']);
    expect(post.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, schema: { pattern: '^\\d+$' } });
    expect(post.security).toBeUndefined();
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '404', '409']));
    const list = d.paths['/things']!['get'] as { parameters: { name: string; required: boolean }[]; security: unknown[]; responses: Record<string, { content: Record<string, unknown> }> };
    expect(list.parameters).toEqual([expect.objectContaining({ name: 'q', in: 'query', required: false })]);
    expect(list.security).toEqual([]);
    expect(Object.keys(list.responses['200']!.content)).toEqual(['text/csv']);
    expect(Object.keys(list.responses)).not.toContain('401');
  });

  it('gives an operations-only route its 403, and names the bearer scheme once', () => {
    expect(Object.keys(d.paths['/ops/x']!['get']!.responses!)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(d.components['securitySchemes']).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(d.security).toEqual([{ bearer: [] }]);
  });
});

describe('apiRouter', () => {
  const post = (path: string, init: { body?: string; type?: string }) =>
    api.request(path, { method: 'POST', headers: init.type ? { 'content-type': init.type } : {}, ...(init.body !== undefined ? { body: init.body } : {}) });

  it('refuses a bad body, a bad path parameter and an absent body before the handler, as a validation error', async () => {
    for (const res of [await post('/things/12', { body: JSON.stringify({ name: '' }), type: 'application/json' }), await post('/things/x', { body: JSON.stringify({ name: 'a' }), type: 'application/json' }), await post('/things/12', { type: 'application/json' })]) {
      expect(res.status).toBe(400);
      expect(['validation', 'other']).toContain(((await res.json()) as { code: string }).code);
    }
    const good = await post('/things/12', { body: JSON.stringify({ name: 'a' }), type: 'application/json' });
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ id: '12' });
  });

  it('answers a wrong body as a validation error that names the field', async () => {
    const res = await post('/things/12', { body: JSON.stringify({ name: '' }), type: 'application/json' });
    expect(await res.json()).toEqual({ code: 'validation' });
  });
});
