// @vitest-environment happy-dom
// extension/lib's page helpers: shadow-root hosts that take data only as text, our own inserts
// removed in one sweep, the overlay layer's geometry (which rows are near the view, clipping by
// scrolling ancestors), its keyed items, and the i18n tables (every key in both languages).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHost, el, nextTask, removeOurs, yieldToPage, badgeCss } from '@/lib/ui';
import { intersect, Overlay, spanNear } from '@/lib/overlay';
import { translate, translator, type MessageKey } from '@/lib/i18n';
import { invoiceStatusChunk } from '@/features/ledger-badges/loader';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

describe('ui', () => {
  it('mounts a marked host with an open shadow root and our stylesheet', () => {
    const { host, root } = createHost(document, 'badge');
    expect(host.tagName).toBe('SPAN');
    expect(host.getAttribute('data-modhi')).toBe('badge');
    expect(root.mode).toBe('open');
    const block = createHost(document, 'panel', true);
    expect(block.host.tagName).toBe('DIV');
    const styled = root.adoptedStyleSheets.length > 0 || root.querySelector('style')?.textContent === badgeCss;
    expect(styled).toBe(true);
  });

  it('builds elements from text only: markup stays text, bidi controls go, attributes are set', () => {
    const node = el(document, 'p', { class: 'muted', title: 't' }, '<b>Akkurat\u202e AS</b>', el(document, 'span', {}, 'x'));
    expect(node.querySelector('b')).toBeNull();
    expect(node.textContent).toBe('<b>Akkurat AS</b>x');
    expect(node.className).toBe('muted');
    expect(node.getAttribute('title')).toBe('t');
  });

  it('removes every insert of ours and nothing of the page', () => {
    const page = document.createElement('div');
    page.append(createHost(document, 'a').host, document.createElement('p'), createHost(document, 'b', true).host);
    document.body.append(page);
    removeOurs(document);
    expect(page.querySelectorAll('[data-modhi]').length).toBe(0);
    expect(page.querySelectorAll('p').length).toBe(1);
  });

  it('yields to the page through the scheduler where there is one, else a plain task', async () => {
    await expect(nextTask()).resolves.toBeUndefined();
    await expect(yieldToPage()).resolves.toBeUndefined();
    const postTask = vi.fn((fn: () => void) => Promise.resolve(fn()));
    vi.stubGlobal('scheduler', { postTask });
    await yieldToPage();
    expect(postTask).toHaveBeenCalledWith(expect.any(Function), { priority: 'background' });
  });

  it('falls back to a <style> where constructable stylesheets are missing', async () => {
    vi.resetModules();
    vi.stubGlobal('CSSStyleSheet', class { replaceSync() { throw new Error('not supported'); } });
    const fresh = await import('@/lib/ui');
    const { root } = fresh.createHost(document, 'x');
    expect(root.querySelector('style')?.textContent).toBe(fresh.badgeCss);
  });
});

describe('overlay geometry', () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({ top: i * 20, bottom: i * 20 + 20 }));
  it('finds the rows that meet the view by binary search', () => {
    expect(spanNear(rows.length, (i) => rows[i]!, 100, 150)).toEqual([4, 8]);
    expect(spanNear(rows.length, (i) => rows[i]!, -50, -10)).toEqual([0, 0]);
    expect(spanNear(rows.length, (i) => rows[i]!, 5000, 6000)).toEqual([100, 100]);
    expect(spanNear(0, () => ({ top: 0, bottom: 0 }), 0, 10)).toEqual([0, 0]);
  });

  it('intersects a rect with its clips, or says nothing is left', () => {
    expect(intersect({ top: 0, bottom: 100, left: 0, right: 100 }, [{ top: 50, bottom: 200, left: -10, right: 60 }])).toEqual({ top: 50, bottom: 100, left: 0, right: 60 });
    expect(intersect({ top: 0, bottom: 10, left: 0, right: 10 }, [{ top: 20, bottom: 30, left: 0, right: 10 }])).toBeNull();
    expect(intersect({ top: 0, bottom: 10, left: 0, right: 10 }, [])).toEqual({ top: 0, bottom: 10, left: 0, right: 10 });
  });
});

describe('Overlay', () => {
  function table(scrolling: boolean) {
    const wrap = document.createElement('div');
    if (scrolling) wrap.style.overflowY = 'auto';
    const t = document.createElement('table');
    wrap.append(t);
    document.body.append(wrap);
    return { wrap, t };
  }

  it('keeps one item per key, replaced when its signature changes, and moves it by transform', () => {
    const { t } = table(false);
    const layer = new Overlay(document, t);
    expect(document.body.lastElementChild).toBe(layer.host);
    const slot = { top: 10, left: 20, height: 18, maxWidth: 200 };
    const first = layer.put('inv:19', 'a', 'badge', slot, (item) => item.append('Sak 1'));
    expect(layer.has('inv:19', 'a')).toBe(true);
    expect(layer.has('inv:19', 'b')).toBe(false);
    expect(first.style.transform).toBe('translate(20px,10px)');
    expect(first.style.maxWidth).toBe('200px');
    const second = layer.put('inv:19', 'b', 'badge', { ...slot, top: 40 }, (item) => item.append('Sak 2'));
    expect(first.isConnected).toBe(false);
    expect(layer.get('inv:19')).toBe(second);
    layer.put('inv:21', 'c', 'badge', slot, () => undefined);
    expect(layer.keys()).toEqual(['inv:19', 'inv:21']);
    layer.remove('inv:19');
    expect(layer.keys()).toEqual(['inv:21']);
    expect(layer.get('inv:19')).toBeUndefined();
    expect(layer.origin()).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    layer.destroy();
    expect(layer.host.isConnected).toBe(false);
    expect(layer.keys()).toEqual([]);
  });

  it('knows the ancestors that scroll the table, until told the layout changed', () => {
    const { wrap, t } = table(true);
    const layer = new Overlay(document, t);
    expect(layer.scrollsTable(wrap)).toBe(true);
    expect(layer.scrollsTable(document.body)).toBe(false);
    expect(layer.scrollsTable(null)).toBe(false);
    wrap.style.overflowY = 'visible';
    expect(layer.scrollsTable(wrap)).toBe(true); // remembered
    layer.forgetLayout();
    expect(layer.scrollsTable(wrap)).toBe(false);
  });

  it('sees the table through the window and its clipping ancestors', () => {
    const { wrap, t } = table(true);
    const layer = new Overlay(document, t);
    vi.spyOn(wrap, 'getBoundingClientRect').mockReturnValue({ top: 100, bottom: 300, left: 0, right: 500, x: 0, y: 100, width: 500, height: 200, toJSON: () => ({}) });
    const area = layer.visibleArea(50);
    expect(area).toEqual({ top: 100, bottom: 300, left: 0, right: Math.min(500, window.innerWidth) });
    vi.spyOn(wrap, 'getBoundingClientRect').mockReturnValue({ top: -400, bottom: -200, left: 0, right: 500, x: 0, y: -400, width: 500, height: 200, toJSON: () => ({}) });
    expect(layer.visibleArea(50)).toBeNull();
  });
});

describe('i18n', () => {
  it('has every key in both languages and fills in its variables', () => {
    expect(translate('nb', 'invoice', { invoiceNo: 19 })).toBe('Faktura 19');
    expect(translate('en', 'invoice', { invoiceNo: 19 })).toBe('Invoice 19');
    expect(translate('nb', 'noCases')).not.toBe(translate('en', 'noCases'));
    const t = translator('en');
    expect(t('save')).toBe(translate('en', 'save'));
    for (const key of ['syncNow', 'offline', 'loggedOut', 'register'] as MessageKey[]) {
      expect(translate('nb', key)).not.toBe('');
      expect(translate('en', key)).not.toBe(translate('nb', key));
    }
  });

  it('keeps the background within the backend\'s batch limits', () => {
    expect(invoiceStatusChunk).toBeLessThanOrEqual(1000);
  });
});
