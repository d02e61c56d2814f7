// The extension's end of the wizard bridge (shared/wizard-bridge.ts), run on the backend's
// registration page: the page asks through window.postMessage, the service worker reads Go's
// Utvidelser page and posts the reading, and the answer goes back to the page. Only messages from
// the page's own window and origin are taken, and only well-formed requests.
import { extensionSource, wizardSource, type ExtensionBridgeMessage, type ReadGoExtensionsResult } from '@shared/wizard-bridge';
import { validReadRequest, type ReadRequest } from './reader';

export type BridgeDeps = { read(request: ReadRequest): Promise<ReadGoExtensionsResult> };

/** Starts listening on `win` (the wizard page) until `signal` aborts; says `ready` once. */
export function startWizardBridge(win: Window, deps: BridgeDeps, signal: AbortSignal): void {
  const reply = (message: ExtensionBridgeMessage) => win.postMessage(message, win.location.origin);
  const inFlight = new Set<string>();
  const onMessage = (event: MessageEvent) => {
    if (event.source !== win || event.origin !== win.location.origin) return;
    const data = event.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || data['source'] !== wizardSource || data['type'] !== 'readGoExtensions') return;
    const requestId = data['requestId'];
    const request = validReadRequest(data);
    if (typeof requestId !== 'string' || requestId.length > 64 || !request || inFlight.has(requestId)) return;
    inFlight.add(requestId);
    void deps
      .read(request)
      .catch((): ReadGoExtensionsResult => ({ ok: false, reason: 'unreachable', message: null, fallbackUrl: null }))
      .then((result) => {
        inFlight.delete(requestId);
        if (!signal.aborted) reply({ source: extensionSource, type: 'goExtensionsRead', requestId, result });
      });
  };
  win.addEventListener('message', onMessage);
  signal.addEventListener('abort', () => win.removeEventListener('message', onMessage), { once: true });
  reply({ source: extensionSource, type: 'ready' });
}
