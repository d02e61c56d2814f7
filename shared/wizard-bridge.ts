// How the registration wizard's page (served by the backend) and the browser extension's script on
// that page talk, through window.postMessage in the page's own window: the page asks for a reading
// of Go's Innstillinger → Utvidelser page for the client, the extension reads it in the
// accountant's Go session and answers. Only types and constants: both sides check what they get.

export const wizardSource = 'modhi-wizard';
export const extensionSource = 'modhi-extension';

/** One row of Go's Utvidelser page as the extension's adapter reads it. */
export type BridgeExtensionRow = { name: string; kind: string; active: boolean; canCreateCases: boolean };

/** Page → extension: read Go's Utvidelser page for this registration's client. */
export type ReadGoExtensionsRequest = { source: typeof wizardSource; type: 'readGoExtensions'; requestId: string; creditorId: string; orgNo: string };

/** Why the extension could not read: the page then offers Go's page and the manual confirmation. */
export type BridgeFailureReason = 'no_go_tab' | 'unknown_client' | 'wrong_client' | 'unreachable' | 'unexpected_page' | 'refused';

export type ReadGoExtensionsResult =
  /** Read and posted to the registration API with the extension's login: `posted` is true. Without
   *  a login that may post it (none, or another firm's), `posted` is false and the page posts it. */
  | { ok: true; posted: boolean; url: string; extensions: BridgeExtensionRow[] }
  | { ok: false; reason: BridgeFailureReason; message: string | null; fallbackUrl: string | null };

/** Extension → page. `ready` is said once when the extension's script starts on the page. */
export type ExtensionBridgeMessage =
  | { source: typeof extensionSource; type: 'ready' }
  | { source: typeof extensionSource; type: 'goExtensionsRead'; requestId: string; result: ReadGoExtensionsResult };
