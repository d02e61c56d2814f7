// What the accountant does in Go's own pages, for tests that need it done: approving a draft in
// Inkasso → Utkast is a page POST in the accountant's session (cookie and antiforgery token), as
// the extension's Go adapter makes it. Go has no API for it.
import type { Sandbox } from '../../sandbox/app';

export async function approveInGoPage(sandbox: Pick<Sandbox, 'app' | 'store' | 'sessions'>, clientId: string, invoiceNos: number[]): Promise<void> {
  const { cookie, token } = sandbox.sessions.open();
  for (const no of invoiceNos) {
    const invoice = sandbox.store.client(clientId).invoices.find((i) => i.invoiceNo === no);
    if (!invoice) throw new Error(`no invoice ${no} in ${clientId}`);
    const res = await sandbox.app.request(`/app/${clientId}/inkasso/utkast/godkjenn`, {
      method: 'POST',
      body: new URLSearchParams({ invoiceId: invoice.id, __RequestVerificationToken: token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'X-Go-Partial': '1' },
    });
    const html = await res.text();
    if (!res.ok || !html.includes('go-flash')) throw new Error(`Go's page did not approve invoice ${no}: ${/go-error[^>]*>([^<]*)/.exec(html)?.[1] ?? res.status}`);
  }
}
