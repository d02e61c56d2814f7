/** @jsxImportSource hono/jsx */
// The one layout of the pages the backend serves (the case view, its login and messages, the
// wizard, the operations pages): a Norwegian HTML document with the page's own styles. Rendered
// with hono/jsx, so every text put into a page is escaped by construction.
import type { Child } from 'hono/jsx';

export function Layout(props: { title: string; styles: string; children: Child }) {
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{props.title}</title>
        {/* A constant of the page's module, never data: not escaped (its selectors use ">"). */}
        <style dangerouslySetInnerHTML={{ __html: props.styles }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** A page as an HTML document. */
export async function documentOf(page: Child): Promise<string> {
  return `<!doctype html>${await (page as { toString(): string | Promise<string> }).toString()}`;
}
