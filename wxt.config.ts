import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { chromeExtensionPublicKey, geckoExtensionId } from './shared/extension-id';

/** The agency's backend a store build talks to (WXT_BACKEND_URL overrides it at build time). */
export const productionBackendUrl = 'https://inkasso.modhi.example';
const loopback = ['http://localhost/*', 'http://127.0.0.1/*'];

/** Development (`npm start`) and test (`--mode test`, what the e2e loads) builds also run on the
 *  local Go sandbox and reach a backend on loopback; a production build asks for neither. */
const isLocalMode = (mode: string) => mode === 'development' || mode === 'test';

function backendUrl(mode: string): string {
  return process.env['WXT_BACKEND_URL'] || (isLocalMode(mode) ? 'http://127.0.0.1:8787' : productionBackendUrl);
}

/** The match pattern for the backend's origin: `https://host/*` (ports are not part of a pattern). */
function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

// The extension lives in extension/; WXT builds Chrome MV3 and Firefox packages from it.
export default defineConfig({
  srcDir: 'extension',
  imports: false,
  publicDir: 'extension/public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: (env) => {
    // The packaged backend address, read by extension/lib/settings.ts as import.meta.env.
    process.env['WXT_BACKEND_URL'] = backendUrl(env.mode);
    return {
      plugins: [preact()],
      build: process.env['MODHI_NO_MINIFY'] ? { minify: false } : {},
      resolve: { alias: { '@shared': new URL('./shared', import.meta.url).pathname } },
    };
  },
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      // Firefox's Manifest V2 has no optional_host_permissions: optional origins go in optional_permissions.
      const m = manifest as typeof manifest & { optional_host_permissions?: string[]; optional_permissions?: string[] };
      if (manifest.manifest_version === 2 && m.optional_host_permissions) {
        m.optional_permissions = [...new Set([...(m.optional_permissions ?? []), ...m.optional_host_permissions])];
        delete m.optional_host_permissions;
      }
      // The wizard's content script (extension/entrypoints/wizard.content.ts) runs on the backend's /register.
      const wizardPage = `${originPattern(backendUrl(wxt.config.mode)).slice(0, -2)}/register*`;
      for (const script of manifest.content_scripts ?? []) script.matches = script.matches?.map((m) => (m === 'https://inkasso.modhi.example/register*' ? wizardPage : m));
      if (!isLocalMode(wxt.config.mode)) return;
      for (const script of manifest.content_scripts ?? []) script.matches = [...(script.matches ?? []), ...loopback];
      if (manifest.manifest_version === 3) manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...loopback])];
      else manifest.permissions = [...new Set([...(manifest.permissions ?? []), ...loopback])];
    },
  },
  manifest: ({ browser, mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'nb',
    // storage: the backend address, the login and the language. alarms: the icon's count of what
    // needs the accountant is refreshed every few minutes while the browser runs.
    permissions: ['storage', 'alarms'],
    // Go's pages (the ledger, Inkasso → Utkast, Purring) and the backend the build is made for.
    host_permissions: [...new Set(['https://go.poweroffice.net/*', originPattern(backendUrl(mode))])],
    // Another backend address, typed on the options page, is asked for at login, for that origin only.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: '__MSG_extName__' },
    // Firefox (AMO, web-ext lint) wants a fixed add-on id and a statement of data collection: the
    // extension sends nothing to anyone but the agency's own backend the accountant logs in to.
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: geckoExtensionId, data_collection_permissions: { required: ['none' as const] } } } } : {}),
    // Chrome: a public key gives the extension the same id (and origin) in every build and install,
    // which the backend's CORS allows (shared/extension-id.ts).
    ...(browser !== 'firefox' ? { key: chromeExtensionPublicKey } : {}),
  }),
});
