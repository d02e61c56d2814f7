// "Oversikt": the whole firm on one page. Every client on the integration with the overdue
// invoices Go has not sent (waiting in Utkast), open cases by stage and amount, money remitted this
// month, failed syncs and what needs the accountant; filters and a CSV export. One backend call
// (GET /api/v1/overview) through the typed client. Per client, the remittances with payout, date
// and Go voucher number, each avregningsoppgave (HTML, PDF) and the CSV.
// Hash routes: #remittances=<creditorId> opens a client's remittances, #statement=<id> a statement.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hc } from 'hono/client';
import type { AppType } from '@backend/app';
import type { RemittanceDetail } from '@shared/api';
import type { Overview, OverviewClient } from '@shared/overview';
import { formatOre, formatOrePlain } from '@shared/money';
import { toNorwegian } from '@shared/dates';
import { stageLabel } from '@shared/stages';
import { call } from '@/lib/api';
import { readSettings, type StoredSettings } from '@/lib/settings';
import { instantText, monthName, overviewTranslator, type OT } from '@/lib/i18n-overview';
import { showAttentionCount } from '@/lib/attention-badge';
import { ProblemNotice, problemBefore, problemOf, type Problem } from '@/lib/connection';

type RemittanceRow = { id: string; date: string; status: RemittanceDetail['status']; payoutOre: number; goVoucherNo: number | null };
type Route = { kind: 'list' } | { kind: 'remittances'; creditorId: string } | { kind: 'statement'; id: string; creditorId: string | null };

const nbDate = (d: string) => toNorwegian(d as Parameters<typeof toNorwegian>[0]);

function parseRoute(hash: string): Route {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const statement = p.get('statement');
  if (statement) return { kind: 'statement', id: statement, creditorId: p.get('remittances') };
  const creditorId = p.get('remittances');
  return creditorId ? { kind: 'remittances', creditorId } : { kind: 'list' };
}

const atText = (t: OT, iso: string) => instantText(t.locale, iso);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const statusNames = {
  nb: { active: 'Aktiv', pending: 'Registreres', winding_down: 'Avvikles', ended: 'Avsluttet' },
  en: { active: 'Active', pending: 'Registering', winding_down: 'Winding down', ended: 'Ended' },
} as const;

/** The typed client for answers that are not JSON (statements, CSV): the same routes, the same login. */
function rawClient(settings: StoredSettings) {
  return hc<AppType>(settings.backendUrl, { headers: (): Record<string, string> => (settings.token ? { authorization: `Bearer ${settings.token}` } : {}) });
}

function fileName(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The overview as Excel in nb-NO reads it: BOM, `;`, `1 250,50`, dd.mm.åååå. */
export function overviewCsv(clients: OverviewClient[], t: OT): string {
  const header = ['Klient', 'Org.nr.', 'Status', 'Trenger deg', 'Forfalt, ikke sendt (antall)', 'Forfalt, ikke sendt (kr)', 'Åpne saker', 'Åpne saker (kr)', 'Remittert denne måneden (kr)', 'Siste remittering', 'Bilagsnr. i PowerOffice GO', 'Siste synkronisering', 'Synkronisering'];
  const rows = clients.map((c) => [
    c.name, c.orgNo, statusNames.nb[c.status], c.attention.map((a) => overviewTranslator('nb').count(a.kind, a.count)).join(' / '),
    String(c.overdueNotSent.count), formatOrePlain(c.overdueNotSent.amountOre), String(c.openCases.count), formatOrePlain(c.openCases.balanceOre),
    formatOrePlain(c.remittedThisMonth.payoutOre), c.lastRemittance ? nbDate(c.lastRemittance.date) : '', c.lastRemittance?.goVoucherNo != null ? String(c.lastRemittance.goVoucherNo) : '',
    c.lastSync ? atText(t, c.lastSync.startedAt) : '', c.lastSync ? (c.lastSync.ok ? 'OK' : 'Feilet') : '',
  ].map(csvCell).join(';'));
  return `\uFEFF${[header.join(';'), ...rows].join('\r\n')}\r\n`;
}

function Kpis({ o, t }: { o: Overview; t: OT }) {
  const sum = (f: (c: OverviewClient) => number) => o.clients.reduce((s, c) => s + f(c), 0);
  return (
    <ul class="kpis">
      <li class="attention"><span class="label">{t('kpiAttention')}</span><span class="value" data-kpi="attention">{o.attentionCount}</span></li>
      <li><span class="label">{t('kpiNotSent')}</span><span class="value">{t.count('invoices', sum((c) => c.overdueNotSent.count))}</span><span class="muted">{t('amountKr', { amount: formatOre(sum((c) => c.overdueNotSent.amountOre)) })}</span></li>
      <li><span class="label">{t('kpiOpen')}</span><span class="value">{t.count('cases', sum((c) => c.openCases.count))}</span><span class="muted">{t('amountKr', { amount: formatOre(sum((c) => c.openCases.balanceOre)) })}</span></li>
      <li><span class="label">{t('kpiRemitted', { month: monthName(t.locale, o.date) })}</span><span class="value">{t('amountKr', { amount: formatOre(sum((c) => c.remittedThisMonth.payoutOre)) })}</span><span class="muted">{t.count('remittances', sum((c) => c.remittedThisMonth.count))}</span></li>
    </ul>
  );
}

function ClientRow({ c, t, onRemittances }: { c: OverviewClient; t: OT; onRemittances: (id: string) => void }) {
  return (
    <tr data-client={c.orgNo}>
      <th scope="row">
        <span class="client-name">{c.name}</span>
        <br />
        <span class="muted">{c.orgNo} · {statusNames[t.locale][c.status]}</span>
      </th>
      <td>
        {c.attention.length ? (
          <ul class="attention-list">{c.attention.map((a) => <li key={a.kind} title={a.detail ?? undefined}>{t.count(a.kind, a.count)}</li>)}</ul>
        ) : (
          <span class="muted">{t('nothing')}</span>
        )}
      </td>
      <td class="n">
        {t.count('invoices', c.overdueNotSent.count)}
        <br />
        <span class="muted">{t('amountKr', { amount: formatOre(c.overdueNotSent.amountOre) })}</span>
      </td>
      <td>
        {c.openCases.count ? (
          <ul class="stages">
            {c.openCases.byStage.map((s) => <li key={s.stage}>{t('stageCount', { stage: stageLabel(s.stage, t.locale), count: s.count, amount: formatOre(s.balanceOre) })}</li>)}
          </ul>
        ) : (
          <span class="muted">{t('nothing')}</span>
        )}
      </td>
      <td class="n">
        {t('amountKr', { amount: formatOre(c.remittedThisMonth.payoutOre) })}
        <br />
        <span class="muted">{t.count('remittances', c.remittedThisMonth.count)}</span>
      </td>
      <td>{c.lastSync ? <span class={c.lastSync.ok ? 'ok' : 'bad'}>{t(c.lastSync.ok ? 'syncOk' : 'syncFailedAt', { at: atText(t, c.lastSync.startedAt) })}</span> : <span class="muted">{t('neverSynced')}</span>}</td>
      <td>
        <button type="button" class="secondary small" onClick={() => onRemittances(c.creditorId)} aria-label={`${t('showRemittances')}: ${c.name}`}>{t('showRemittances')}</button>
      </td>
    </tr>
  );
}

function Remittances({ client, settings, t, onStatement }: { client: OverviewClient; settings: StoredSettings; t: OT; onStatement: (id: string) => void }) {
  const [rows, setRows] = useState<RemittanceRow[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setRows(null);
    void call<{ items: RemittanceRow[] }>((api) => api.api.v1.creditors[':id'].remittances.$get({ param: { id: client.creditorId } })).then((r) => (r.ok ? setRows(r.data.items) : setError(t('failed', { reason: r.message }))));
  }, [client.creditorId]);
  const download = async (run: () => Promise<Response>, fallback: string) => {
    setError('');
    try {
      const res = await run();
      if (!res.ok) return setError(t('failed', { reason: `${res.status}` }));
      save(await res.blob(), fileName(res, fallback));
    } catch (e) {
      setError(t('unreachable', { url: settings.backendUrl }));
      void e;
    }
  };
  const api = rawClient(settings);
  return (
    <section class="panel" aria-labelledby="remittances-heading" id="remittances">
      <header>
        <h2 id="remittances-heading">{t('remittancesFor', { name: client.name })}</h2>
        <button type="button" class="secondary" onClick={() => void download(() => api.api.v1.creditors[':id']['remittances.csv'].$get({ param: { id: client.creditorId } }), 'remitteringer.csv')}>{t('remittancesCsv')}</button>
      </header>
      {error && <p class="error-text" role="alert">{error}</p>}
      {!rows ? (
        <p class="muted" aria-busy="true">{t('loadingOverview')}</p>
      ) : rows.length === 0 ? (
        <p class="muted">{t('noRemittances')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">{t('remDate')}</th><th scope="col">{t('remStatus')}</th><th scope="col" class="n">{t('remPayout')}</th><th scope="col" class="n">{t('remVoucher')}</th><th scope="col">{t('remStatement')}</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-remittance={r.id}>
                  <td>{nbDate(r.date)}</td>
                  <td>{capitalize(t.status(r.status))}</td>
                  <td class="n">{t('amountKr', { amount: formatOre(r.payoutOre) })}</td>
                  <td class="n">{r.goVoucherNo ?? '–'}</td>
                  <td class="actions">
                    <button type="button" class="small" onClick={() => onStatement(r.id)} aria-label={t('statementHtmlFor', { date: nbDate(r.date) })}>{t('statementHtml')}</button>
                    <button type="button" class="secondary small" onClick={() => void download(() => api.api.v1.remittances[':id']['statement.pdf'].$get({ param: { id: r.id } }), `avregningsoppgave-${nbDate(r.date)}.pdf`)} aria-label={t('statementPdfFor', { date: nbDate(r.date) })}>{t('statementPdf')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Statement({ id, settings, t, onClose }: { id: string; settings: StoredSettings; t: OT; onClose: () => void }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    void (async () => {
      try {
        const res = await rawClient(settings).api.v1.remittances[':id'].statement.$get({ param: { id } });
        if (!res.ok) return setError(t('failed', { reason: String(res.status) }));
        setHtml(await res.text());
      } catch {
        setError(t('unreachable', { url: settings.backendUrl }));
      }
    })();
  }, [id]);
  const title = html ? (/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? t('remStatement')) : t('remStatement');
  const fit = (e: Event) => {
    const frame = e.currentTarget as HTMLIFrameElement;
    const h = frame.contentDocument?.documentElement.scrollHeight;
    if (h) frame.style.height = `${h + 24}px`;
  };
  return (
    <section class="statement-view" aria-label={t('remStatement')}>
      <p><button type="button" class="secondary" onClick={onClose}>{t('closeStatement')}</button></p>
      {error && <p class="error-text" role="alert">{error}</p>}
      {html && <iframe title={title.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))} srcdoc={html} sandbox="allow-same-origin" onLoad={fit} />}
    </section>
  );
}

function App() {
  const [settings, setSettings] = useState<StoredSettings | null>(null);
  const [data, setData] = useState<Overview | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState('');
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [query, setQuery] = useState('');
  const [onlyAttention, setOnlyAttention] = useState(false);
  const [status, setStatus] = useState('all');

  const load = async () => {
    const s = await readSettings();
    setSettings(s);
    document.documentElement.lang = s.locale;
    setError('');
    const before = problemBefore(s);
    if (before) return setProblem(before);
    setProblem(null);
    const r = await call<Overview>((api) => api.api.v1.overview.$get());
    const p = problemOf(r);
    if (p) return setProblem(p);
    if (!r.ok) return setError(r.message);
    setData(r.data);
    await showAttentionCount(r.data.attentionCount, s.locale);
  };
  useEffect(() => {
    void load();
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const t = overviewTranslator(settings?.locale ?? 'nb');
  useEffect(() => {
    document.title = `${t('overviewTitle')} – Modhi inkasso`;
  }, [settings?.locale]);
  const shown = useMemo(() => {
    if (!data) return [];
    const q = query.trim().toLowerCase();
    return data.clients.filter((c) => (!q || c.name.toLowerCase().includes(q) || c.orgNo.includes(q)) && (!onlyAttention || c.attention.length > 0) && (status === 'all' || c.status === status));
  }, [data, query, onlyAttention, status]);

  const go = (hash: string) => {
    location.hash = hash;
  };

  if (!settings) return <main aria-busy="true" />;
  if (problem) {
    return (
      <main>
        <h1>{t('overviewTitle')}</h1>
        <ProblemNotice problem={problem} t={t} backendUrl={settings.backendUrl} onRetry={() => void load()} />
      </main>
    );
  }
  if (!data) {
    return (
      <main>
        <h1>{t('overviewTitle')}</h1>
        {error ? <p class="error-text" role="alert">{t('failed', { reason: error })}</p> : <p class="muted" aria-busy="true">{t('loadingOverview')}</p>}
      </main>
    );
  }
  const selected = route.kind !== 'list' && route.creditorId ? data.clients.find((c) => c.creditorId === route.creditorId) ?? null : null;
  if (route.kind === 'statement') {
    return (
      <main>
        <h1>{t('remStatement')}</h1>
        <Statement id={route.id} settings={settings} t={t} onClose={() => go(selected ? `remittances=${selected.creditorId}` : '')} />
      </main>
    );
  }
  return (
    <main>
      <header class="top">
        <div>
          <h1>{t('overviewTitle')}</h1>
          <p class="lead">{t('overviewLead', { date: nbDate(data.date) })}{settings.firmName ? ` ${settings.firmName}.` : ''}</p>
        </div>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => void load()}>{t('refresh')}</button>
          <button type="button" onClick={() => save(new Blob([overviewCsv(shown, t)], { type: 'text/csv;charset=utf-8' }), `oversikt-${nbDate(data.date)}.csv`)}>{t('exportCsv')}</button>
        </div>
      </header>
      <Kpis o={data} t={t} />
      <div class="filters" role="search">
        <label>
          {t('search')}
          <input type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('statusFilter')}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="all">{t('allStatuses')}</option>
            {(Object.keys(statusNames.nb) as (keyof typeof statusNames.nb)[]).map((s) => <option key={s} value={s}>{statusNames[t.locale][s]}</option>)}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={onlyAttention} onChange={(e) => setOnlyAttention((e.target as HTMLInputElement).checked)} />
          {t('onlyAttention')}
        </label>
        <span class="shown" role="status">{t('clientsShown', { shown: shown.length, total: data.clients.length })}</span>
      </div>
      <div class="table-wrap">
        <table aria-label={t('overviewTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('colClient')}</th>
              <th scope="col">{t('colAttention')}</th>
              <th scope="col" class="n" title={t('notSentHelp')}>{t('colNotSent')}</th>
              <th scope="col">{t('colOpen')}</th>
              <th scope="col" class="n">{t('colRemitted')}</th>
              <th scope="col">{t('colSync')}</th>
              <th scope="col">{t('colRemittances')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => <ClientRow key={c.creditorId} c={c} t={t} onRemittances={(id) => go(`remittances=${id}`)} />)}
          </tbody>
        </table>
        {shown.length === 0 && <p class="muted" style={{ padding: '10px' }}>{data.clients.length ? t('noClients') : t('noClientsAtAll')}</p>}
      </div>
      <p class="muted">{t('colNotSent')}: {t('notSentHelp')}</p>
      {selected && <Remittances client={selected} settings={settings} t={t} onStatement={(id) => go(`remittances=${selected.creditorId}&statement=${id}`)} />}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
