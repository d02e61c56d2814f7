// The backend's origin as a host permission. A store build is granted the backend it was built for
// (wxt.config.ts); another address typed on the options page is asked for at login, that origin
// only (optional_host_permissions https://*/*), and the browser asks the accountant.
import { browser } from 'wxt/browser';

export type Access = { ok: true } | { ok: false; reason: 'denied' | 'https'; origin: string };

/** `https://host/*` for an address; null when it is no http(s) URL. */
export function originPattern(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}

/** Granted already (the packaged backend, loopback in development and test builds), or asked for
 *  now. Call it first thing in the click or submit handler: the browser asks only during a gesture. */
export async function ensureBackendAccess(url: string): Promise<Access> {
  const pattern = originPattern(url);
  const origin = pattern ? pattern.slice(0, -2) : url;
  if (!pattern) return { ok: false, reason: 'https', origin };
  const permissions = browser.permissions;
  if (!permissions) return { ok: true };
  if (await permissions.contains({ origins: [pattern] })) return { ok: true };
  // Only https addresses can be asked for; plain http is for a local backend in a development build.
  if (!pattern.startsWith('https://')) return { ok: false, reason: 'https', origin };
  try {
    return (await permissions.request({ origins: [pattern] })) ? { ok: true } : { ok: false, reason: 'denied', origin };
  } catch {
    return { ok: false, reason: 'denied', origin };
  }
}
