// The three calm states before anything can be shown, for the popup and the overview page: not
// logged in, the login expired, the backend unreachable; each with its way out.
import { browser } from 'wxt/browser';
import type { Outcome } from './api';
import type { StoredSettings } from './settings';
import type { OT } from './i18n-overview';

export type Problem = 'not_logged_in' | 'expired' | 'unreachable';

/** Without a token: expired when the login was dropped by a refused call (api.ts clears only the
 *  token then; logging out clears the name too), else never logged in or logged out. */
export function problemBefore(settings: StoredSettings): Problem | null {
  if (settings.token) return null;
  return settings.userName ? 'expired' : 'not_logged_in';
}

export function problemOf<T>(outcome: Outcome<T>): Problem | null {
  if (outcome.ok) return null;
  if (outcome.kind === 'unauthorized') return 'expired';
  if (outcome.kind === 'offline') return 'unreachable';
  return null;
}

export function ProblemNotice({ problem, t, backendUrl, onRetry }: { problem: Problem; t: OT; backendUrl: string; onRetry: () => void }) {
  const options = () => void browser.runtime.openOptionsPage();
  if (problem === 'unreachable') {
    return (
      <div class="notice offline" role="alert" data-problem={problem}>
        <p>{t('unreachable', { url: backendUrl })}</p>
        <p class="actions">
          <button type="button" onClick={onRetry}>{t('retry')}</button> <button type="button" class="secondary" onClick={options}>{t('openSettings')}</button>
        </p>
      </div>
    );
  }
  return (
    <div class="notice" role="status" data-problem={problem}>
      <p>{t(problem === 'expired' ? 'sessionExpired' : 'notLoggedIn')}</p>
      <p class="actions">
        <button type="button" onClick={options}>{t(problem === 'expired' ? 'logInAgain' : 'logIn')}</button>
      </p>
    </div>
  );
}
