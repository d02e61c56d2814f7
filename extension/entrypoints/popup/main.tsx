// Popup: the creditor of the current Go client (or a picker), its dunning profile and approval
// mode, the last sync with "Synkroniser nå", open cases by stage, the latest remittances, and the
// way to the overview of every client. Before that, one of three calm states when it cannot be
// shown: not logged in, login expired, backend unreachable; each with its way out.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CreditorDetail, CreditorSettings, CreditorSummary, SyncRun } from '@shared/api';
import { formatOre } from '@shared/money';
import { toNorwegian } from '@shared/dates';
import { call } from '@/lib/api';
import { translator, type T } from '@/lib/i18n';
import { bumpCacheEpoch, readSettings } from '@/lib/settings';
import { profileLabels, type GoPurring, type PurringResult } from '@/lib/adapters/go';
import type { GoTabRequest } from '@/lib/messages';
import { instantText, overviewTranslator, type OT } from '@/lib/i18n-overview';
import { ProblemNotice, problemBefore, problemOf, type Problem } from '@/lib/connection';

type RemittanceRow = { id: string; date: string; status: 'posting' | 'posted' | 'invoiced' | 'settled' | 'failed'; payoutOre: number; goVoucherNo: number | null };

/** Opens the overview page (optionally at a route such as `remittances=<id>`) in a tab. */
function openOverview(hash = ''): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`/overview.html${hash ? `#${hash}` : ''}`) });
}

function LatestRemittances({ id, to }: { id: string; to: OT }) {
  const [rows, setRows] = useState<RemittanceRow[] | null>(null);
  useEffect(() => {
    void call<{ items: RemittanceRow[] }>((api) => api.api.v1.creditors[':id'].remittances.$get({ param: { id } })).then((r) => setRows(r.ok ? r.data.items.slice(0, 3) : []));
  }, [id]);
  if (!rows?.length) return null;
  return (
    <section aria-labelledby="latest-remittances">
      <h2 id="latest-remittances">{to('latestRemittances')}</h2>
      <ul class="remittances">
        {rows.map((r) => (
          <li key={r.id}>
            <button type="button" class="link" onClick={() => openOverview(`remittances=${id}&statement=${r.id}`)}>
              {r.goVoucherNo !== null
                ? to('remittanceLine', { date: toNorwegian(r.date as Parameters<typeof toNorwegian>[0]), payout: formatOre(r.payoutOre), voucher: r.goVoucherNo })
                : to('remittanceLineNoVoucher', { date: toNorwegian(r.date as Parameters<typeof toNorwegian>[0]), payout: formatOre(r.payoutOre), status: to.status(r.status) })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

type LastClient = { orgNo: string; name: string; purringUrl?: string | null };

/** A tab showing Go (the one in front first, then the one used last), whose content script reads
 *  and saves Go's Purring page in the accountant's session. */
async function goTab(): Promise<number | null> {
  const manifest = browser.runtime.getManifest();
  const patterns = (manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []);
  const tabs = patterns.length ? await browser.tabs.query({ url: patterns }) : [];
  tabs.sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return tabs[0]?.id ?? null;
}

async function askGoTab(request: GoTabRequest, fallbackUrl: string | null): Promise<PurringResult> {
  const unreachable: PurringResult = { ok: false, reason: 'unreachable', message: null, fallbackUrl: fallbackUrl ?? '' };
  const tab = await goTab();
  if (tab === null) return unreachable;
  try {
    const answer = (await browser.tabs.sendMessage(tab, request)) as PurringResult | undefined;
    return answer ?? unreachable;
  } catch {
    return unreachable;
  }
}

/** What Go's Purring settings must be for the agreed profile: Modhi's notice → no reminders from Go;
 *  own reminders → Go's own profile kept, or reminders and inkassovarsel when Go has none. */
function goSettingsFor(settings: CreditorSettings, current: GoPurring | null): GoPurring {
  const reminderProfile = settings.dunning === 'agency_notice' ? 'none' : current && current.reminderProfile !== 'none' ? current.reminderProfile : 'reminder_and_notice';
  return { reminderProfile, autoApproveTransfer: settings.approval === 'automatic' };
}

function agrees(settings: CreditorSettings, go: GoPurring): boolean {
  const want = goSettingsFor(settings, go);
  return want.reminderProfile === go.reminderProfile && want.autoApproveTransfer === go.autoApproveTransfer;
}

type Loaded = { t: T; locale: 'nb' | 'en'; creditors: CreditorSummary[]; selected: string | null; lastClient: LastClient | null; backendUrl: string };

function StageBars({ detail, t }: { detail: CreditorDetail; t: T }) {
  if (detail.stageTotals.length === 0) return <p class="muted">{t('noCases')}</p>;
  const max = Math.max(...detail.stageTotals.map((s) => s.balanceOre), 1);
  return (
    <ul class="bars" aria-label={t('byStage')}>
      {detail.stageTotals.map((s) => (
        <li key={s.stage}>
          <div class="row">
            <span>{s.stageLabel} ({s.count})</span>
            <span>{formatOre(s.balanceOre)}</span>
          </div>
          <div class="bar" style={{ width: `${Math.max(2, Math.round((s.balanceOre / max) * 100))}%` }} aria-hidden="true" />
        </li>
      ))}
    </ul>
  );
}

function Creditor({ id, t, to, purringUrl }: { id: string; t: T; to: OT; purringUrl: string | null }) {
  const [detail, setDetail] = useState<CreditorDetail | null>(null);
  const [settings, setSettings] = useState<CreditorSettings | null>(null);
  const [go, setGo] = useState<PurringResult | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [syncing, setSyncing] = useState(false);

  const load = async () => {
    const r = await call<CreditorDetail>((api) => api.api.v1.creditors[':id'].$get({ param: { id } }));
    if (!r.ok) return setError(t('error', { reason: r.message }));
    setDetail(r.data);
    setSettings(r.data.settings);
  };
  useEffect(() => {
    void load();
    void askGoTab({ type: 'goPurring:read' }, purringUrl).then(setGo);
  }, [id]);

  const openPurring = (url: string | null) => {
    if (url) void browser.tabs.create({ url });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!settings) return;
    setStatus('');
    setError('');
    const r = await call<CreditorSettings>((api) => api.api.v1.creditors[':id'].settings.$put({ param: { id }, json: settings }));
    if (!r.ok) return setError(t('error', { reason: r.message }));
    await bumpCacheEpoch();
    // Go's Purring settings, in Go's own page, as the accountant (Go has no API for them).
    const current = go?.ok ? go.settings : null;
    const written = current && agrees(settings, current) ? go! : await askGoTab({ type: 'goPurring:write', settings: goSettingsFor(settings, current) }, purringUrl);
    setGo(written);
    if (written.ok) return setStatus(t('saved'));
    setError(t('savedHereOnly'));
    openPurring(written.fallbackUrl || purringUrl);
  };

  const sync = async () => {
    setSyncing(true);
    setError('');
    setStatus(t('syncing'));
    const r = await call<SyncRun>((api) => api.api.v1.creditors[':id'].sync.$post({ param: { id } }));
    setSyncing(false);
    setStatus('');
    if (!r.ok) return setError(t('syncFailed', { reason: r.message }));
    await bumpCacheEpoch();
    await load();
  };

  if (!detail || !settings) return <p class="muted">{error || t('loading')}</p>;
  const radio = (name: 'dunning' | 'approval', value: string, label: string, help?: string) => (
    <>
      <label>
        <input type="radio" name={name} value={value} checked={settings[name] === value} onChange={() => setSettings({ ...settings, [name]: value } as CreditorSettings)} /> {label}
      </label>
      {help && <p class="help">{help}</p>}
    </>
  );
  return (
    <>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t('dunningProfile')}</legend>
          {radio('dunning', 'agency_notice', t('agencyNotice'), t('agencyNoticeHelp'))}
          {radio('dunning', 'own_reminders', t('ownReminders'), t('ownRemindersHelp'))}
        </fieldset>
        <fieldset>
          <legend>{t('approval')}</legend>
          {radio('approval', 'manual', t('manual'))}
          {radio('approval', 'automatic', t('automatic'))}
        </fieldset>
        <GoSettings go={go} settings={settings} t={t} onOpen={() => openPurring((go && !go.ok && go.fallbackUrl) || purringUrl)} />
        <button type="submit">{t('save')}</button>
      </form>
      {detail.dunningNotices.length > 0 && (
        <section aria-labelledby="dunning-notices">
          <h2 id="dunning-notices">{t('dunningNotices')}</h2>
          <ul class="notices">
            {detail.dunningNotices.map((n) => (
              <li key={n.caseId}>{t('noticeLine', { caseNo: n.caseNo, date: toNorwegian(n.at), text: n.text })}</li>
            ))}
          </ul>
        </section>
      )}
      <p class="status" role="status">{status}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <h2>{t('byStage')}</h2>
      <StageBars detail={detail} t={t} />
      <p class="muted">{detail.lastSync ? t('lastSync', { at: instantText(to.locale, detail.lastSync.startedAt), summary: detail.lastSync.summary }) : t('neverSynced')}</p>
      <button type="button" class="secondary" onClick={() => void sync()} disabled={syncing} aria-busy={syncing}>
        {syncing ? t('syncing') : t('syncNow')}
      </button>
      <LatestRemittances id={id} to={to} />
      <p class="links">
        <button type="button" class="link" onClick={() => openOverview(`remittances=${id}`)}>{to('openRemittances')}</button>
      </p>
    </>
  );
}

function GoSettings({ go, settings, t, onOpen }: { go: PurringResult | null; settings: CreditorSettings; t: T; onOpen: () => void }) {
  if (!go) return <p class="muted">{t('loading')}</p>;
  if (!go.ok) {
    return (
      <p class="help" role="status">
        {t('goSettingsUnread')}{' '}
        <button type="button" class="link" onClick={onOpen}>{t('openPurring')}</button>
      </p>
    );
  }
  return (
    <p class="help" role="status">
      {t('goSettingsNow', { profile: `«${profileLabels[go.settings.reminderProfile]}»`, auto: t(go.settings.autoApproveTransfer ? 'on' : 'off') })}
      {!agrees(settings, go.settings) && <> <strong>{t('goSettingsMismatch')}</strong></>}
    </p>
  );
}

function Popup() {
  const [state, setState] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<{ kind: Problem; to: OT; backendUrl: string } | null>(null);
  const [failure, setFailure] = useState('');
  const load = async () => {
    const settings = await readSettings();
    const t = translator(settings.locale);
    const to = overviewTranslator(settings.locale);
    document.documentElement.lang = settings.locale;
    setFailure('');
    const before = problemBefore(settings);
    if (before) return setProblem({ kind: before, to, backendUrl: settings.backendUrl });
    const r = await call<{ items: CreditorSummary[] }>((api) => api.api.v1.creditors.$get());
    const p = problemOf(r);
    if (p) return setProblem({ kind: p, to, backendUrl: settings.backendUrl });
    if (!r.ok) return setFailure(to('failed', { reason: r.message }));
    setProblem(null);
    const stored = await browser.storage.local.get('lastClient');
    const lastClient = (stored['lastClient'] as Loaded['lastClient']) ?? null;
    const match = r.data.items.find((c) => c.orgNo === lastClient?.orgNo && c.status !== 'pending');
    setState({ t, locale: settings.locale, creditors: r.data.items, selected: match?.id ?? r.data.items.find((c) => c.status === 'active')?.id ?? null, lastClient, backendUrl: settings.backendUrl });
  };
  useEffect(() => {
    void load();
  }, []);

  if (problem) {
    return (
      <main>
        <h1>{translator(problem.to.locale)('popupTitle')}</h1>
        <ProblemNotice problem={problem.kind} t={problem.to} backendUrl={problem.backendUrl} onRetry={() => void load()} />
      </main>
    );
  }
  if (failure) {
    return (
      <main>
        <p class="error" role="alert">{failure}</p>
      </main>
    );
  }
  if (!state) return <main aria-busy="true" />;
  const { t } = state;
  const onIntegration = state.lastClient && state.creditors.some((c) => c.orgNo === state.lastClient!.orgNo && c.status !== 'pending');
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      <p class="links">
        <button type="button" class="link" onClick={() => openOverview()}>{overviewTranslator(state.locale)('openOverview')}</button>
      </p>
      <label>
        {t('creditor')}
        <select value={state.selected ?? ''} onChange={(e) => setState({ ...state, selected: (e.target as HTMLSelectElement).value })}>
          <option value="" disabled>{t('pickCreditor')}</option>
          {state.creditors.filter((c) => c.status !== 'pending').map((c) => (
            <option key={c.id} value={c.id}>{c.name} ({c.orgNo})</option>
          ))}
        </select>
      </label>
      {state.lastClient && !onIntegration && (
        <p>
          {t('notOnIntegration', { name: state.lastClient.name })}{' '}
          <a href={`${state.backendUrl.replace(/\/$/, '')}/register?orgNo=${state.lastClient.orgNo}`} target="_blank" rel="noopener">{t('register')}</a>
        </p>
      )}
      {state.selected && <Creditor key={state.selected} id={state.selected} t={t} to={overviewTranslator(state.locale)} purringUrl={state.lastClient?.purringUrl ?? null} />}
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
