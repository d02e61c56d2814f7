// POST /OAuth/Token: client credentials with Basic base64(applicationKey:clientKey) and the
// Ocp-Apim-Subscription-Key, as Go documents; errors are OAuth ErrorResponseDto bodies (400).
// A token sees only its own Go client, as the agency whose application key made it. The sandbox
// answers Go's legacy and v2 token URLs at the same path.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Client, Extension, Store } from '../store';

export const tokenLifetimeSeconds = 1200;

export type Grant = { token: string; clientId: string; extensionId: string; expiresAt: number };

export type AuthEnv = { Variables: { client: Client; extension: Extension; grant: Grant } };

export class Tokens {
  private grants = new Map<string, Grant>();
  constructor(private readonly store: Store) {}

  issue(clientId: string, extensionId: string): Grant {
    const token = `${crypto.randomUUID()}${crypto.randomUUID()}`.replace(/-/g, '');
    const grant = { token, clientId, extensionId, expiresAt: this.store.now().getTime() + tokenLifetimeSeconds * 1000 };
    this.grants.set(token, grant);
    return grant;
  }

  check(token: string): Grant | null {
    const grant = this.grants.get(token);
    if (!grant) return null;
    if (grant.expiresAt <= this.store.now().getTime()) {
      this.grants.delete(token);
      return null;
    }
    return grant;
  }

  clear(): void {
    this.grants.clear();
  }
}

export function tokenRoute(store: Store, tokens: Tokens, subscriptionKey: string): Hono {
  const app = new Hono();
  const oauthError = (c: Context, error: string, description: string) => c.json({ error, error_description: description }, 400);
  app.post('/OAuth/Token', async (c) => {
    if (c.req.header('ocp-apim-subscription-key') !== subscriptionKey) return c.json({ statusCode: '401', message: 'Access denied due to missing or invalid subscription key.' }, 401);
    const header = c.req.header('authorization') ?? '';
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (form['grant_type'] !== 'client_credentials') return oauthError(c, 'unsupported_grant_type', 'grant_type must be client_credentials');
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) return oauthError(c, 'invalid_client', 'Basic authorization with applicationKey:clientKey is required');
    let decoded = '';
    try {
      decoded = atob(match[1]!);
    } catch {
      return oauthError(c, 'invalid_client', 'The Basic credentials are not base64');
    }
    const [applicationKey, clientKey] = decoded.split(':');
    for (const client of store.clients) {
      const extension = client.extensions.find((e) => e.clientKey === clientKey && e.applicationKey === applicationKey);
      if (extension && extension.active) {
        const grant = tokens.issue(client.id, extension.id);
        return c.json({ access_token: grant.token, token_type: 'bearer', expires_in: tokenLifetimeSeconds });
      }
    }
    return oauthError(c, 'invalid_client', 'Unknown or inactive application key and client key');
  });
  return app;
}

export function requireToken(store: Store, tokens: Tokens, unauthorized: (c: Context) => Response | Promise<Response> = legacyUnauthorized): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const grant = match ? tokens.check(match[1]!) : null;
    if (!grant) return unauthorized(c);
    const client = store.clients.find((x) => x.id === grant.clientId);
    const extension = client?.extensions.find((e) => e.id === grant.extensionId);
    // Switching the extension off in Utvidelser revokes its access at once, as in Go.
    if (!client || !extension || !extension.active) return unauthorized(c);
    c.set('client', client);
    c.set('extension', extension);
    c.set('grant', grant);
    await next();
  };
}

function legacyUnauthorized(c: Context) {
  return c.json({ message: 'Authorization has been denied for this request.' }, 401);
}
