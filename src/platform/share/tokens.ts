/**
 * Share tokens ("口令"): a short code a reader can copy where links are
 * blocked, resolved by `GET /t/{token}`. Ten characters of Crockford base32
 * (50 random bits): with the rate limit on `/t/`, guessing one is pointless.
 */
import { randomBytes } from '../../internal/ids.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

/** A new random token (10 characters of `0-9A-Z` without `I L O U`). */
export function createShareToken(): string {
  return [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte & 31]).join('');
}

/**
 * A token as a reader may type it (lower case, with spaces or dashes, `O` for
 * `0`, `I`/`L` for `1`, with the `VT` prefix or not) in its stored form; `null`
 * when it cannot be one.
 */
export function normalizeShareToken(input: string): string | null {
  if (input.length > 40) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s\-_.·]/g, '')
    .replace(/^VT(?=.{10}$)/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return compact.length === LENGTH && [...compact].every((char) => ALPHABET.includes(char)) ? compact : null;
}

/** How a token is shown to be copied: `VT-ABCDE-12345`. */
export function formatShareToken(token: string): string {
  return `VT-${token.slice(0, 5)}-${token.slice(5)}`;
}
