// Password hashes through WebCrypto, so the same code hashes and checks passwords on Node and on
// the edge. Cloudflare Workers refuse PBKDF2 above 100 000 iterations in one call (production
// workerd; the open-source workerd of `wrangler dev` and the tests does not enforce it), so the
// scheme chains calls of at most that many:
//
//   pbkdf2-sha256$<rounds>x<iterations>$<salt b64>$<hash b64>
//   key₀ = the password (UTF-8); keyₙ₊₁ = PBKDF2-HMAC-SHA-256(keyₙ, salt, iterations, 256 bits)
//
// 6 × 100 000 = 600 000 iterations by default (OWASP's figure for PBKDF2-HMAC-SHA-256); an
// attacker pays every one of them, as for one call of 600 000. The hash says its own parameters,
// so a stored hash verifies whatever the defaults become, and a login with a hash of the first
// scheme rehashes it (needsRehash). The first scheme, `pbkdf2$<iterations>$<salt>$<hash>` (one call of
// 210 000), still verifies: on a runtime that refuses that many in one call, PBKDF2 is computed
// from its definition with HMAC-SHA-256 (slower, once per such user: the login rehashes it).
import { b64, unb64 } from '../../crypto';

const te = new TextEncoder();
/** The most iterations one PBKDF2 call may ask for on Cloudflare Workers. */
export const maxIterationsPerCall = 100_000;
/** Total PBKDF2 iterations of a new hash. */
export const defaultIterations = 600_000;
const scheme = 'pbkdf2-sha256';

type Params = { rounds: number; iterations: number };

async function deriveOnce(secret: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** PBKDF2-HMAC-SHA-256 with a 32-byte output, from its definition (RFC 8018 §5.2: one block,
 *  T = U₁ ⊕ … ⊕ Uc, U₁ = HMAC(P, S ‖ INT(1)), Uᵢ = HMAC(P, Uᵢ₋₁)), for an iteration count the
 *  runtime refuses in one deriveBits call. */
export async function pbkdf2ByHmac(secret: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const first = new Uint8Array(salt.length + 4);
  first.set(salt);
  first.set([0, 0, 0, 1], salt.length);
  let u = new Uint8Array(await crypto.subtle.sign('HMAC', key, first));
  const t = u.slice();
  for (let i = 1; i < iterations; i++) {
    u = new Uint8Array(await crypto.subtle.sign('HMAC', key, u));
    for (let j = 0; j < t.length; j++) t[j]! ^= u[j]!;
  }
  return t;
}

async function deriveChain(password: string, salt: Uint8Array<ArrayBuffer>, p: Params): Promise<Uint8Array<ArrayBuffer>> {
  let key = te.encode(password) as Uint8Array<ArrayBuffer>;
  for (let r = 0; r < p.rounds; r++) key = await deriveOnce(key, salt, p.iterations);
  return key;
}

/** Rounds of at most maxIterationsPerCall that make at least `total` iterations. */
function paramsFor(total: number): Params {
  const rounds = Math.max(1, Math.ceil(total / maxIterationsPerCall));
  return { rounds, iterations: Math.ceil(total / rounds) };
}

export async function hashPassword(password: string, totalIterations = defaultIterations): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const p = paramsFor(totalIterations);
  return `${scheme}$${p.rounds}x${p.iterations}$${b64(salt)}$${b64(await deriveChain(password, salt, p))}`;
}

type Parsed = { kind: 'chain'; params: Params; salt: string; hash: string } | { kind: 'legacy'; iterations: number; salt: string; hash: string };

function parse(stored: string): Parsed | null {
  const [name, params, salt, hash, ...rest] = stored.split('$');
  if (!params || !salt || !hash || rest.length > 0) return null;
  if (name === scheme) {
    const m = /^([1-9]\d{0,2})x([1-9]\d{0,6})$/.exec(params);
    if (!m) return null;
    const p = { rounds: Number(m[1]), iterations: Number(m[2]) };
    return p.iterations <= maxIterationsPerCall ? { kind: 'chain', params: p, salt, hash } : null;
  }
  if (name === 'pbkdf2' && /^[1-9]\d{0,6}$/.test(params)) return { kind: 'legacy', iterations: Number(params), salt, hash };
  return null;
}

async function deriveLegacy(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const secret = te.encode(password) as Uint8Array<ArrayBuffer>;
  if (iterations <= maxIterationsPerCall) return deriveOnce(secret, salt, iterations);
  try {
    return await deriveOnce(secret, salt, iterations);
  } catch {
    // Cloudflare's "Pbkdf2 failed: iteration counts above 100000 are not supported".
    return pbkdf2ByHmac(secret, salt, iterations);
  }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const salt = unb64(parsed.salt) as Uint8Array<ArrayBuffer>;
  const actual = parsed.kind === 'chain' ? await deriveChain(password, salt, parsed.params) : await deriveLegacy(password, salt, parsed.iterations);
  const expected = unb64(parsed.hash);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** A hash to replace at the next successful login: one in the first scheme (one PBKDF2 call of
 *  up to 210 000 iterations, which Workers refuse). A chained hash is kept as it is, whatever its
 *  count: seeds and tests make cheap ones on purpose. */
export function needsRehash(stored: string): boolean {
  return parse(stored)?.kind !== 'chain';
}

/** 32 random bytes, base64url: the login token handed to the extension. */
export function newToken(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
