// Fault injection for tests and demos: a share of API responses become 500s, 429s with
// Retry-After, slow answers or dropped connections, drawn from a seeded PRNG so runs repeat.
import type { MiddlewareHandler } from 'hono';
import { seededRandom } from './util';

export type FaultKind = '500' | '429' | 'slow' | 'drop';
export type FaultConfig = { rate: number; kinds: FaultKind[]; seed: number; slowMs: number };

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
        case 'drop': {
          // On Node the socket is cut mid-request, as a lost connection; in-process there is no
          // socket, so the nearest thing is a gateway error.
          const socket = (c.env as NodeBindings | undefined)?.outgoing?.socket;
          if (socket) {
            socket.destroy();
            return new Response(null, { status: 499 });
          }
          return c.json({ message: 'Bad gateway' }, 502);
        }
      }
    };
  }
}
