// A Go sandbox over HTTP on a free port, with a token for the demo client, for tests.
import { startSandbox, type RunningSandbox } from '../../sandbox/node';

export type Credentials = {
  applicationKey: string;
  subscriptionKey: string;
  clients: { id: string; name: string; orgNo: string; clientKey: string | null; ledgerUrl: string; collectionUrl: string; dunningUrl: string; extensionsUrl: string }[];
};

export async function sandboxWithToken(today = '2026-11-28', clientName = 'Conecto AS') {
  const sandbox: RunningSandbox = await startSandbox({ today });
  const creds = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as Credentials;
  const client = creds.clients.find((c) => c.name === clientName)!;
  const token = await getToken(sandbox.url, creds.applicationKey, client.clientKey!);
  const headers = { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': creds.subscriptionKey, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sandbox.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { sandbox, creds, client, token, headers, call };
}

export async function getToken(url: string, applicationKey: string, clientKey: string): Promise<string> {
  const res = await fetch(`${url}/OAuth/Token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${applicationKey}:${clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
