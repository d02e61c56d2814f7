// The OpenAPI document comes from the routes: a route without doc() is reported, a validated body
// is documented with the schema it is validated with, and a document lists only served routes.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { doc, documentedRoutes, openApiDocument, validated } from '@backend/http/openapi';

const body = z.object({ name: z.string().min(1) });
const app = new Hono()
  .post('/api/v1/things/:id', doc({ summary: 'Lag', auth: 'user', response: z.object({ id: z.string() }) }), validated('param', z.object({ id: z.string().regex(/^\d+$/) })), validated('json', body), (c) => c.json({ id: c.req.valid('param').id }))
  .get('/api/v1/things', doc({ summary: 'Liste', auth: 'none', response: { mediaType: 'text/csv' } }), validated('query', z.object({ q: z.string().optional() })), (c) => c.text('a;b'))
  .get('/api/v1/forgotten', (c) => c.text('x'))
  .get('/health', (c) => c.text('ok'));
const sub = new Hono().get('/x', doc({ summary: 'Under', auth: 'operations', response: body }), (c) => c.json({ name: 'n' }));
const outer = new Hono().route('/api/v1/sub', sub);

describe('documentedRoutes', () => {
  it('reports a served route without doc() and leaves out what is outside the prefix', () => {
    const { documented, undocumented } = documentedRoutes(app.routes, '/api/v1');
    expect(undocumented).toEqual(['get /forgotten']);
    expect(documented.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['get /things', 'post /things/{id}']);
  });

  it('documents the body, path and query with the schemas the route validates with', () => {
    const d = openApiDocument(documentedRoutes(app.routes, '/api/v1').documented);
    const post = d.paths['/things/{id}']!['post'] as { requestBody: { content: { 'application/json': { schema: { properties: object } } } }; parameters: { name: string; schema: { pattern?: string } }[]; security?: unknown };
    expect(Object.keys(post.requestBody.content['application/json'].schema.properties)).toEqual(['name']);
    expect(post.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, schema: { pattern: '^\\d+$' } });
    expect(post.security).toBeUndefined();
    const list = d.paths['/things']!['get'] as { parameters: { name: string; required: boolean }[]; security: unknown[]; responses: Record<string, { content: Record<string, unknown> }> };
    expect(list.parameters).toEqual([expect.objectContaining({ name: 'q', in: 'query', required: false })]);
    expect(list.security).toEqual([]);
    expect(Object.keys(list.responses['200']!.content)).toEqual(['text/csv']);
  });

  it('finds docs through route(), and the operations-only answer lists 403', () => {
    const [r] = documentedRoutes(outer.routes, '/api/v1').documented;
    expect(r).toMatchObject({ method: 'get', path: '/sub/x', doc: { summary: 'Under' } });
    const op = openApiDocument([r!]).paths['/sub/x']!['get'] as { responses: Record<string, unknown> };
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
  });

  it('validates as the route says: a bad body is refused before the handler', async () => {
    const res = await app.request('/api/v1/things/12', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '' }) });
    expect(res.status).toBe(500); // no onError here: the DomainError is app.ts's to map (see errors.test.ts)
    const good = await app.request('/api/v1/things/12', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'a' }) });
    expect(await good.json()).toEqual({ id: '12' });
  });
});
