/**
 * Random ids and base64 for every part of the SDK (internal: not part of the
 * public barrel). Web Crypto only, so it runs in browsers, Node, Deno, Bun and
 * edge runtimes alike.
 */

/** `length` bytes from `crypto.getRandomValues`. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** base64url without padding (RFC 4648 §5), safe in URLs, ids and headers. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes standard base64 (padding optional); `null` when malformed. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * An unguessable id: `prefix` + `bytes` random bytes in base64url without
 * padding (16 bytes = 128 bits = 22 characters).
 */
export function randomId(bytes = 16, prefix = ''): string {
  return prefix + toBase64Url(randomBytes(bytes));
}

/** Decodes base64url (padding optional); `null` when malformed. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  if (text === '') return new Uint8Array();
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text` (Web Crypto). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
