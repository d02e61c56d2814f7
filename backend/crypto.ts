// Go client keys are encrypted at rest with AES-GCM (WebCrypto, so it runs on the edge too).
const te = new TextEncoder();
const td = new TextDecoder();

export function b64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function unb64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function key(encryptionKey: string): Promise<CryptoKey> {
  const raw = unb64(encryptionKey);
  if (raw.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes (base64)');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** "v1.<iv b64>.<ciphertext b64>" */
export async function encryptSecret(plain: string, encryptionKey: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(encryptionKey), te.encode(plain)));
  return `v1.${b64(iv)}.${b64(data)}`;
}

export async function decryptSecret(sealed: string, encryptionKey: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('unknown secret format');
  return td.decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(iv) }, await key(encryptionKey), unb64(data)));
}

export function newEncryptionKey(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32)));
}

export async function sha256(text: string): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.digest('SHA-256', te.encode(text))));
}
