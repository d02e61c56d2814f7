// The session of the accountant logged in to Go's pages, the way Go's web app (ASP.NET) keeps it: a
// session cookie, and an antiforgery token per session that every page form carries in a hidden
// field and every page POST must send back. The sandbox has no login page: the first page a browser
// opens starts its session (the accountant is taken as logged in). The public API never looks at
// this; it is what a page request in the user's session is, and what the extension's Go adapter
// has to find in Go's page to act as the accountant.
import type { Context, MiddlewareHandler } from 'hono';
import { escapeHtml } from './util';

export const sessionCookie = 'GoSession';
export const antiforgeryField = '__RequestVerificationToken';

function randomToken(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function cookieOf(c: Context, name: string): string | null {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export class UiSessions {
  /** session id → antiforgery token */
  private readonly tokens = new Map<string, string>();

  /** A new session, as a login would start it: its cookie header value and antiforgery token
   *  (for tests and scripts that act as the accountant without a browser). */
  open(): { cookie: string; token: string } {
    const id = randomToken();
    const token = randomToken();
    this.tokens.set(id, token);
    return { cookie: `${sessionCookie}=${id}`, token };
  }

  /** The session of this request, started (cookie set on the answer) when there is none. */
  ensure(c: Context): string {
    const id = cookieOf(c, sessionCookie);
    const known = id ? this.tokens.get(id) : undefined;
    if (id && known) return known;
    const fresh = randomToken();
    const token = randomToken();
    this.tokens.set(fresh, token);
    c.header('Set-Cookie', `${sessionCookie}=${fresh}; Path=/; HttpOnly; SameSite=Lax`, { append: true });
    return token;
  }

  /** The token a POST must carry: the session's, or null when the request has no known session. */
  tokenOf(c: Context): string | null {
    const id = cookieOf(c, sessionCookie);
    return id ? (this.tokens.get(id) ?? null) : null;
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** The hidden field every page form carries. */
export function antiforgeryInput(token: string): string {
  return `<input type="hidden" name="${antiforgeryField}" value="${escapeHtml(token)}">`;
}

/** Page POSTs need the session cookie and its antiforgery token (form field or the
 *  RequestVerificationToken header, as Go's own scripts send it); anything else is refused with
 *  400, as ASP.NET's antiforgery filter does. GETs start a session when there is none. */
export function uiSession(sessions: UiSessions): MiddlewareHandler<{ Variables: { antiforgery: string } }> {
  return async (c, next) => {
    if (c.req.method === 'POST') {
      const expected = sessions.tokenOf(c);
      let sent = c.req.header('requestverificationtoken') ?? null;
      if (!sent && (c.req.header('content-type') ?? '').includes('form')) {
        const form = await c.req.parseBody();
        const field = form[antiforgeryField];
        sent = typeof field === 'string' ? field : null;
      }
      if (!expected || sent !== expected) {
        return c.html('<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Ugyldig forespørsel</title></head><body><h1>Ugyldig forespørsel</h1><p class="go-error" role="alert">Siden er utløpt. Last den inn på nytt og prøv igjen.</p></body></html>', 400);
      }
      c.set('antiforgery', expected);
    } else {
      c.set('antiforgery', sessions.ensure(c));
    }
    await next();
  };
}
