// The case page's content (the part of GET /cases/:id between the heading and the timeline): the
// debtor's kind, the balance broken down, and each claim with its own stage and dates.
import type { CaseDetail } from '@shared/api';
import { formatOre } from '@shared/money';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const kr = (ore: number) => `${formatOre(ore)} kr`;

export function caseBody(d: CaseDetail): string {
  const b = d.breakdown;
  const interestRows = b.interest
    .map((l) =>
      l.kind === 'booked'
        ? `<tr><td>&nbsp;&nbsp;Renter bokført til ${esc(l.to)}</td><td class="n">${kr(l.interestOre)}</td></tr>`
        : `<tr><td>&nbsp;&nbsp;Faktura ${l.invoiceNo}: ${esc(l.from ?? '')}–${esc(l.to)}, ${l.days} dager à ${String(l.ratePct).replace('.', ',')} %${l.provisional ? ' (foreløpig sats)' : ''}</td><td class="n">${kr(l.interestOre)}</td></tr>`,
    )
    .join('');
  const rows: [string, number][] = [
    ['Hovedstol', b.principalOre],
    ['Renter', b.interestOre],
  ];
  const after: [string, number][] = [
    ['Gebyrer', b.feesOre],
    ['Salær', b.salaerOre],
    ['Innbetalt', -b.paidOre],
    ...(b.writtenOffOre ? ([['Avskrevet', -b.writtenOffOre]] as [string, number][]) : []),
    ...(b.withdrawnOre ? ([['Trukket fra inkasso', -b.withdrawnOre]] as [string, number][]) : []),
  ];
  const line = ([k, v]: [string, number]) => `<tr><td>${esc(k)}</td><td class="n">${kr(v)}</td></tr>`;
  const claims = d.claims
    .map(
      (c) =>
        `<tr><td>${c.invoiceNo}</td><td>${esc(c.stageLabel)}${c.holdReason ? `: ${esc(c.holdReason)}` : ''}</td><td>${esc(c.noticeSentAt ?? '')}${c.noticeDeadline ? ` (frist ${esc(c.noticeDeadline)})` : ''}</td><td>${esc(c.demandSentAt ?? '')}${c.demandDeadline ? ` (frist ${esc(c.demandDeadline)})` : ''}</td><td class="n">${kr(c.principalOre)}</td><td class="n">${kr(c.openOre)}</td></tr>`,
    )
    .join('');
  return `<style>.n{text-align:right}td,th{padding:0 .5rem;text-align:left}</style><p>Skyldner: ${d.debtor.kind === 'business' ? 'næringsdrivende' : 'forbruker'}${d.debtor.orgNo ? ` (org.nr. ${esc(d.debtor.orgNo)})` : ''}</p>
<h2>Saldo</h2><table class="breakdown"><tbody>${rows.map(line).join('')}${interestRows}${after.map(line).join('')}<tr><th>Saldo</th><th class="n">${kr(b.balanceOre)}</th></tr></tbody></table>
<h2>Krav</h2><table class="claims"><thead><tr><th>Faktura</th><th>Steg</th><th>Inkassovarsel</th><th>Betalingsoppfordring</th><th class="n">Hovedstol</th><th class="n">Åpent</th></tr></thead><tbody>${claims}</tbody></table>`;
}
