// The overview's words (plural forms by Intl.PluralRules, both languages), the icon's count text,
// and the backend host permission asked for at login: granted already, asked for, refused, or not
// askable (plain http).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const permissions = { contains: vi.fn<(p: { origins: string[] }) => Promise<boolean>>(), request: vi.fn<(p: { origins: string[] }) => Promise<boolean>>() };
vi.mock('wxt/browser', () => ({ browser: { permissions } }));

const { overviewTranslator, monthName } = await import('@/lib/i18n-overview');
const { badgeText } = await import('@/lib/attention-badge');
const { ensureBackendAccess, originPattern } = await import('@/lib/backend-access');

describe('overview words', () => {
  it('count with the right plural form in nb and en', () => {
    const nb = overviewTranslator('nb');
    const en = overviewTranslator('en');
    expect(nb.count('cases', 1)).toBe('1 sak');
    expect(nb.count('cases', 2)).toBe('2 saker');
    expect(nb.count('cases', 0)).toBe('0 saker');
    expect(nb.count('not_sent', 1)).toBe('1 forfalt faktura venter på godkjenning i Inkasso → Utkast');
    expect(nb.count('not_sent', 3)).toBe('3 forfalte fakturaer venter på godkjenning i Inkasso → Utkast');
    expect(en.count('sync_failed', 1)).toBe('1 sync with Go failed');
    expect(en.count('attention', 2)).toBe('2 things need you');
    expect(nb('remittanceLine', { date: '28.11.2026', payout: '1 000,00', voucher: 7 })).toBe('28.11.2026: 1 000,00 kr, bilagsnr. 7');
    expect(nb.status('posted')).toBe('bokført');
    expect(monthName('nb', '2026-11-28')).toBe('november 2026');
    expect(monthName('en', '2026-11-28')).toBe('November 2026');
  });

  it('the icon shows nothing for 0, the number up to 99, then 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(null)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('backend access', () => {
  beforeEach(() => {
    permissions.contains.mockReset();
    permissions.request.mockReset();
  });

  it('names the origin as a match pattern, without the port', () => {
    expect(originPattern('https://inkasso.example.no:8443/x')).toBe('https://inkasso.example.no/*');
    expect(originPattern('ftp://x')).toBeNull();
    expect(originPattern('not a url')).toBeNull();
  });

  it('asks nothing for an address already granted', async () => {
    permissions.contains.mockResolvedValue(true);
    expect(await ensureBackendAccess('https://inkasso.modhi.example')).toEqual({ ok: true });
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('asks the browser for another https address, that origin only, and says when it was refused', async () => {
    permissions.contains.mockResolvedValue(false);
    permissions.request.mockResolvedValueOnce(true).mockResolvedValueOnce(false).mockRejectedValueOnce(new Error('no gesture'));
    expect(await ensureBackendAccess('https://modhi.byraa.no/')).toEqual({ ok: true });
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://modhi.byraa.no/*'] });
    expect(await ensureBackendAccess('https://modhi.byraa.no/')).toEqual({ ok: false, reason: 'denied', origin: 'https://modhi.byraa.no' });
    expect(await ensureBackendAccess('https://modhi.byraa.no/')).toEqual({ ok: false, reason: 'denied', origin: 'https://modhi.byraa.no' });
  });

  it('does not ask for plain http (a local backend belongs to a development build)', async () => {
    permissions.contains.mockResolvedValue(false);
    expect(await ensureBackendAccess('http://10.0.0.5:8787')).toEqual({ ok: false, reason: 'https', origin: 'http://10.0.0.5' });
    expect(permissions.request).not.toHaveBeenCalled();
  });
});

describe('instants', () => {
  it('read as dd.mm.åååå hh:mm in Oslo time, winter and summer', async () => {
    const { instantText } = await import('@/lib/i18n-overview');
    expect(instantText('nb', '2026-12-02T09:05:00.000Z')).toBe('02.12.2026 10:05');
    expect(instantText('nb', '2026-07-01T22:30:00.000Z')).toBe('02.07.2026 00:30');
    expect(instantText('en', '2026-12-02T09:05:00.000Z')).toBe('02.12.2026 10:05');
  });
});
