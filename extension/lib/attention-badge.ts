// The extension icon's count of what needs the accountant (failed syncs, invoices waiting in Utkast,
// dunning differences, remittances not posted, registrations not finished), from the overview's one
// call, refreshed by an alarm every few minutes and whenever the login changes. The background
// imports startAttentionBadge(); the overview page shows a fresher count as soon as it has one.
import { browser } from 'wxt/browser';
import type { Overview } from '@shared/overview';
import { call } from './api';
import { currentSettings } from './settings';
import { overviewTranslator } from './i18n-overview';
import type { Locale } from './i18n';

export const attentionAlarm = 'modhi-attention';
export const attentionRefreshMinutes = 5;

type ActionApi = { setBadgeText(d: { text: string }): Promise<void>; setBadgeBackgroundColor(d: { color: string }): Promise<void>; setTitle(d: { title: string }): Promise<void> };

/** Chrome MV3 has `action`, Firefox MV2 `browserAction`. */
function actionApi(): ActionApi | null {
  const b = browser as unknown as { action?: ActionApi; browserAction?: ActionApi };
  return b.action ?? b.browserAction ?? null;
}

/** The text the icon shows for a count: nothing for 0, "99+" above 99. */
export function badgeText(count: number | null): string {
  if (!count) return '';
  return count > 99 ? '99+' : String(count);
}

export async function showAttentionCount(count: number | null, locale: Locale): Promise<void> {
  const action = actionApi();
  if (!action) return;
  const t = overviewTranslator(locale);
  await action.setBadgeText({ text: badgeText(count) });
  await action.setBadgeBackgroundColor({ color: '#b3261e' });
  await action.setTitle({ title: count ? t('badgeTitle', { what: t.count('attention', count) }) : t('badgeTitleNone') });
}

/** Asks the backend for the count and shows it; no login or no answer shows no number. */
export async function refreshAttentionBadge(): Promise<number | null> {
  const settings = await currentSettings();
  if (!settings.token) {
    await showAttentionCount(null, settings.locale);
    return null;
  }
  const r = await call<Overview>((api) => api.api.v1.overview.$get());
  const count = r.ok ? r.data.attentionCount : null;
  await showAttentionCount(count, settings.locale);
  return count;
}

export function startAttentionBadge(): void {
  void browser.alarms.create(attentionAlarm, { periodInMinutes: attentionRefreshMinutes });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === attentionAlarm) void refreshAttentionBadge();
  });
  browser.storage.onChanged.addListener((changes) => {
    if ('token' in changes || 'backendUrl' in changes || 'cacheEpoch' in changes || 'locale' in changes) void refreshAttentionBadge();
  });
  void refreshAttentionBadge();
}
