// "Never on two at once" before activation (user guide § 7), the extension's part: the wizard page
// asks (through the bridge on that page), the service worker finds where Go shows the client's
// Utvidelser page and has the content script of a Go tab read it in the accountant's Go session
// (Go has no API for it), then posts the reading to the registration API with the extension's
// login. Without a login that may post it, the reading goes back to the page, which posts it with
// the wizard's own login. Every dependency is passed in, so the wiring is tested without a browser.
import type { BridgeExtensionRow, ReadGoExtensionsResult } from '@shared/wizard-bridge';
import type { UtvidelserReading } from '@/lib/adapters/go';
import type { Outcome } from '@/lib/api';

/** What a Go tab's content script is asked (GoTabRequest) and answers. */
export type GoExtensionsTabRequest = { type: 'goExtensions:read'; url: string; orgNo: string };

export type ReaderDeps = {
  /** Where Go showed this client's Utvidelser page (remembered from the Go pages the accountant opened). */
  utvidelserUrl(orgNo: string): Promise<string | null>;
  /** Tabs whose content script can read Go's pages, the most recently used first (never the wizard's own tab). */
  goTabs(): Promise<number[]>;
  askTab(tabId: number, request: GoExtensionsTabRequest): Promise<UtvidelserReading | undefined>;
  /** POST /api/v1/registrations/{id}/extensions with the extension's login. */
  post(creditorId: string, reading: { extensions: BridgeExtensionRow[]; url: string }): Promise<Outcome<unknown>>;
};

export type ReadRequest = { creditorId: string; orgNo: string };

export function validReadRequest(value: unknown): ReadRequest | null {
  if (!value || typeof value !== 'object') return null;
  const { creditorId, orgNo } = value as Record<string, unknown>;
  if (typeof creditorId !== 'string' || !/^[\w-]{1,64}$/.test(creditorId)) return null;
  if (typeof orgNo !== 'string' || !/^\d{9}$/.test(orgNo)) return null;
  return { creditorId, orgNo };
}

export async function readForWizard(deps: ReaderDeps, request: ReadRequest): Promise<ReadGoExtensionsResult> {
  const url = await deps.utvidelserUrl(request.orgNo);
  if (!url) return { ok: false, reason: 'unknown_client', message: null, fallbackUrl: null };
  const tabs = await deps.goTabs();
  if (tabs.length === 0) return { ok: false, reason: 'no_go_tab', message: null, fallbackUrl: url };
  let failure: ReadGoExtensionsResult = { ok: false, reason: 'unreachable', message: null, fallbackUrl: url };
  for (const tab of tabs) {
    let answer: UtvidelserReading | undefined;
    try {
      answer = await deps.askTab(tab, { type: 'goExtensions:read', url, orgNo: request.orgNo });
    } catch {
      answer = undefined;
    }
    if (!answer) continue;
    if (!answer.ok) {
      failure = { ok: false, reason: answer.reason, message: null, fallbackUrl: answer.fallbackUrl };
      // The page is Go's but not what we know, or another client: another tab will not read it better.
      if (answer.reason !== 'unreachable') break;
      continue;
    }
    const reading = { extensions: answer.extensions.map(({ name, kind, active, canCreateCases }) => ({ name, kind, active, canCreateCases })), url: answer.url };
    const posted = await deps.post(request.creditorId, reading);
    if (posted.ok) return { ok: true, posted: true, ...reading };
    // No login, another firm's login, or the backend out of reach from here: the page posts it.
    if (posted.kind === 'unauthorized' || posted.status === 403 || posted.status === 404 || posted.kind === 'offline') return { ok: true, posted: false, ...reading };
    return { ok: false, reason: 'refused', message: posted.message, fallbackUrl: url };
  }
  return failure;
}
