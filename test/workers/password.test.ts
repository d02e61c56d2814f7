// Passwords are hashed with PBKDF2 through WebCrypto on both runtimes: the default hash made and
// checked in workerd (the login test uses a seed with few iterations, for speed).
import { expect, it } from 'vitest';
import { defaultIterations, hashPassword, verifyPassword } from '@backend/auth/password';

it('hashes and verifies with the default iterations in workerd', async () => {
  const stored = await hashPassword('korrekt hest batteri');
  expect(stored.startsWith(`pbkdf2$${defaultIterations}$`)).toBe(true);
  expect(await verifyPassword('korrekt hest batteri', stored)).toBe(true);
  expect(await verifyPassword('feil', stored)).toBe(false);
});
