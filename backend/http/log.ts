// Structured logs: one JSON line per event (level, time, event, request id, …), with secrets scrubbed
// before the line is written, whatever a caller put in it. Used by node.ts (stdout) and the request
// middleware in app.ts; the Worker's console takes the same lines.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Clock } from '@shared/clock';
import type { AppDeps } from '../deps';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = NonNullable<AppDeps['log']>;

const redacted = '[redacted]';
/** Field names whose values are secrets wherever they appear (any depth, any case). */
const secretKey = /authorization|cookie|token|password|passwd|secret|client.?key|application.?key|subscription.?key|api.?key|encryption.?key|^key$/i;
/** Secrets inside free text (error messages that quote a header or a URL). */
const secretText: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${redacted}`],
  [/\b((?:access_?token|token|password|client_?key|key|secret)=)[^&\s"']+/gi, `$1${redacted}`],
  [/("(?:access_?token|token|password|clientKey|client_key|applicationKey|subscriptionKey)"\s*:\s*)"[^"]*"/gi, `$1"${redacted}"`],
];

function scrubText(s: string): string {
  let out = s;
  for (const [re, by] of secretText) out = out.replace(re, by);
  return out.length > 4000 ? `${out.slice(0, 4000)}…` : out;
}

/** A copy of `value` with secret fields replaced and secrets in text masked. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = secretKey.test(k) ? redacted : scrub(v, depth + 1);
  return out;
}

function levelOf(event: string, detail: Record<string, unknown> | undefined): LogLevel {
  const given = detail?.['level'];
  if (given === 'debug' || given === 'info' || given === 'warn' || given === 'error') return given;
  if (/error|failed/.test(event)) return 'error';
  return 'info';
}

/** A log sink writing one JSON line per event through `write` (console.log on Node). */
export function jsonLogger(write: (line: string) => void, clock: Clock): LogSink {
  return (event, detail) => {
    const fields = (detail ? scrub(detail) : {}) as Record<string, unknown>;
    delete fields['level'];
    try {
      write(JSON.stringify({ level: levelOf(event, detail), at: clock.now().toISOString(), event, ...fields }));
    } catch {
      // A log line never breaks the request or job that wrote it.
    }
  };
}

export type RequestEnv = { Variables: { requestId: string } };

const incomingId = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (a well-formed incoming X-Request-Id is kept), answers it in
 *  X-Request-Id, and logs one line when the answer is ready: method, route pattern (never the
 *  query, which could hold a secret), status and duration in ms. */
export function requestLog(deps: AppDeps): MiddlewareHandler<RequestEnv> {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given && incomingId.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('X-Request-Id', requestId);
    const status = c.res.status;
    deps.log?.('http.request', {
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      requestId,
      method: c.req.method,
      route: routePath(c, -1) || '(none)',
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
