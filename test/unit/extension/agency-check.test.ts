// @vitest-environment happy-dom
// The extension's part of "never on two at once" before activation, wired end to end without a
// browser: the wizard page's request through the bridge, the service worker's reader choosing the
// client's Utvidelser page and a Go tab, the Go adapter reading the saved sandbox pages (fixtures),
// and the reading posted to the registration API, or handed back to the page without a login.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUtvidelser } from '@/lib/adapters/go';
import { readForWizard, startWizardBridge, type ReaderDeps } from '@/features/agency-check';
import { agencyVerdict } from '@backend/modules/registration/agency-check';
import type { Outcome } from '@/lib/api';
import type { ExtensionBridgeMessage } from '@shared/wizard-bridge';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures', name), 'utf8');
const delanteUrl = 'https://go.poweroffice.net/app/delante/innstillinger/utvidelser';
const delanteOrg = '917757046';

/** Go's pages as the accountant's session would fetch them: the saved fixtures by address. */
function goFetch(pages: Record<string, string>, seen: string[] = []) {
  return async (url: string, init?: RequestInit) => {
    seen.push(`${init?.credentials ?? ''} ${url}`);
    const html = pages[url];
    return html === undefined ? new Response('Not found', { status: 404 }) : new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  };
}

function deps(over: Partial<ReaderDeps> & { pages?: Record<string, string> } = {}) {
  const posts: { creditorId: string; reading: unknown }[] = [];
  const fetcher = goFetch(over.pages ?? { [delanteUrl]: fixture('utvidelser-delante.html') });
  const d: ReaderDeps = {
    utvidelserUrl: async (orgNo) => (orgNo === delanteOrg ? delanteUrl : null),
    goTabs: async () => [7],
    askTab: async (_tab, request) => readUtvidelser(fetcher, request.url, request.orgNo),
    post: async (creditorId, reading): Promise<Outcome<unknown>> => {
      posts.push({ creditorId, reading });
      return { ok: true, data: {} };
    },
    ...over,
  };
  return { d, posts };
}

describe('the Go adapter on the Utvidelser page', () => {
  it('reads every row of the client shown, in the accountant’s session', async () => {
    const seen: string[] = [];
    const r = await readUtvidelser(goFetch({ [delanteUrl]: fixture('utvidelser-delante.html') }, seen), delanteUrl, delanteOrg);
    expect(seen).toEqual([`same-origin ${delanteUrl}`]);
    expect(r.ok && r.extensions).toEqual([
      { name: 'PoInkasso', kind: 'Inkasso', active: true, canCreateCases: true },
      { name: 'Modhi Norge Inkasso', kind: 'Inkasso', active: true, canCreateCases: true },
    ]);
  });
  it('refuses another client’s page, a page it does not know, and no page', async () => {
    const conecto = fixture('utvidelser-conecto.html');
    expect(await readUtvidelser(goFetch({ [delanteUrl]: conecto }), delanteUrl, delanteOrg)).toMatchObject({ ok: false, reason: 'wrong_client', fallbackUrl: delanteUrl });
    expect(await readUtvidelser(goFetch({ [delanteUrl]: fixture('purring.html').replace(/917 757 046|\d{3} \d{3} \d{3}/, '917 757 046') }), delanteUrl, delanteOrg)).toMatchObject({ ok: false, reason: 'unexpected_page' });
    expect(await readUtvidelser(goFetch({}), delanteUrl, delanteOrg)).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});

describe('the reader (service worker)', () => {
  it('reads Delante’s page in a Go tab and posts the reading; the backend’s verdict stops activation', async () => {
    const { d, posts } = deps();
    const r = await readForWizard(d, { creditorId: 'c-1', orgNo: delanteOrg });
    expect(r).toMatchObject({ ok: true, posted: true, url: delanteUrl });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.creditorId).toBe('c-1');
    const reading = posts[0]!.reading as { extensions: { name: string; kind: string; active: boolean; canCreateCases: boolean }[] };
    expect(agencyVerdict(reading.extensions)).toMatchObject({ ok: false, code: 'other_agency', others: ['PoInkasso'] });
  });
  it('Conecto (only ours ticked) passes', async () => {
    const url = 'https://go.poweroffice.net/app/conecto/innstillinger/utvidelser';
    const { d, posts } = deps({ pages: { [url]: fixture('utvidelser-conecto.html') }, utvidelserUrl: async () => url });
    const conectoOrg = /Org\.nr\. ([\d ]+)</.exec(fixture('utvidelser-conecto.html'))![1]!.replace(/\s/g, '');
    expect(await readForWizard(d, { creditorId: 'c-2', orgNo: conectoOrg })).toMatchObject({ ok: true, posted: true });
    expect(agencyVerdict((posts[0]!.reading as { extensions: [] }).extensions)).toMatchObject({ ok: true, others: [] });
  });
  it('without a login that may post it, hands the reading to the page', async () => {
    for (const refused of [{ kind: 'unauthorized', status: 401 }, { kind: 'refused', status: 404 }] as const) {
      const { d } = deps({ post: async () => ({ ok: false, ...refused, code: 'x', message: 'x' }) });
      expect(await readForWizard(d, { creditorId: 'c-1', orgNo: delanteOrg })).toMatchObject({ ok: true, posted: false, extensions: [{ name: 'PoInkasso' }, { name: 'Modhi Norge Inkasso' }] });
    }
    const { d } = deps({ post: async () => ({ ok: false, kind: 'refused', status: 400, code: 'validation', message: 'Ugyldig' }) });
    expect(await readForWizard(d, { creditorId: 'c-1', orgNo: delanteOrg })).toEqual({ ok: false, reason: 'refused', message: 'Ugyldig', fallbackUrl: delanteUrl });
  });
  it('falls back with Go’s page when it cannot read: unknown client, no Go tab, tabs that do not answer, another client', async () => {
    expect(await readForWizard(deps().d, { creditorId: 'c', orgNo: '923456783' })).toEqual({ ok: false, reason: 'unknown_client', message: null, fallbackUrl: null });
    expect(await readForWizard(deps({ goTabs: async () => [] }).d, { creditorId: 'c', orgNo: delanteOrg })).toMatchObject({ ok: false, reason: 'no_go_tab', fallbackUrl: delanteUrl });
    const asked: number[] = [];
    const silent = deps({ goTabs: async () => [1, 2], askTab: async (tab) => {
      asked.push(tab);
      if (tab === 1) throw new Error('no receiving end');
      return undefined;
    } });
    expect(await readForWizard(silent.d, { creditorId: 'c', orgNo: delanteOrg })).toMatchObject({ ok: false, reason: 'unreachable', fallbackUrl: delanteUrl });
    expect(asked).toEqual([1, 2]);
    const other = deps({ pages: { [delanteUrl]: fixture('utvidelser-conecto.html') } });
    expect(await readForWizard(other.d, { creditorId: 'c', orgNo: delanteOrg })).toMatchObject({ ok: false, reason: 'wrong_client' });
    expect(other.posts).toHaveLength(0);
  });
});

describe('the bridge on the wizard page', () => {
  it('answers a well-formed request from the page itself, ignores the rest, and says ready', async () => {
    const got: ExtensionBridgeMessage[] = [];
    const listener = (e: MessageEvent) => {
      if ((e.data as { source?: string }).source === 'modhi-extension') got.push(e.data as ExtensionBridgeMessage);
    };
    window.addEventListener('message', listener);
    const asked: unknown[] = [];
    const controller = new AbortController();
    startWizardBridge(window, { read: async (request) => {
      asked.push(request);
      return { ok: true, posted: true, url: delanteUrl, extensions: [] };
    } }, controller.signal);
    const post = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window }));
    post({ source: 'modhi-wizard', type: 'readGoExtensions', requestId: 'r1', creditorId: 'c-1', orgNo: delanteOrg });
    post({ source: 'modhi-wizard', type: 'readGoExtensions', requestId: 'r2', creditorId: 'c-1', orgNo: '12' }); // not an org number
    window.dispatchEvent(new MessageEvent('message', { data: { source: 'modhi-wizard', type: 'readGoExtensions', requestId: 'r3', creditorId: 'c', orgNo: delanteOrg }, origin: 'https://evil.example', source: window }));
    await expect.poll(() => got.filter((m) => m.type === 'goExtensionsRead').length).toBe(1);
    expect(asked).toEqual([{ creditorId: 'c-1', orgNo: delanteOrg }]);
    expect(got.map((m) => m.type)).toEqual(['ready', 'goExtensionsRead']);
    expect(got[1]).toMatchObject({ requestId: 'r1', result: { ok: true, posted: true } });
    controller.abort();
    window.removeEventListener('message', listener);
  });
});
