// Whether a request to one of our pages came from our own origin (the CSRF check of the case
// page, the wizard's calls and the operations page). The browser's Origin says so; our pages send
// Referrer-Policy: no-referrer, under which a form post says `Origin: null`, and then Sec-Fetch-Site
// (which a page cannot forge) says where the post came from. Without either header the request did
// not come from a browser page at all.
import type { Context } from 'hono';
import type { AppDeps } from '../deps';

export function sameOrigin(deps: AppDeps, c: Context): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin && origin !== 'null') return origin === new URL(c.req.url).origin || origin === new URL(deps.config.publicUrl).origin;
  if (origin === 'null') return site === 'same-origin';
  return !site || site === 'same-origin' || site === 'none';
}
