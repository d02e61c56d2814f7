// Runs the company register stand-in on Node (loopback, port 0 picks a free port), for npm start
// and the test helpers: its lookup URL is `${url}/enhetsregisteret/api/enheter`.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCompanyRegister, type CompanyRegister, type Unit } from './app';

export type RunningCompanyRegister = CompanyRegister & { url: string; lookupUrl: string; close(): Promise<void> };

export async function startCompanyRegister(options: { port?: number; host?: string; units?: Unit[] } = {}): Promise<RunningCompanyRegister> {
  const register = createCompanyRegister(options.units);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: register.app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    ...register,
    url,
    lookupUrl: `${url}/enhetsregisteret/api/enheter`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
