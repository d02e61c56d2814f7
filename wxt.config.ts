import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { chromeExtensionPublicKey, geckoExtensionId } from './shared/extension-id';

// The extension lives in extension/; WXT builds Chrome MV3 and Firefox packages from it.
export default defineConfig({
  srcDir: 'extension',
  imports: false,
  publicDir: 'extension/public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: process.env['MODHI_NO_MINIFY'] ? { minify: false } : {},
    resolve: { alias: { '@shared': new URL('./shared', import.meta.url).pathname } },
  }),
  hooks: {
    // Development builds also run on the local Go sandbox; production only on go.poweroffice.net.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'development') return;
      for (const script of manifest.content_scripts ?? []) script.matches = [...(script.matches ?? []), 'http://localhost/*', 'http://127.0.0.1/*'];
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'nb',
    permissions: ['storage'],
    host_permissions: ['https://go.poweroffice.net/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    // Firefox (AMO, web-ext lint) wants a fixed add-on id and a statement of data collection: the
    // extension sends nothing to anyone but the agency's own backend the accountant logs in to.
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: geckoExtensionId, data_collection_permissions: { required: ['none' as const] } } } } : {}),
    // Chrome: a public key gives the extension the same id (and origin) in every build and install,
    // which the backend's CORS allows (shared/extension-id.ts).
    ...(browser !== 'firefox' ? { key: chromeExtensionPublicKey } : {}),
  }),
});
