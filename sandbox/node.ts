// Runs the sandbox on Node: `npm run sandbox` (SANDBOX_PORT, default 8788), or startSandbox() from
// tests and scripts (port 0 picks a free port).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from './app';

export type RunningSandbox = Sandbox & { url: string; close(): Promise<void> };

export async function startSandbox(options: SandboxOptions & { port?: number; host?: string } = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: sandbox.app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  sandbox.setBaseUrl(options.baseUrl ?? url);
  return {
    ...sandbox,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env['SANDBOX_PORT'] ?? 8788);
  const sandbox = await startSandbox({ port, ...(process.env['SANDBOX_TODAY'] ? { today: process.env['SANDBOX_TODAY'] } : {}) });
  const res = await sandbox.app.request('/_sandbox/credentials');
  const creds = (await res.json()) as { applicationKey: string; clients: { name: string; ledgerUrl: string; collectionUrl: string; dunningUrl: string; extensionsUrl: string }[] };
  console.log(`PowerOffice GO sandbox on ${sandbox.url} (today ${sandbox.store.today})`);
  console.log(`  credentials: ${sandbox.url}/_sandbox/credentials`);
  for (const c of creds.clients) {
    console.log(`  ${c.name}`);
    console.log(`    Kundereskontro: ${c.ledgerUrl}`);
    console.log(`    Inkasso:        ${c.collectionUrl}`);
    console.log(`    Purring:        ${c.dunningUrl}`);
    console.log(`    Utvidelser:     ${c.extensionsUrl}`);
  }
  console.log(`  large ledger:  ${creds.clients[0]?.ledgerUrl ?? ''}?rows=5000`);
}
