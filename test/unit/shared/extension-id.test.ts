// The extension's fixed Chrome id is the one Chrome derives from the manifest's public key: the first
// 16 bytes of SHA-256 over the DER key, each hex digit 0–f written a–p. The backend's default CORS
// origin is built from this id, so a wrong constant would lock our own extension out.
import { createHash, createPublicKey } from 'node:crypto';
import { expect, it } from 'vitest';
import { chromeExtensionId, chromeExtensionPublicKey, geckoExtensionId } from '@shared/extension-id';

it('derives the Chrome id from the manifest key', () => {
  const der = Buffer.from(chromeExtensionPublicKey, 'base64');
  // A real RSA public key (SubjectPublicKeyInfo), 2048 bits.
  const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  expect(key.asymmetricKeyType).toBe('rsa');
  expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  const id = [...hex].map((d) => String.fromCharCode(97 + Number.parseInt(d, 16))).join('');
  expect(id).toBe(chromeExtensionId);
  expect(geckoExtensionId).toMatch(/^[\w.-]+@[\w.-]+$/);
});
