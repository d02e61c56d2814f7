// What an invoice's item shows, by what is known of it: its case's badge (with the case's panel and
// a dunning notice when there is one), "Godkjent for inkasso", why it cannot be sent (with the
// guard's panel), or "Send til inkasso" (beside "Utkast" for a draft).
import type { LedgerInvoiceRow } from '@/lib/adapters/go';
import { el } from '@/lib/ui';
import { casePanel, guardPanel, type PanelContext } from './panels';
import type { RowPopovers } from './popover';
import type { SendFlow } from './send-flow';
import { shownFinding, type KnownStatus, type LedgerStatuses } from './statuses';
import { caseBadge, guardButton, sendButton, stateLabel, type Kit } from './widgets';

export type InvoiceRowParts = { kit: Kit; panel: PanelContext; statuses: LedgerStatuses; popovers: RowPopovers; sendFlow: SendFlow };

/** Draws the item into `host`, laid out for `room` pixels. */
export function drawInvoiceRow(p: InvoiceRowParts, host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus, room: number): void {
  const { kit, popovers } = p;
  const { doc, w } = kit;
  const key = `invoice:${row.invoiceNo}`;
  host.dataset['modhiInvoice'] = String(row.invoiceNo);
  const c = p.statuses.caseOf(item);
  if (c) {
    const button = caseBadge(kit, row.invoiceNo, c, item.state === 'closed', room);
    host.append(button);
    button.addEventListener('click', () => popovers.toggle(key, host, row.row, button, () => casePanel(p.panel, w, c)));
    const notice = p.statuses.noticeOf(row.invoiceNo);
    if (notice) host.append(el(doc, 'span', { class: 'badge warn', role: 'note', title: w.t('dunningNotice', { text: notice }), 'aria-label': w.t('dunningNotice', { text: notice }) }, w.t('dunningNoticeShort')));
    return;
  }
  if (item.state === 'approved') return void host.append(stateLabel(kit, row.invoiceNo, 'approved', room));
  const finding = shownFinding(item.guard);
  if (item.guard && !item.guard.ok && finding) {
    const button = guardButton(kit, row.invoiceNo, finding, room);
    host.append(button);
    button.addEventListener('click', () => popovers.toggle(key, host, row.row, button, () => guardPanel(doc, w, item.guard!)));
    return;
  }
  if (item.state === 'draft') host.append(stateLabel(kit, row.invoiceNo, 'draft', room / 2));
  const send = sendButton(kit, row.invoiceNo, item.state === 'draft' ? room / 2 : room);
  host.append(send);
  send.addEventListener('click', () => p.sendFlow.ask(host, row, item, send));
}
