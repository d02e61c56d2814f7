// Password hashes: the chained PBKDF2 scheme (no call above Workers' 100 000 iterations), the first
// scheme still verified (from PBKDF2's definition where one call of its count is refused), and
// which hashes a login replaces.
import { afterEach, expect, it, vi } from 'vitest';
import { b64 } from '@backend/crypto';
import { defaultIterations, hashPassword, maxIterationsPerCall, needsRehash, pbkdf2ByHmac, verifyPassword } from '@backend/modules/auth/password';

const te = new TextEncoder();
const subtle = crypto.subtle;
const realDeriveBits = subtle.deriveBits.bind(subtle);

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', te.encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await realDeriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** A hash of the first scheme: one PBKDF2 call of `iterations`. */
async function legacyHash(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${iterations}$${b64(salt)}$${b64(await pbkdf2(password, salt, iterations))}`;
}

/** deriveBits as Cloudflare runs it in production: more than 100 000 iterations in one call refused. */
function capLikeWorkers(): { calls: number[] } {
  const seen = { calls: [] as number[] };
  vi.spyOn(subtle, 'deriveBits').mockImplementation(async (algorithm, key, length) => {
    const iterations = (algorithm as Pbkdf2Params).iterations;
    seen.calls.push(iterations);
    if (iterations > maxIterationsPerCall) throw new DOMException(`Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${iterations}).`, 'NotSupportedError');
    return realDeriveBits(algorithm as Pbkdf2Params, key, length ?? 256);
  });
  return seen;
}

afterEach(() => vi.restoreAllMocks());

it('computes PBKDF2 from its definition exactly as WebCrypto does', async () => {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  for (const n of [1, 2, 3, 1000]) {
    expect(b64(await pbkdf2ByHmac(te.encode('passord æøå') as Uint8Array<ArrayBuffer>, salt, n))).toBe(b64(await pbkdf2('passord æøå', salt, n)));
  }
});

it('hashes with 600 000 iterations in calls of at most 100 000, which verify where more are refused', async () => {
  const seen = capLikeWorkers();
  const stored = await hashPassword('korrekt hest batteri');
  expect(defaultIterations).toBe(600_000);
  expect(stored).toMatch(/^pbkdf2-sha256\$6x100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  expect(await verifyPassword('korrekt hest batteri', stored)).toBe(true);
  expect(await verifyPassword('korrekt hest batterI', stored)).toBe(false);
  expect(Math.max(...seen.calls)).toBe(100_000);
  expect(seen.calls).toHaveLength(18);
  expect(needsRehash(stored)).toBe(false);
});

it('splits any count into equal rounds under the limit; a cheap hash (seeds, tests) stays cheap', async () => {
  const stored = await hashPassword('x', 250_000);
  expect(stored.startsWith('pbkdf2-sha256$3x83334$')).toBe(true);
  expect(await verifyPassword('x', stored)).toBe(true);
  const cheap = await hashPassword('demo', 1000);
  expect(cheap.startsWith('pbkdf2-sha256$1x1000$')).toBe(true);
  expect(needsRehash(cheap)).toBe(false);
});

it('verifies a hash of the first scheme, also where one call of its count is refused, and marks it for rehashing', async () => {
  const old = await legacyHash('gammelt passord', 120_000);
  expect(await verifyPassword('gammelt passord', old)).toBe(true);
  expect(needsRehash(old)).toBe(true);
  const seen = capLikeWorkers();
  expect(await verifyPassword('gammelt passord', old)).toBe(true);
  expect(await verifyPassword('feil', old)).toBe(false);
  expect(seen.calls).toContain(120_000); // tried once, refused, then computed from the definition
  expect(await verifyPassword('x', await legacyHash('x', 1000))).toBe(true);
}, 60_000);

it('refuses malformed or tampered hashes without deriving anything odd', async () => {
  const stored = await hashPassword('x', 1000);
  const [scheme, params, salt, hash] = stored.split('$');
  for (const bad of ['', 'x', `${scheme}$${params}$${salt}`, `${scheme}$0x1000$${salt}$${hash}`, `${scheme}$1x100001$${salt}$${hash}`, `${scheme}$1x1000$${salt}$${hash}$extra`, `md5$1000$${salt}$${hash}`, `pbkdf2$-5$${salt}$${hash}`]) {
    expect(await verifyPassword('x', bad)).toBe(false);
    expect(needsRehash(bad)).toBe(true);
  }
  const flipped = `${scheme}$${params}$${salt}$${hash!.startsWith('A') ? 'B' : 'A'}${hash!.slice(1)}`;
  expect(await verifyPassword('x', flipped)).toBe(false);
});
