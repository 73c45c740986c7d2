/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com): HMAC-SHA256 signing
 * and verification for callbacks in both directions. Web Crypto only, so it runs
 * unchanged on Node ≥ 22, Deno, Bun and edge runtimes.
 *
 * **Verify the raw body.** Pass the exact bytes (or string) you received, before
 * any JSON parsing. `JSON.stringify(JSON.parse(body))` changes whitespace, key
 * order and number formatting, and then no signature will ever match.
 */
import { VitrineError } from '../errors.js';
import { fromBase64, randomBytes, randomId, toBase64 } from '../internal/ids.js';

/**
 * The three headers of a signed Standard Webhooks message. (A type alias, not an
 * interface, so it is assignable to `HeadersInit` and `Record<string, string>`.)
 */
export type WebhookHeaders = {
  'webhook-id': string;
  /** Unix time in seconds, as a decimal string. */
  'webhook-timestamp': string;
  /** One or more space-separated `v1,<base64>` signatures. */
  'webhook-signature': string;
};

/** Request headers as a `Headers` object or a plain record (names matched case-insensitively). */
export type HeaderSource = Headers | Readonly<Record<string, string | undefined>>;

/** A message body exactly as sent or received: a string (UTF-8) or raw bytes. */
export type WebhookBody = string | Uint8Array;

/** Why a webhook was rejected. */
export type WebhookVerificationErrorCode = 'invalid_signature' | 'stale_timestamp';

/**
 * A webhook failed verification: code `invalid_signature` (headers missing or
 * malformed, or no signature matches any secret) or `stale_timestamp` (the
 * timestamp is further from now than the tolerance, in either direction).
 * Answer 401 and do not process the message.
 */
export class WebhookVerificationError extends VitrineError {
  override name = 'WebhookVerificationError';
  declare readonly code: WebhookVerificationErrorCode;

  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(code, message);
  }
}

/** Input of {@link sign}. */
export interface SignInput {
  /** The message id (`webhook-id`); the receiver dedupes on it. */
  id: string;
  /** Unix time in seconds (`webhook-timestamp`). */
  timestamp: number;
  /** The exact body that will be sent. */
  body: WebhookBody;
  /** `whsec_` + base64 of 24–64 bytes (the `whsec_` prefix is optional). */
  secret: string;
}

/** Input of {@link signHeaders}. */
export interface SignHeadersInput {
  /** The exact body that will be sent. */
  body: WebhookBody;
  /** `whsec_` + base64 of 24–64 bytes. */
  secret: string;
  /** Message id; defaults to `msg_` + 22 random base64url characters. Reuse it on retries. */
  id?: string | undefined;
  /** Unix seconds; defaults to `now()`. */
  timestamp?: number | undefined;
  /** Clock in milliseconds; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

/** Input of {@link verify}. */
export interface VerifyInput {
  headers: HeaderSource;
  /** The RAW body as received — never a re-serialised parsed object. */
  body: WebhookBody;
  /** The secret, or several during a key rotation: a match with any of them passes. */
  secret: string | readonly string[];
  /** Largest accepted distance between the timestamp and now, in seconds (default 300). */
  toleranceSeconds?: number | undefined;
  /** Clock in milliseconds; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

/** What {@link verify} returns: dedupe on `id`. */
export interface VerifiedWebhook {
  id: string;
  /** Unix seconds. */
  timestamp: number;
}

const SECRET_PREFIX = 'whsec_';
const encoder = new TextEncoder();

/**
 * Generates a new signing secret: `whsec_` + base64 of `byteLength` random bytes
 * (24–64, default 32). Store it server-side; share it with the partner once.
 */
export function generateSecret(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < 24 || byteLength > 64) {
    throw new VitrineError('invalid_input', `A webhook secret has 24 to 64 bytes, not ${byteLength}`);
  }
  return SECRET_PREFIX + toBase64(randomBytes(byteLength));
}

/**
 * Signs one message: returns `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 * Throws `VitrineError` code `config` for a malformed secret.
 */
export async function sign(input: SignInput): Promise<string> {
  const { id, timestamp } = input;
  if (!id) throw new VitrineError('invalid_input', 'A webhook id must not be empty');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new VitrineError('invalid_input', `A webhook timestamp is a whole number of Unix seconds, not ${timestamp}`);
  }
  const key = await importKey(input.secret, 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, signedContent(id, String(timestamp), input.body));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/**
 * Signs a body and returns the three headers to send with it. Retries of the
 * same message must reuse the same `id` (pass it back in) so the receiver can
 * dedupe; the timestamp and signature may be fresh on every attempt.
 */
export async function signHeaders(input: SignHeadersInput): Promise<WebhookHeaders> {
  const id = input.id ?? newMessageId();
  const timestamp = input.timestamp ?? Math.floor((input.now ?? Date.now)() / 1000);
  const signature = await sign({ id, timestamp, body: input.body, secret: input.secret });
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

/**
 * Verifies a received webhook and returns its id and timestamp.
 *
 * **Pass the raw body**, exactly as received (`await request.text()` or the
 * bytes), read before any JSON parsing — never `JSON.stringify` of a parsed object.
 *
 * Accepts several secrets (key rotation) and several space-separated
 * signatures; ignores versions other than `v1`; compares in constant time
 * (`crypto.subtle.verify`). Rejects timestamps older **or** newer than the
 * tolerance. Throws {@link WebhookVerificationError}; throws `VitrineError`
 * code `config` for a malformed secret or tolerance. Dedupe on the returned `id`.
 */
export async function verify(input: VerifyInput): Promise<VerifiedWebhook> {
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const tolerance = input.toleranceSeconds ?? 300;
  if (secrets.length === 0) throw new VitrineError('config', 'verify() needs at least one secret');
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new VitrineError('config', `toleranceSeconds must be a non-negative number, not ${tolerance}`);
  }
  const keys = await Promise.all(secrets.map((secret) => importKey(secret, 'verify')));

  const id = readHeader(input.headers, 'webhook-id');
  const stamp = readHeader(input.headers, 'webhook-timestamp');
  const header = readHeader(input.headers, 'webhook-signature');
  if (!id || !stamp || !header) {
    throw new WebhookVerificationError('invalid_signature', 'Missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  if (!/^\d{1,12}$/.test(stamp)) throw new WebhookVerificationError('invalid_signature', 'Malformed webhook-timestamp header');

  const timestamp = Number(stamp);
  const now = Math.floor((input.now ?? Date.now)() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError('stale_timestamp', `Webhook timestamp ${timestamp} is more than ${tolerance} s from now (${now})`);
  }

  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const entry of header.split(' ')) {
    const bytes = entry.startsWith('v1,') ? fromBase64(entry.slice(3)) : null;
    if (bytes) signatures.push(bytes);
  }
  if (signatures.length === 0) throw new WebhookVerificationError('invalid_signature', 'No v1 signature in webhook-signature header');

  const content = signedContent(id, stamp, input.body);
  for (const key of keys) {
    for (const signature of signatures) {
      if (await crypto.subtle.verify('HMAC', key, signature, content)) return { id, timestamp };
    }
  }
  throw new WebhookVerificationError('invalid_signature', 'No webhook signature matches');
}

/** `msg_` + 16 random bytes in base64url (22 characters). */
export function newMessageId(): string {
  return randomId(16, 'msg_');
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

async function importKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  const raw = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  if (!raw || raw.length < 24 || raw.length > 64) {
    throw new VitrineError('config', 'A webhook secret must be "whsec_" + base64 of 24 to 64 bytes');
  }
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** The signed content: UTF-8 of `${id}.${timestamp}.` followed by the body bytes, untouched. */
function signedContent(id: string, timestamp: string, body: WebhookBody): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const payload = typeof body === 'string' ? encoder.encode(body) : body;
  const out = new Uint8Array(prefix.length + payload.length);
  out.set(prefix);
  out.set(payload, prefix.length);
  return out;
}
