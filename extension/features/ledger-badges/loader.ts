// The ledger's statuses from the backend: the only place that splits a page's invoices into
// chunks of ≤ 500 (each its own message to the background and one backend request, so no answer is
// big enough to stall Go's page while it is unpacked), keeps a few in flight, and asks again after
// 1, 2 and 4 s when the backend is briefly away.
import type { InvoiceStatusItem } from '@shared/api';
import type { Ask } from '../types';

export const invoiceStatusChunk = 500;
export const chunksInFlight = 3;
export const retryDelaysMs = [1000, 2000, 4000];

export type Trouble = 'offline' | 'unauthorized' | 'refused';
export type LoadOutcome = { ok: true } | { ok: false; kind: Trouble };

export type LoaderOptions = {
  ask: Ask;
  creditorId: string;
  signal: AbortSignal;
  /** Waits `ms`; false when the page view ended meanwhile (a test passes one that does not wait). */
  pause?: (ms: number, signal: AbortSignal) => Promise<boolean>;
};

export type LoadHandlers = {
  /** Each chunk's items, as they come. */
  onItems(items: InvoiceStatusItem[]): void;
  /** The backend did not answer (told at once, before any retry). */
  onTrouble?(kind: Trouble): void;
  /** An answer came after trouble. */
  onRecovered?(): void;
};

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(false);
    }, { once: true });
  });
}

/** Splits invoice numbers (each once, in order) into chunks of at most `size`. */
export function chunked(invoiceNos: readonly number[], size = invoiceStatusChunk): number[][] {
  const unique = [...new Set(invoiceNos)];
  const chunks: number[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}

export class StatusLoader {
  private readonly wait: NonNullable<LoaderOptions['pause']>;

  constructor(private readonly o: LoaderOptions) {
    this.wait = o.pause ?? pause;
  }

  /** Every invoice of `invoiceNos`, chunk by chunk, `chunksInFlight` at once. The first failure
   *  that retrying does not mend stops the rest; a page view that ends stops everything. */
  async load(invoiceNos: readonly number[], handlers: LoadHandlers): Promise<LoadOutcome> {
    const chunks = chunked(invoiceNos);
    let outcome: LoadOutcome = { ok: true };
    const worker = async () => {
      for (let chunk = chunks.shift(); chunk && outcome.ok && !this.o.signal.aborted; chunk = chunks.shift()) {
        const r = await this.chunk(chunk, handlers);
        if (!r.ok && outcome.ok) outcome = r;
      }
    };
    await Promise.all(Array.from({ length: Math.min(chunksInFlight, chunks.length) }, worker));
    return outcome;
  }

  private async chunk(invoiceNos: number[], handlers: LoadHandlers): Promise<LoadOutcome> {
    for (let attempt = 0; ; attempt++) {
      const r = await this.o.ask({ type: 'invoiceStatus', creditorId: this.o.creditorId, invoiceNos });
      if (this.o.signal.aborted) return { ok: true };
      if (r.ok) {
        if (attempt > 0) handlers.onRecovered?.();
        handlers.onItems(r.data.items);
        return { ok: true };
      }
      handlers.onTrouble?.(r.kind);
      if (r.kind !== 'offline' || attempt >= retryDelaysMs.length) return { ok: false, kind: r.kind };
      if (!(await this.wait(retryDelaysMs[attempt]!, this.o.signal))) return { ok: true };
    }
  }
}
