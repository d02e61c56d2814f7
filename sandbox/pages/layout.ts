// Go's page frame: header with the current client, navigation, and the tiny script that makes
// navigation and forms work without full reloads (history.pushState), like Go's single-page app.
import type { Client } from '../store';
import { escapeHtml } from '../util';

export const styles = `
*{box-sizing:border-box} body{margin:0;font-family:"Segoe UI",Roboto,Arial,sans-serif;font-size:14px;color:#1d2733;background:#f3f5f8}
.go-header{display:flex;align-items:center;gap:24px;background:#0b3a66;color:#fff;padding:0 20px;height:52px}
.go-header a{color:#fff;text-decoration:none} .go-logo{font-weight:700;font-size:17px}
.go-nav{display:flex;gap:16px} .go-nav a{opacity:.85;padding:16px 2px} .go-nav a[aria-current=page]{opacity:1;border-bottom:3px solid #5fb4ff}
.go-client{margin-left:auto;text-align:right;line-height:1.2} .go-client-name{font-weight:600;display:block} .go-client-orgno{font-size:12px;opacity:.8}
main{padding:20px 28px} h1{font-size:20px;margin:0 0 12px} h2{font-size:16px;margin:24px 0 8px}
.ledger-filters{display:flex;gap:12px;margin-bottom:12px;color:#45556a}
.go-grid{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.go-grid th{text-align:left;background:#e9eef4;font-weight:600;padding:6px 8px;border-bottom:1px solid #cfd8e3}
.go-grid td{padding:5px 8px;border-bottom:1px solid #eef1f5;vertical-align:middle}
.go-grid td.num,.go-grid th.num{text-align:right;font-variant-numeric:tabular-nums}
.go-grid-group td{background:#f7f9fb;font-weight:600;padding-top:10px}
.go-grid-sum td{font-weight:600;border-bottom:2px solid #cfd8e3}
.go-btn{background:#fff;border:1px solid #9fb3c8;border-radius:3px;padding:3px 10px;cursor:pointer;font:inherit}
.go-btn.primary{background:#1565c0;border-color:#1565c0;color:#fff}
.go-btn:focus-visible{outline:2px solid #1565c0;outline-offset:2px}
form.inline{display:inline;margin:0}
.go-flash{background:#e8f5e9;border:1px solid #a5d6a7;padding:8px 12px;margin-bottom:12px}
.go-error{background:#fdecea;border:1px solid #f5c2c0;padding:8px 12px;margin-bottom:12px}
fieldset{border:1px solid #cfd8e3;background:#fff;padding:12px 16px;margin:0 0 12px} label{display:block;margin:6px 0}
dialog{border:1px solid #9fb3c8;border-radius:4px;min-width:420px} dialog h2{margin-top:0}
.muted{color:#6b7b8f}
.go-tabs{display:flex;gap:4px;border-bottom:1px solid #cfd8e3;margin-bottom:12px} .go-tabs a{padding:6px 14px;color:#0b3a66;text-decoration:none;border:1px solid transparent;border-bottom:none;border-radius:3px 3px 0 0}
.go-tabs a[aria-current=page]{background:#fff;border-color:#cfd8e3;font-weight:600;margin-bottom:-1px}
.go-grid tr.go-highlight td{background:#fff3c4;box-shadow:inset 0 0 0 1px #e0b000} .go-hint{color:#6b5200}
.go-card{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;background:#fff;padding:12px 16px;max-width:640px} .go-card dt{font-weight:600}
`;

/** Soft navigation: a[data-spa] and form[data-spa-form] swap #go-main instead of reloading. */
export const script = `
(function(){
  var main = function(){ return document.getElementById('go-main'); };
  function swap(html, title){ main().innerHTML = html; if (title) document.title = title; markNav(); }
  function markNav(){ document.querySelectorAll('.go-nav a').forEach(function(a){ if (new URL(a.href).pathname === location.pathname) a.setAttribute('aria-current','page'); else a.removeAttribute('aria-current'); }); }
  // A failed partial fetch falls back to a full load, so a broken soft navigation never strands the user.
  function load(url, push){
    return fetch(url, { headers: { 'X-Go-Partial': '1' } }).then(function(r){
      if (!r.ok) throw new Error(String(r.status));
      return r.text().then(function(t){ swap(t, decodeURIComponent(r.headers.get('X-Go-Title') || '')); if (push) history.pushState({}, '', url); });
    }).catch(function(){ location.href = url; });
  }
  document.addEventListener('click', function(e){
    var a = e.target.closest && e.target.closest('a[data-spa]');
    if (a && a.origin === location.origin && !a.target && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) { e.preventDefault(); load(a.href, true); return; }
    var open = e.target.closest && e.target.closest('[data-open-dialog]');
    if (open) { var d = document.getElementById(open.getAttribute('data-open-dialog')); if (d) d.showModal(); return; }
    var close = e.target.closest && e.target.closest('[data-close-dialog]');
    if (close) { var dd = close.closest('dialog'); if (dd) { var f = dd.querySelector('form'); if (f) f.reset(); dd.close(); } return; }
    var refresh = e.target.closest && e.target.closest('[data-refresh-ledger]');
    if (refresh) {
      fetch(location.href, { headers: { 'X-Go-Partial': 'tbody' } }).then(function(r){ return r.text(); }).then(function(t){
        var tbody = document.querySelector('table.ledger tbody'); if (tbody) tbody.innerHTML = t;
      });
    }
  });
  document.addEventListener('submit', function(e){
    var form = e.target.closest && e.target.closest('form[data-spa-form]');
    if (!form) return;
    e.preventDefault();
    var body = new URLSearchParams(new FormData(form, e.submitter));
    var d = form.closest('dialog'); if (d) d.close();
    fetch(form.action, { method: 'POST', body: body, headers: { 'X-Go-Partial': '1' } }).then(function(r){
      return r.text().then(function(t){ swap(t, decodeURIComponent(r.headers.get('X-Go-Title') || '')); });
    });
  });
  // Escape on a dialog is Avbryt too: drop the unsaved ticks.
  document.addEventListener('cancel', function(e){ var f = e.target.querySelector && e.target.querySelector('form'); if (f) f.reset(); }, true);
  window.addEventListener('popstate', function(){ load(location.href, false); });
  markNav();
})();
`;

export function formatOrgNo(orgNo: string): string {
  return orgNo.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

export function nav(client: Client, current: string): string {
  const link = (path: string, text: string) =>
    `<a data-spa href="/app/${escapeHtml(client.id)}/${path}"${path === current ? ' aria-current="page"' : ''}>${text}</a>`;
  return `<nav class="go-nav" aria-label="Hovedmeny">${link('reskontro', 'Kundereskontro')} ${link('inkasso', 'Inkasso')} ${link('innstillinger/purring', 'Purring')} ${link('innstillinger/utvidelser', 'Utvidelser')}</nav>`;
}

export function page(client: Client | null, current: string, title: string, content: string): string {
  const header = client
    ? `<a class="go-logo" href="/app/${escapeHtml(client.id)}/reskontro" data-spa>PowerOffice Go</a>
    ${nav(client, current)}
    <div class="go-client"><span class="go-client-name">${escapeHtml(client.name)}</span> <span class="go-client-orgno">Org.nr. ${escapeHtml(formatOrgNo(client.orgNo))}</span></div>`
    : `<a class="go-logo" href="/">PowerOffice Go</a>`;
  return `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><div id="go-app">
  <header class="go-header">${header}</header>
  <main id="go-main">${content}</main>
</div><script>${script}</script></body></html>`;
}
