// Options: where the backend is, log in and out, and the language.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { User } from '@shared/api';
import { call } from '@/lib/api';
import { translator, type Locale } from '@/lib/i18n';
import { readSettings, writeSettings, type StoredSettings } from '@/lib/settings';
import { ensureBackendAccess } from '@/lib/backend-access';
import { overviewTranslator } from '@/lib/i18n-overview';

function Options() {
  const [settings, setSettings] = useState<StoredSettings | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    void readSettings().then(setSettings);
  }, []);
  if (!settings) return <main aria-busy="true" />;
  const t = translator(settings.locale);
  document.documentElement.lang = settings.locale;

  const update = async (patch: Partial<StoredSettings>) => {
    await writeSettings(patch);
    setSettings(await readSettings());
  };

  const login = async (e: Event) => {
    e.preventDefault();
    setError('');
    // First, while the click still counts as the accountant's: another backend address than the
    // packaged one needs the browser's permission for that origin.
    const access = await ensureBackendAccess(settings.backendUrl);
    if (!access.ok) return setError(overviewTranslator(settings.locale)(access.reason === 'https' ? 'permissionHttps' : 'permissionDenied', { origin: access.origin }));
    await writeSettings({ backendUrl: settings.backendUrl.replace(/\/$/, ''), token: null });
    const r = await call<{ token: string; user: User }>((api) => api.api.v1.auth.login.$post({ json: { email, password } }));
    if (!r.ok) return setError(t('loginFailed', { reason: r.message }));
    setPassword('');
    await update({ token: r.data.token, userName: r.data.user.name, firmName: r.data.user.firmName });
    setMessage(t('loggedInAs', { name: r.data.user.name, firm: r.data.user.firmName }));
  };

  const logout = async () => {
    await call((api) => api.api.v1.auth.logout.$post());
    await update({ token: null, userName: null, firmName: null });
    setMessage('');
  };

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <label>
        {t('language')}
        <select value={settings.locale} onChange={(e) => void update({ locale: (e.target as HTMLSelectElement).value as Locale })}>
          <option value="nb">Norsk bokmål</option>
          <option value="en">English</option>
        </select>
      </label>
      <label>
        {t('backendUrl')}
        <input type="url" name="backendUrl" value={settings.backendUrl} onChange={(e) => void update({ backendUrl: (e.target as HTMLInputElement).value.trim() })} />
      </label>
      {settings.token ? (
        <>
          <p role="status">{t('loggedInAs', { name: settings.userName ?? '', firm: settings.firmName ?? '' })}</p>
          <button type="button" class="secondary" onClick={() => void logout()}>{t('logout')}</button>
        </>
      ) : (
        <form onSubmit={login}>
          <label>
            {t('email')}
            <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t('password')}
            <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">{t('login')}</button>
        </form>
      )}
      <p class="status" role="status">{message}</p>
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
