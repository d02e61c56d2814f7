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
  const token = await getToken(sandbox.url, creds.applicationKey, client.clientKey!, creds.subscriptionKey);
  const headers = { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': creds.subscriptionKey, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    let res = await fetch(sandbox.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // Go allows 10 requests/s per key: a burst of test calls waits out the 429, as a client does.
    for (let n = 0; res.status === 429 && n < 5; n++) {
      await new Promise((r) => setTimeout(r, 1000));
      res = await fetch(sandbox.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { sandbox, creds, client, token, headers, call };
}

export async function getToken(url: string, applicationKey: string, clientKey: string, subscriptionKey = 'modhi-sandbox-subscription-key'): Promise<string> {
  const res = await fetch(`${url}/OAuth/Token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${applicationKey}:${clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': subscriptionKey },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
