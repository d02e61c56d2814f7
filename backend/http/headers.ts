// Security headers on every answer, in one place:
// - nosniff and a strict Referrer-Policy on everything;
// - every HTML page a Content-Security-Policy with frame-ancestors 'none' (a route that runs a
//   script sets its own policy; frame-ancestors is added to it when missing) and X-Frame-Options;
// - every answer `Cache-Control: no-store` unless the route said otherwise: the API's JSON, the case
//   page, statements, PDFs and CSVs all carry personal or financial data. Only /health and the
//   public API description may be cached, and they are cheap anyway.
import type { MiddlewareHandler } from 'hono';

/** For pages without a script: inline styles, own images, forms to ourselves only. */
export const staticPageCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'no-referrer');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
    const type = h.get('content-type') ?? '';
    if (/^text\/html|xml|svg/i.test(type)) {
      const csp = h.get('Content-Security-Policy');
      if (!csp) h.set('Content-Security-Policy', staticPageCsp);
      else if (!/frame-ancestors/.test(csp)) h.set('Content-Security-Policy', `${csp}; frame-ancestors 'none'`);
      h.set('X-Frame-Options', 'DENY');
    }
  };
}
