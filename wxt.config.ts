import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The extension lives in extension/; WXT builds Chrome MV3 and Firefox packages from it.
export default defineConfig({
  srcDir: 'extension',
  imports: false,
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    resolve: { alias: { '@shared': new URL('./shared', import.meta.url).pathname } },
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'nb',
    permissions: ['storage'],
    host_permissions: ['https://go.poweroffice.net/*', 'http://localhost/*', 'http://127.0.0.1/*'],
  },
});
