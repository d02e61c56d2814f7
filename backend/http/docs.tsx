/** @jsxImportSource hono/jsx */
// /openapi.json and /docs: the document generated from the routes the app serves (http/openapi.ts),
// and a plain page of it (no CDN, no script: it works offline).
import { Hono } from 'hono';
import { z } from 'zod';
import { doc, documentedRoutes, openApiDocument, type DocumentedRoute, type ServedRoute } from './openapi';
import { documentOf, Layout } from './page-layout';

const openApiShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string() }), paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

const css = 'body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}';

function Schema(props: { label: string; type: z.ZodType | undefined; io: 'input' | 'output' }) {
  if (!props.type) return null;
  return (
    <details>
      <summary>{props.label}</summary>
      <pre>{JSON.stringify(z.toJSONSchema(props.type, { io: props.io, unrepresentable: 'any' }), null, 2)}</pre>
    </details>
  );
}

function DocsPage(props: { routes: DocumentedRoute[]; prefix: string }) {
  const { prefix } = props;
  return (
    <Layout title="API – Modhi inkasso" styles={css}>
      <h1>Modhi inkasso for PowerOffice GO – API v1</h1>
      <p>
        Maskinlesbar beskrivelse: <a href={`${prefix}/openapi.json`}>openapi.json</a>. Logg inn med <code>POST {prefix}/auth/login</code> og send{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. Feil svarer <code>{'{ error: { code, message, fields } }'}</code>, på norsk, eller på engelsk med{' '}
        <code>Accept-Language: en</code>.
      </p>
      <table>
        <thead><tr><th>Metode</th><th>Sti</th><th>Hva</th><th>Tilgang</th></tr></thead>
        <tbody>
          {props.routes.map((r) => (
            <tr>
              <td><code>{r.method.toUpperCase()}</code></td>
              <td><code>{prefix + r.path}</code></td>
              <td>
                {r.doc.summary}
                <Schema label="Forespørsel / request" type={r.body} io="input" />
                {r.doc.response instanceof z.ZodType ? <Schema label="Svar / response" type={r.doc.response} io="output" /> : <p>Svar / response: <code>{r.doc.response.mediaType}</code></p>}
              </td>
              <td>{r.doc.auth}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** `served`: the app's route list (app.routes), read at the first request, when every route is in. */
export function docsRoutes(served: () => readonly ServedRoute[], prefix = '/api/v1') {
  let routes: DocumentedRoute[] | undefined;
  const documented = () => (routes ??= documentedRoutes(served(), prefix).documented);
  return new Hono()
    .get('/openapi.json', doc({ summary: 'Denne beskrivelsen (OpenAPI 3.1) / this document', auth: 'none', response: openApiShape }), (c) => c.json(openApiDocument(documented())))
    .get('/docs', doc({ summary: 'API-dokumentasjonen som side / the API docs as a page', auth: 'none', response: { mediaType: 'text/html' } }), async (c) => c.html(await documentOf(<DocsPage routes={documented()} prefix={prefix} />)));
}
