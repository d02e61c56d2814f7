// Popup: the creditor of the current Go client (or a picker), its dunning profile and approval
// mode, the last sync with "Synkroniser nå", and open cases by stage.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CreditorDetail, CreditorSettings, CreditorSummary, SyncRun } from '@shared/api';
import { formatOre } from '@shared/money';
import { call } from '@/lib/api';
import { translator, type T } from '@/lib/i18n';
import { bumpCacheEpoch, readSettings } from '@/lib/settings';

type Loaded = { t: T; creditors: CreditorSummary[]; selected: string | null; lastClient: { orgNo: string; name: string } | null; backendUrl: string };

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

function Creditor({ id, t }: { id: string; t: T }) {
  const [detail, setDetail] = useState<CreditorDetail | null>(null);
  const [settings, setSettings] = useState<CreditorSettings | null>(null);
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
  }, [id]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!settings) return;
    setStatus('');
    setError('');
    const r = await call<CreditorSettings>((api) => api.api.v1.creditors[':id'].settings.$put({ param: { id }, json: settings }));
    if (!r.ok) return setError(t('error', { reason: r.message }));
    await bumpCacheEpoch();
    setStatus(t('saved'));
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
        <button type="submit">{t('save')}</button>
      </form>
      <p class="status" role="status">{status}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <h2>{t('byStage')}</h2>
      <StageBars detail={detail} t={t} />
      <p class="muted">{detail.lastSync ? t('lastSync', { at: new Date(detail.lastSync.startedAt).toLocaleString('nb-NO'), summary: detail.lastSync.summary }) : t('neverSynced')}</p>
      <button type="button" class="secondary" onClick={() => void sync()} disabled={syncing} aria-busy={syncing}>
        {syncing ? t('syncing') : t('syncNow')}
      </button>
    </>
  );
}

function Popup() {
  const [state, setState] = useState<Loaded | null>(null);
  const [loggedOut, setLoggedOut] = useState<T | null>(null);
  useEffect(() => {
    void (async () => {
      const settings = await readSettings();
      const t = translator(settings.locale);
      document.documentElement.lang = settings.locale;
      if (!settings.token) return setLoggedOut(() => t);
      const r = await call<{ items: CreditorSummary[] }>((api) => api.api.v1.creditors.$get());
      if (!r.ok) return setLoggedOut(() => t);
      const stored = await browser.storage.local.get('lastClient');
      const lastClient = (stored['lastClient'] as Loaded['lastClient']) ?? null;
      const match = r.data.items.find((c) => c.orgNo === lastClient?.orgNo && c.status !== 'pending');
      setState({ t, creditors: r.data.items, selected: match?.id ?? r.data.items.find((c) => c.status === 'active')?.id ?? null, lastClient, backendUrl: settings.backendUrl });
    })();
  }, []);

  if (loggedOut) {
    const t = loggedOut;
    return (
      <main>
        <h1>{t('popupTitle')}</h1>
        <p>{t('notLoggedIn')}</p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>{t('openOptions')}</button>
      </main>
    );
  }
  if (!state) return <main aria-busy="true" />;
  const { t } = state;
  const onIntegration = state.lastClient && state.creditors.some((c) => c.orgNo === state.lastClient!.orgNo && c.status !== 'pending');
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
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
      {state.selected && <Creditor key={state.selected} id={state.selected} t={t} />}
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
