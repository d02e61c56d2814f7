// @vitest-environment happy-dom
// The extension's stored settings and its typed API client, against WXT's fake browser storage and
// a recorded fetch: defaults, the cache that storage changes clear, and every failure turned into
// an outcome (offline, unauthorized that drops only the refused login, refused with the backend's
// code and message, a body that is not our error envelope).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

const { bumpCacheEpoch, currentSettings, defaultBackendUrl, readSettings, writeSettings } = await import('@/lib/settings');
const { call } = await import('@/lib/api');

type Seen = { url: string; auth: string | null };
let seen: Seen[];
function answer(res: () => Response | Promise<Response>) {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, auth: req.headers.get('authorization') });
    return res();
  }));
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(async () => {
  await fakeBrowser.storage.local.clear(); // not reset(): settings.ts listens for changes once per context
  seen = [];
  await writeSettings({});
});

describe('settings', () => {
  it('reads defaults from empty storage and what was written', async () => {
    expect(await readSettings()).toEqual({ backendUrl: defaultBackendUrl, token: null, locale: 'nb', userName: null, firmName: null });
    await writeSettings({ backendUrl: 'http://127.0.0.1:9999', token: 't1', locale: 'en', userName: 'Kari', firmName: 'Regnskap AS' });
    expect(await currentSettings()).toEqual({ backendUrl: 'http://127.0.0.1:9999', token: 't1', locale: 'en', userName: 'Kari', firmName: 'Regnskap AS' });
  });

  it('ignores values of the wrong type', async () => {
    await fakeBrowser.storage.local.set({ backendUrl: '', token: 7, locale: 'de', userName: {}, firmName: false });
    expect(await readSettings()).toEqual({ backendUrl: defaultBackendUrl, token: null, locale: 'nb', userName: null, firmName: null });
  });

  it('keeps the settings in memory until storage changes', async () => {
    await writeSettings({ token: 'a' });
    expect((await currentSettings()).token).toBe('a');
    await fakeBrowser.storage.local.set({ token: 'b' }); // another context saved a login
    expect((await currentSettings()).token).toBe('b');
  });

  it('marks cached answers stale with a new epoch', async () => {
    await bumpCacheEpoch();
    const first = (await fakeBrowser.storage.local.get('cacheEpoch'))['cacheEpoch'];
    await bumpCacheEpoch();
    expect((await fakeBrowser.storage.local.get('cacheEpoch'))['cacheEpoch']).not.toBe(first);
  });
});

describe('call', () => {
  it('sends the stored login to the stored backend and answers the data', async () => {
    await writeSettings({ backendUrl: 'http://127.0.0.1:8787', token: 'tok' });
    answer(() => json({ items: [] }));
    const r = await call<{ items: unknown[] }>((api) => api.api.v1.creditors.$get());
    expect(r).toEqual({ ok: true, data: { items: [] } });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:8787/api/v1/creditors', auth: 'Bearer tok' }]);
  });

  it('sends no authorization without a login', async () => {
    answer(() => json({ items: [] }));
    await call((api) => api.api.v1.creditors.$get());
    expect(seen[0]!.auth).toBeNull();
  });

  it('is offline when the backend cannot be reached, or answers 5xx', async () => {
    answer(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await call((api) => api.api.v1.me.$get())).toEqual({ ok: false, kind: 'offline', status: 0, code: 'offline', message: 'Failed to fetch' });
    answer(() => json({ error: { code: 'internal', message: 'Noe gikk galt hos oss (r1)' } }, 500));
    expect(await call((api) => api.api.v1.me.$get())).toMatchObject({ ok: false, kind: 'offline', status: 500, code: 'internal' });
  });

  it('is refused with the backend\'s code and message, or the HTTP status when the body is not ours', async () => {
    answer(() => json({ error: { code: 'not_overdue', message: 'Fakturaen har ikke forfalt' } }, 409));
    expect(await call((api) => api.api.v1.me.$get())).toEqual({ ok: false, kind: 'refused', status: 409, code: 'not_overdue', message: 'Fakturaen har ikke forfalt' });
    answer(() => new Response('<html>proxy</html>', { status: 404, statusText: 'Not Found' }));
    expect(await call((api) => api.api.v1.me.$get())).toMatchObject({ ok: false, kind: 'refused', status: 404, code: 'http_404' });
    answer(() => json({ error: 'nope' }, 400));
    expect(await call((api) => api.api.v1.me.$get())).toMatchObject({ code: 'http_400' });
  });

  it('on 401 drops the login that was refused, but not a newer one', async () => {
    await writeSettings({ token: 'old' });
    answer(() => json({ error: { code: 'unauthorized', message: 'Innloggingen er utløpt' } }, 401));
    expect(await call((api) => api.api.v1.me.$get())).toEqual({ ok: false, kind: 'unauthorized', status: 401, code: 'unauthorized', message: 'Innloggingen er utløpt' });
    expect((await readSettings()).token).toBeNull();
    await writeSettings({ token: 'refused' });
    answer(async () => {
      await fakeBrowser.storage.local.set({ token: 'newer' }); // a new login saved while the call was out
      return json({ error: { code: 'unauthorized', message: 'x' } }, 401);
    });
    await call((api) => api.api.v1.me.$get());
    expect((await readSettings()).token).toBe('newer');
  });
});
