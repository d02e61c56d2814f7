/** @jsxImportSource hono/jsx */
// /openapi.json and /docs: the document generated from the routes the app serves (http/openapi.ts),
// and a plain page of it (no CDN, no script: it works offline).
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { access, apiRouter, file, ok, type OpenApiDocument } from './openapi';
import { documentOf, Layout } from './page-layout';

const openApiShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string() }), paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

const css = 'body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}';

type Operation = { summary?: string; 'x-access'?: string; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

function Schema(props: { label: string; schema: unknown }) {
  if (props.schema === undefined) return null;
  return (
    <details>
      <summary>{props.label}</summary>
      <pre>{JSON.stringify(props.schema, null, 2)}</pre>
    </details>
  );
}

/** The success answer of an operation: its JSON schema, or the media type of the file it is. */
function Answer(props: { op: Operation }) {
  const [, success] = Object.entries(props.op.responses ?? {}).find(([status]) => status.startsWith('2')) ?? [];
  const [mediaType, content] = Object.entries(success?.content ?? {})[0] ?? [];
  if (mediaType === 'application/json') return <Schema label="Svar / response" schema={content?.schema} />;
  return <p>Svar / response: <code>{mediaType ?? '–'}</code></p>;
}

function DocsPage(props: { document: OpenApiDocument; prefix: string }) {
  const { prefix } = props;
  const operations = Object.entries(props.document.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })));
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
          {operations.map(({ path, method, op }) => (
            <tr>
              <td><code>{method.toUpperCase()}</code></td>
              <td><code>{prefix + path}</code></td>
              <td>
                {op.summary}
                <Schema label="Forespørsel / request" schema={op.requestBody?.content?.['application/json']?.schema} />
                <Answer op={op} />
              </td>
              <td>{op['x-access']}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** `document`: the API's document, built at the first request, when every route is in. */
export function docsRoutes(document: () => OpenApiDocument, prefix = '/api/v1') {
  let built: OpenApiDocument | undefined;
  const once = () => (built ??= document());
  return apiRouter()
    .openapi(createRoute({ method: 'get', path: '/openapi.json', summary: 'Denne beskrivelsen (OpenAPI 3.1) / this document', ...access('none'), responses: ok(openApiShape) }), (c) => c.json(once() as z.infer<typeof openApiShape>, 200))
    .openapi(createRoute({ method: 'get', path: '/docs', summary: 'API-dokumentasjonen som side / the API docs as a page', ...access('none'), responses: file('text/html') }), async (c) => c.html(await documentOf(<DocsPage document={once()} prefix={prefix} />)));
}
