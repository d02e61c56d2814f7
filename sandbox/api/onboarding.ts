// Onboarding as Go offers it to integrations (v2, PascalCase, subscription key, no bearer): Initiate
// gives a TemporaryUrl the user opens and approves in Go; Go then sends the user to the RedirectUri
// with ?status=&token=, and Finalize with that token returns the client key. Plus a company-register lookup shaped like
// Brønnøysundregistrene's enhetsregisteret/api/enheter/{orgnr}.
import { Hono } from 'hono';
import type { Store } from '../store';
import { validOrgNo } from '../util';
import { problem } from './v2';

const onboardingLifetimeMs = 60 * 60_000;

export type Onboarding = { token: string; applicationKey: string; orgNo: string | null; redirectUrl: string | null; approvedClientId: string | null; clientKey: string | null; finalized: boolean };

export class Onboardings {
  readonly byToken = new Map<string, Onboarding>();
}

export function onboardingRoutes(store: Store, onboardings: Onboardings, baseUrl: () => string, knownApplicationKeys: string[], subscriptionKey: string): Hono {
  const app = new Hono();
  // Onboarding needs no bearer token, only the subscription key (as every v2 call).
  app.use('/v2/Onboarding/*', async (c, next) => {
    if (c.req.header('ocp-apim-subscription-key') !== subscriptionKey) return problem(c, 401, 'Access denied due to missing or invalid subscription key.');
    await next();
  });

  app.post('/v2/Onboarding/Initiate', async (c) => {
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const applicationKey = b?.['ApplicationKey'];
    const orgNo = b?.['ClientOrganizationNo'];
    const redirect = b?.['RedirectUri'];
    if (typeof applicationKey !== 'string' || !knownApplicationKeys.includes(applicationKey)) return problem(c, 400, 'Unknown ApplicationKey', 'ApplicationKey is not a known integration');
    if (orgNo !== undefined && orgNo !== null && (typeof orgNo !== 'string' || !/^\d{9}$/.test(orgNo))) return problem(c, 400, 'Invalid ClientOrganizationNo', 'ClientOrganizationNo must be 9 digits');
    if (redirect !== undefined && redirect !== null && (typeof redirect !== 'string' || !URL.canParse(redirect))) return problem(c, 400, 'Invalid RedirectUri', 'RedirectUri must be an absolute URI');
    const token = crypto.randomUUID();
    onboardings.byToken.set(token, { token, applicationKey, orgNo: typeof orgNo === 'string' ? orgNo : null, redirectUrl: typeof redirect === 'string' ? redirect : null, approvedClientId: null, clientKey: null, finalized: false });
    return c.json({ TemporaryUrl: `${baseUrl()}/onboarding/${token}`, ValidUntilDateTimeOffset: new Date(store.now().getTime() + onboardingLifetimeMs).toISOString() });
  });

  app.post('/v2/Onboarding/Finalize', async (c) => {
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const o = typeof b?.['OnboardingToken'] === 'string' ? onboardings.byToken.get(b['OnboardingToken']) : undefined;
    // Go documents 400 (and 429) for Finalize: an unknown token and one not yet approved alike.
    if (!o) return problem(c, 400, 'Unknown OnboardingToken', 'OnboardingToken is not a token Go handed out');
    if (!o.approvedClientId || !o.clientKey) return problem(c, 400, 'Onboarding not approved', 'The onboarding has not been approved in PowerOffice Go yet');
    const client = store.client(o.approvedClientId);
    o.finalized = true;
    return c.json({ OnboardedClientsInformation: [{ ClientKey: o.clientKey, ClientName: client.name, ClientOrganizationNumber: client.orgNo }], UserEmail: 'regnskap@sandbox.example' });
  });

  app.get('/enhetsregisteret/api/enheter/:orgnr', (c) => {
    const orgnr = c.req.param('orgnr');
    if (!validOrgNo(orgnr)) return c.json({ status: 400, feilmelding: `Ugyldig organisasjonsnummer: ${orgnr}` }, 400);
    const client = store.clients.find((x) => x.orgNo === orgnr);
    if (!client) return c.json({ status: 404, feilmelding: `Enhet med organisasjonsnummer ${orgnr} finnes ikke` }, 404);
    return c.json({
      organisasjonsnummer: client.orgNo,
      navn: client.name.toUpperCase(),
      organisasjonsform: { kode: 'AS', beskrivelse: 'Aksjeselskap' },
      forretningsadresse: { land: 'Norge', landkode: 'NO', postnummer: client.address.postCode, poststed: client.address.city.toUpperCase(), adresse: [client.address.line1], kommune: '', kommunenummer: '' },
      registrertIMvaregisteret: true,
    });
  });
  return app;
}

/** Approving an onboarding in Go's pages adds the agency's extension with a fresh client key. */
export function approveOnboarding(store: Store, onboardings: Onboardings, token: string, clientId: string): Onboarding {
  const o = onboardings.byToken.get(token);
  if (!o) throw new Error('unknown onboarding');
  const client = store.client(clientId);
  let extension = client.extensions.find((e) => e.applicationKey === o.applicationKey);
  if (!extension) {
    extension = { id: store.id('ext-'), name: 'Modhi Norge Inkasso', kind: 'Inkasso', applicationKey: o.applicationKey, clientKey: crypto.randomUUID(), active: true, canCreateCases: true };
    client.extensions.push(extension);
  }
  o.approvedClientId = client.id;
  o.clientKey = extension.clientKey;
  return o;
}

/** Where Go sends the user back after the approval: the integration's RedirectUri with
 *  `status` (OnboardingCallbackStatus) and `token` (for Finalize), or null without one. */
export function onboardingCallbackUrl(o: Onboarding, status: 'Success' | 'Canceled' = 'Success'): string | null {
  if (!o.redirectUrl) return null;
  const url = new URL(o.redirectUrl);
  url.searchParams.set('status', status);
  url.searchParams.set('token', o.token);
  return url.toString();
}
