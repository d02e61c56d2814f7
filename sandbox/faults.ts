// Fault injection for tests and demos: a share of API responses become 500s, 429s with
// Retry-After, slow answers, timeouts or dropped connections, drawn from a seeded PRNG so runs repeat.
//   500      Go fails before doing anything
//   429      throttled, with Retry-After: 1
//   slow     answered after slowMs (the request is carried out; 2 s by default)
//   drop     the connection is cut before Go does anything
//   timeout  Go carries the request out, but answers only after hangMs, when the caller has given up
//   lost     Go carries the request out, then the connection is cut before the answer
// The last two are the hard ones for idempotency: the write happened, and the caller cannot know.
import type { MiddlewareHandler } from 'hono';
import { seededRandom } from './util';

export const faultKinds = ['500', '429', 'slow', 'drop', 'timeout', 'lost'] as const;
export type FaultKind = (typeof faultKinds)[number];
export type FaultConfig = { rate: number; kinds: FaultKind[]; seed: number; slowMs: number; hangMs?: number };

type NodeBindings = { outgoing?: { socket?: { destroy(): void } | null } };

export class Faults {
  config: FaultConfig | null = null;
  private random: () => number = Math.random;
  injected = 0;

  set(config: FaultConfig): void {
    this.config = config;
    this.random = seededRandom(config.seed);
    this.injected = 0;
  }

  clear(): void {
    this.config = null;
  }

  /** On Node the socket is cut mid-request, as a lost connection; in-process there is no socket,
   *  so the nearest thing is a gateway error. */
  private cut(env: unknown, inProcess: () => Response): Response {
    const socket = (env as NodeBindings | undefined)?.outgoing?.socket;
    if (!socket) return inProcess();
    socket.destroy();
    return new Response(null, { status: 499 });
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const config = this.config;
      if (!config || config.kinds.length === 0 || this.random() >= config.rate) return next();
      const kind = config.kinds[Math.floor(this.random() * config.kinds.length)]!;
      this.injected++;
      switch (kind) {
        case '500':
          return c.json({ message: 'An error has occurred.' }, 500);
        case '429':
          c.header('Retry-After', '1');
          return c.json({ message: 'Rate limit is exceeded. Try again in 1 seconds.' }, 429);
        case 'slow':
          await new Promise((r) => setTimeout(r, config.slowMs));
          return next();
        case 'drop':
          return this.cut(c.env, () => c.json({ message: 'Bad gateway' }, 502));
        case 'timeout':
          await next();
          await new Promise((r) => setTimeout(r, config.hangMs ?? 30_000));
          return;
        case 'lost':
          await next();
          return this.cut(c.env, () => c.json({ message: 'Gateway timeout' }, 504));
      }
    };
  }
}
