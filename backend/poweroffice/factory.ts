// The Go client factory: one client per creditor, sharing the token cache and the 10 requests/s limit.
import type { Clock } from '@shared/clock';
import type { GoClientFactory } from '../deps';
import { decryptSecret } from '../crypto';
import { createGoClient, RateLimiter, TokenCache, realSleep, type Sleep } from './client';

export function goClientFactory(o: { apiUrl: string; v2Url: string; applicationKey: string; subscriptionKey: string; encryptionKey: string; clock: Clock; sleep?: Sleep; fetch?: typeof fetch; timeoutMs?: number }): GoClientFactory {
  const sleep = o.sleep ?? realSleep;
  const limiter = new RateLimiter(10, o.clock, sleep);
  const tokens = new TokenCache();
  return async (creditor) => {
    if (!creditor.goClientKeyEnc) throw new Error(`creditor ${creditor.id} has no Go client key`);
    const clientKey = await decryptSecret(creditor.goClientKeyEnc, o.encryptionKey);
    return createGoClient({ apiUrl: o.apiUrl, v2Url: o.v2Url, applicationKey: o.applicationKey, subscriptionKey: o.subscriptionKey, clientKey, clock: o.clock, sleep, limiter, tokens, ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
  };
}
