// "Send til inkasso" on a row: the question (with the claim, when only part of it can be sent),
// the send itself and its answer: the case in the row and a word in the toast, or why not.
import { approveDraft, type LedgerInvoiceRow } from '@/lib/adapters/go';
import type { Overlay } from '@/lib/overlay';
import { el } from '@/lib/ui';
import type { FeatureContext } from '../types';
import type { RowPopovers } from './popover';
import type { KnownStatus, LedgerStatuses } from './statuses';
import { confirmation, type Toast } from './widgets';
import type { Words } from './words';

export type SendFlowOptions = {
  ctx: FeatureContext;
  w: Words;
  creditorId: string;
  statuses: LedgerStatuses;
  popovers: RowPopovers;
  toast: Toast;
  /** The overlay of the table shown now (Go may replace the table, and the overlay with it). */
  overlay(): Overlay;
  schedule(reposition: boolean): void;
  /** Every row asked for again after the send (the rest of the debtor's case may have changed). */
  afterAction(): Promise<void>;
};

export class SendFlow {
  constructor(private readonly o: SendFlowOptions) {}

  /** The confirmation beside the row; "Bekreft" sends. */
  ask(host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus, opener: HTMLElement): void {
    const { w, popovers } = this.o;
    const key = `invoice:${row.invoiceNo}`;
    const text = [w.t('confirmSend', { invoiceNo: row.invoiceNo, amount: w.money(row.balanceOre ?? 0), debtor: row.customer?.name ?? '' })];
    const partly = item.guard?.findings.find((f) => !f.blocking);
    if (item.guard && partly) text.push(w.t('confirmClaim', { claim: w.money(item.guard.claimOre), reason: w.finding(partly, false) }));
    const { box, yes, no } = confirmation(this.o.ctx.doc, w.t('sendToCollection'), text, w.t('confirm'), w.t('cancel'));
    no.addEventListener('click', () => popovers.close(key, host, opener));
    yes.addEventListener('click', () => void this.send(host, row, opener, box));
    popovers.open(key, host, row.row, box, opener, yes);
  }

  /** One-click send: the draft is approved in Go's own Inkasso page as the accountant (Go has no
   *  API for it; the adapter makes the request Go's page makes), then the backend takes the
   *  invoice now and answers with the case; then every row is asked for again. When Go's page is
   *  not what the adapter knows, Go's Utkast page is opened with the invoice pointed out. */
  private async send(host: HTMLElement, row: LedgerInvoiceRow, opener: HTMLElement, box: HTMLElement): Promise<void> {
    const { ctx, w, popovers } = this.o;
    const { doc } = ctx;
    const key = `invoice:${row.invoiceNo}`;
    const status = (text: string) => box.replaceChildren(el(doc, 'p', { role: 'status' }, text));
    const fail = (role: 'alert', ...content: (Node | string)[]) => {
      box.setAttribute('role', role);
      box.setAttribute('aria-label', w.t('sendFailed', { reason: '' }).replace(/:\s*$/, ''));
      box.replaceChildren(el(doc, 'p', {}, ...content), el(doc, 'div', { class: 'actions' }, popovers.closeButton(key, host, opener)));
    };
    status(w.t('approvingInGo'));
    const win = doc.defaultView!;
    const approved = await approveDraft((u, init) => win.fetch(u, init), win.location.href, row.invoiceNo, ctx.signal);
    if (ctx.signal.aborted) return;
    if (!approved.ok) {
      const text = approved.reason === 'refused' && approved.message ? w.t('goRefused', { invoiceNo: row.invoiceNo, reason: w.message(approved.message) })
        : approved.reason === 'no_row' ? w.t('goNoDraft', { invoiceNo: row.invoiceNo })
        : w.t('goFallback', { invoiceNo: row.invoiceNo });
      if (approved.reason !== 'refused') win.open(approved.fallbackUrl, '_blank', 'noopener');
      fail('alert', `${text} `, el(doc, 'a', { href: approved.fallbackUrl, target: '_blank', rel: 'noopener noreferrer' }, w.t('openInGo')));
      return;
    }
    status(w.t('takingCase'));
    const r = await ctx.ask({ type: 'send', creditorId: this.o.creditorId, invoiceNo: row.invoiceNo });
    if (ctx.signal.aborted) return;
    if (!r.ok) return fail('alert', w.t('sendFailed', { reason: r.kind === 'offline' ? w.t('offline') : w.message(r.message) }));
    this.o.statuses.take([r.data]);
    if (r.data.notice) this.o.statuses.noteNotice(row.invoiceNo, r.data.notice);
    popovers.close(key, host);
    this.o.overlay().remove(key);
    if (r.data.case) this.o.toast.say(w.t('toastSent', { invoiceNo: row.invoiceNo, caseNo: r.data.case.caseNo }));
    this.o.schedule(false);
    await this.o.afterAction();
  }
}
