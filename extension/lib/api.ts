// The backend's API, typed from its routes (hc<AppType>): only the type crosses from backend/.
import { hc } from 'hono/client';
import type { AppType } from '@backend/app';
import type { ApiError } from '@shared/api';
import { currentSettings, readSettings, writeSettings, type StoredSettings } from './settings';

export type Outcome<T> = { ok: true; data: T } | { ok: false; kind: 'offline' | 'unauthorized' | 'refused'; status: number; code: string; message: string };

/** The backend's error envelope, checked by hand: zod would put its eval-based JIT into the bundle. */
function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

function clientFor(settings: StoredSettings) {
  return hc<AppType>(settings.backendUrl, { headers: (): Record<string, string> => (settings.token ? { authorization: `Bearer ${settings.token}` } : {}) });
}

/** Runs a typed call and turns every failure into an outcome the UI can show quietly. */
export async function call<T>(run: (api: ReturnType<typeof clientFor>) => Promise<Response>): Promise<Outcome<T>> {
  let res: Response;
  const settings = await currentSettings();
  try {
    res = await run(clientFor(settings));
  } catch (e) {
    return { ok: false, kind: 'offline', status: 0, code: 'offline', message: e instanceof Error ? e.message : String(e) };
  }
  if (res.ok) return { ok: true, data: (await res.json()) as T };
  const body: unknown = await res.json().catch(() => null);
  const error = isApiError(body) ? body.error : { code: `http_${res.status}`, message: res.statusText };
  if (res.status === 401) {
    // Only the login that was refused is dropped: a newer one saved meanwhile stays.
    if (settings.token && (await readSettings()).token === settings.token) await writeSettings({ token: null });
    return { ok: false, kind: 'unauthorized', status: 401, code: error.code, message: error.message };
  }
  return { ok: false, kind: res.status >= 500 ? 'offline' : 'refused', status: res.status, code: error.code, message: error.message };
}
