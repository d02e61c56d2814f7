import { expect, it } from 'vitest';
import { stripBidi } from '@shared/text';

it('strips every bidi control character and nothing else', () => {
  const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'];
  expect(stripBidi(`Ola ${controls.join('')}Nordmann AS`)).toBe('Ola Nordmann AS');
  expect(stripBidi('Faktura \u202E1234\u202C kr')).toBe('Faktura 1234 kr');
  // Letters of right-to-left scripts, the zero-width joiner and ordinary text are kept.
  expect(stripBidi('שלום مرحبا Søren\u200D Å')).toBe('שלום مرحبا Søren\u200D Å');
});
