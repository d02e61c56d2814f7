// Passwords in workerd. The open-source workerd these tests run does not enforce Cloudflare's
// production limit of 100 000 PBKDF2 iterations per call (workerd#1346), so deriveBits is wrapped
// here to refuse more, as production does: a new hash is made and checked under that limit, and a
// hash of the first scheme (one call of 210 000) still verifies, from PBKDF2's definition.
import { afterEach, expect, it, vi } from 'vitest';
import { b64 } from '@backend/crypto';
import { defaultIterations, hashPassword, maxIterationsPerCall, needsRehash, verifyPassword } from '@backend/modules/auth/password';

const subtle = crypto.subtle;
const realDeriveBits = subtle.deriveBits.bind(subtle);

function capLikeProduction(): number[] {
  const calls: number[] = [];
  vi.spyOn(subtle, 'deriveBits').mockImplementation(async (algorithm, key, length) => {
    const iterations = (algorithm as Pbkdf2Params).iterations;
    calls.push(iterations);
    if (iterations > maxIterationsPerCall) throw new DOMException(`Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${iterations}).`, 'NotSupportedError');
    return realDeriveBits(algorithm as Pbkdf2Params, key, length ?? 256);
  });
  return calls;
}

afterEach(() => vi.restoreAllMocks());

it('hashes and verifies with the default iterations in workerd, no call above the production limit', async () => {
  const calls = capLikeProduction();
  const stored = await hashPassword('korrekt hest batteri');
  expect(stored.startsWith(`pbkdf2-sha256$${defaultIterations / maxIterationsPerCall}x${maxIterationsPerCall}$`)).toBe(true);
  expect(await verifyPassword('korrekt hest batteri', stored)).toBe(true);
  expect(await verifyPassword('feil', stored)).toBe(false);
  expect(Math.max(...calls)).toBeLessThanOrEqual(maxIterationsPerCall);
});

it('verifies a 210 000-iteration hash of the first scheme under the production limit, and marks it for rehashing', async () => {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await subtle.importKey('raw', new TextEncoder().encode('gammelt'), 'PBKDF2', false, ['deriveBits']);
  const old = `pbkdf2$210000$${b64(salt)}$${b64(new Uint8Array(await realDeriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 210_000 }, key, 256)))}`;
  const calls = capLikeProduction();
  const t0 = performance.now();
  expect(await verifyPassword('gammelt', old)).toBe(true);
  console.log(`first-scheme hash (210 000 iterations) verified from PBKDF2's definition in ${(performance.now() - t0).toFixed(0)} ms`);
  expect(calls).toEqual([210_000]);
  expect(needsRehash(old)).toBe(true);
}, 60_000);
