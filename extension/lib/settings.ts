// What the extension keeps in browser storage: the backend address, the login and the language.
import { browser } from 'wxt/browser';
import type { Locale } from './i18n';

export type StoredSettings = { backendUrl: string; token: string | null; locale: Locale; userName: string | null; firmName: string | null };

export const defaultBackendUrl: string = (import.meta.env as Record<string, string | undefined>)['WXT_BACKEND_URL'] ?? 'http://127.0.0.1:8787';

export async function readSettings(): Promise<StoredSettings> {
  const s = await browser.storage.local.get(['backendUrl', 'token', 'locale', 'userName', 'firmName']);
  return {
    backendUrl: typeof s['backendUrl'] === 'string' && s['backendUrl'] ? s['backendUrl'] : defaultBackendUrl,
    token: typeof s['token'] === 'string' ? s['token'] : null,
    locale: s['locale'] === 'en' ? 'en' : 'nb',
    userName: typeof s['userName'] === 'string' ? s['userName'] : null,
    firmName: typeof s['firmName'] === 'string' ? s['firmName'] : null,
  };
}

let cached: Promise<StoredSettings> | null = null;
let watching = false;

/** The settings, kept in memory until storage changes: the background reads them on every call,
 *  and a storage read is a round trip a 5 000-row ledger's ten requests need not make. */
export function currentSettings(): Promise<StoredSettings> {
  if (!watching) {
    watching = true;
    browser.storage.onChanged.addListener(() => {
      cached = null;
    });
  }
  return (cached ??= readSettings());
}

export async function writeSettings(patch: Partial<StoredSettings>): Promise<void> {
  // Forgotten here as well as on the storage event, which may come after this context's next read.
  cached = null;
  await browser.storage.local.set(patch);
  cached = null;
}

/** Tells the background that cached answers are stale (settings saved, sync run). */
export async function bumpCacheEpoch(): Promise<void> {
  await browser.storage.local.set({ cacheEpoch: crypto.randomUUID() });
}
