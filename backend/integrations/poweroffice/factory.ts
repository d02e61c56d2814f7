// The Go client factory: one client per creditor, sharing the token cache and the 10 requests/s
// limit. Without a `limiter` the process's one bucket is used (Node); the edge passes the Durable
// Object's, so every isolate of the agency takes its slots from the same bucket.
import type { Clock } from '@shared/clock';
import type { GoClientFactory } from '../../deps';
import { decryptSecret } from '../../crypto';
import { createGoClient, TokenCache, realSleep, type Sleep } from './client';
import { processRateLimit, type GoRateLimit } from './rate-limit';

export function goClientFactory(o: { apiUrl: string; v2Url: string; applicationKey: string; subscriptionKey: string; encryptionKey: string; clock: Clock; sleep?: Sleep; fetch?: typeof fetch; timeoutMs?: number; limiter?: GoRateLimit }): GoClientFactory {
  const sleep = o.sleep ?? realSleep;
  const limiter = o.limiter ?? processRateLimit();
  const tokens = new TokenCache();
  return async (creditor) => {
    if (!creditor.goClientKeyEnc) throw new Error(`creditor ${creditor.id} has no Go client key`);
    const clientKey = await decryptSecret(creditor.goClientKeyEnc, o.encryptionKey);
    return createGoClient({ apiUrl: o.apiUrl, v2Url: o.v2Url, applicationKey: o.applicationKey, subscriptionKey: o.subscriptionKey, clientKey, clock: o.clock, sleep, limiter, tokens, ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
  };
}
