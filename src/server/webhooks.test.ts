import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../errors.js';
import {
  WebhookVerificationError,
  generateSecret,
  newMessageId,
  sign,
  signHeaders,
  verify,
  type WebhookHeaders,
} from './webhooks.js';

// The published Standard Webhooks test vector (standard-webhooks reference libraries).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = (seconds: number) => () => seconds * 1000;
const vectorHeaders = (): WebhookHeaders => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
});

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe('generateSecret', () => {
  it('returns whsec_ + base64 of the requested number of random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(atob(secret.slice(6))).toHaveLength(32);
    expect(atob(generateSecret(64).slice(6))).toHaveLength(64);
    expect(generateSecret()).not.toBe(secret);
  });

  it('rejects sizes outside 24–64 bytes', () => {
    for (const size of [0, 16, 23, 65, 32.5]) {
      expect(() => generateSecret(size)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});

describe('sign', () => {
  it('reproduces the published test vector', async () => {
    await expect(sign(VECTOR)).resolves.toBe(VECTOR.signature);
    // the prefix is optional, as in the reference libraries
    await expect(sign({ ...VECTOR, secret: VECTOR.secret.slice(6) })).resolves.toBe(VECTOR.signature);
  });

  it('signs bytes exactly like the equivalent UTF-8 string', async () => {
    const body = '{"name":"小红书 ✓"}';
    const fromString = await sign({ ...VECTOR, body });
    await expect(sign({ ...VECTOR, body: new TextEncoder().encode(body) })).resolves.toBe(fromString);
  });

  it('rejects malformed secrets with code config', async () => {
    for (const secret of ['', 'whsec_', 'whsec_not base64!', 'whsec_dG9vIHNob3J0', `whsec_${btoa('x'.repeat(65))}`]) {
      const error = await sign({ ...VECTOR, secret }).catch((e: unknown) => e);
      expect(isVitrineError(error, 'config')).toBe(true);
    }
  });

  it('rejects an empty id or a non-integer timestamp', async () => {
    await expect(sign({ ...VECTOR, id: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sign({ ...VECTOR, timestamp: 1.5 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('signHeaders', () => {
  it('uses the given id and timestamp', async () => {
    await expect(signHeaders({ ...VECTOR })).resolves.toEqual(vectorHeaders());
  });

  it('defaults to a random msg_ id and the current time in seconds', async () => {
    const headers = await signHeaders({ body: '{}', secret: VECTOR.secret, now: () => 1_700_000_000_999 });
    expect(headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    expect(headers['webhook-timestamp']).toBe('1700000000');
    const other = await signHeaders({ body: '{}', secret: VECTOR.secret });
    expect(other['webhook-id']).not.toBe(headers['webhook-id']);
  });

  it('round-trips through verify', async () => {
    const secret = generateSecret();
    const body = '{"orderId":"A-1"}';
    const headers = await signHeaders({ body, secret, now: at(1_700_000_000) });
    await expect(verify({ headers, body, secret, now: at(1_700_000_100) })).resolves.toEqual({
      id: headers['webhook-id'],
      timestamp: 1_700_000_000,
    });
  });
});

describe('newMessageId', () => {
  it('is unguessable base64url', () => {
    const ids = new Set(Array.from({ length: 50 }, newMessageId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });
});

describe('verify', () => {
  const base = () => ({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: at(VECTOR.timestamp) });

  it('accepts the published test vector and returns id and timestamp', async () => {
    await expect(verify(base())).resolves.toEqual({ id: VECTOR.id, timestamp: VECTOR.timestamp });
  });

  it('accepts a Headers object and looks names up case-insensitively', async () => {
    const record = { 'Webhook-Id': VECTOR.id, 'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp), 'webhook-Signature': VECTOR.signature };
    await expect(verify({ ...base(), headers: record })).resolves.toMatchObject({ id: VECTOR.id });
    await expect(verify({ ...base(), headers: new Headers(record) })).resolves.toMatchObject({ id: VECTOR.id });
  });

  it('accepts the raw bytes of the body', async () => {
    await expect(verify({ ...base(), body: new TextEncoder().encode(VECTOR.body) })).resolves.toMatchObject({ id: VECTOR.id });
  });

  it('rejects a tampered body, including a re-serialised one', async () => {
    expect((await rejection(verify({ ...base(), body: '{"test": 2432232315}' }))).code).toBe('invalid_signature');
    const reserialised = JSON.stringify(JSON.parse(VECTOR.body));
    expect((await rejection(verify({ ...base(), body: reserialised }))).code).toBe('invalid_signature');
  });

  it('rejects a tampered id or timestamp', async () => {
    const headers = { ...vectorHeaders(), 'webhook-id': 'msg_other' };
    expect((await rejection(verify({ ...base(), headers }))).code).toBe('invalid_signature');
    const later = { ...vectorHeaders(), 'webhook-timestamp': String(VECTOR.timestamp + 1) };
    expect((await rejection(verify({ ...base(), headers: later }))).code).toBe('invalid_signature');
  });

  it('rejects the wrong secret', async () => {
    const error = await rejection(verify({ ...base(), secret: generateSecret() }));
    expect(error.code).toBe('invalid_signature');
    expect(error.name).toBe('WebhookVerificationError');
    expect(isVitrineError(error, 'invalid_signature')).toBe(true);
  });

  it('accepts any of several secrets (rotation)', async () => {
    await expect(verify({ ...base(), secret: [generateSecret(), VECTOR.secret] })).resolves.toMatchObject({ id: VECTOR.id });
    await expect(verify({ ...base(), secret: [VECTOR.secret, generateSecret()] })).resolves.toMatchObject({ id: VECTOR.id });
    expect((await rejection(verify({ ...base(), secret: [generateSecret(), generateSecret()] }))).code).toBe('invalid_signature');
  });

  it('accepts a header with several signatures and ignores other versions', async () => {
    const decoy = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    const signature = [decoy, `v2,${VECTOR.signature.slice(3)}`, VECTOR.signature, decoy].join(' ');
    await expect(verify({ ...base(), headers: { ...vectorHeaders(), 'webhook-signature': signature } })).resolves.toMatchObject({
      id: VECTOR.id,
    });
    // the right bytes under another version label do not count
    const onlyV2 = { ...vectorHeaders(), 'webhook-signature': `v2,${VECTOR.signature.slice(3)}` };
    expect((await rejection(verify({ ...base(), headers: onlyV2 }))).code).toBe('invalid_signature');
  });

  it('rejects stale and future timestamps beyond the tolerance, inclusive bound accepted', async () => {
    await expect(verify({ ...base(), now: at(VECTOR.timestamp + 300) })).resolves.toBeDefined();
    await expect(verify({ ...base(), now: at(VECTOR.timestamp - 300) })).resolves.toBeDefined();
    expect((await rejection(verify({ ...base(), now: at(VECTOR.timestamp + 301) }))).code).toBe('stale_timestamp');
    expect((await rejection(verify({ ...base(), now: at(VECTOR.timestamp - 301) }))).code).toBe('stale_timestamp');
    expect((await rejection(verify({ ...base(), now: at(VECTOR.timestamp + 61), toleranceSeconds: 60 }))).code).toBe(
      'stale_timestamp',
    );
  });

  it('rejects missing or malformed headers', async () => {
    const cases: Array<Record<string, string | undefined>> = [
      { ...vectorHeaders(), 'webhook-id': undefined },
      { ...vectorHeaders(), 'webhook-id': '' },
      { ...vectorHeaders(), 'webhook-timestamp': undefined },
      { ...vectorHeaders(), 'webhook-timestamp': 'hello' },
      { ...vectorHeaders(), 'webhook-timestamp': '-1614265330' },
      { ...vectorHeaders(), 'webhook-timestamp': '1614265330.5' },
      { ...vectorHeaders(), 'webhook-signature': undefined },
      { ...vectorHeaders(), 'webhook-signature': 'v1,' },
      { ...vectorHeaders(), 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' },
      { ...vectorHeaders(), 'webhook-signature': VECTOR.signature.slice(0, 8) },
      { ...vectorHeaders(), 'webhook-signature': 'v1,not*base64' },
      { ...vectorHeaders(), 'webhook-signature': VECTOR.signature.slice(3) },
      {},
    ];
    for (const headers of cases) {
      expect((await rejection(verify({ ...base(), headers }))).code).toBe('invalid_signature');
    }
  });

  it('treats a malformed secret or tolerance as a configuration error', async () => {
    await expect(verify({ ...base(), secret: 'whsec_???' })).rejects.toMatchObject({ code: 'config' });
    await expect(verify({ ...base(), secret: [] })).rejects.toMatchObject({ code: 'config' });
    await expect(verify({ ...base(), toleranceSeconds: -1 })).rejects.toMatchObject({ code: 'config' });
  });
});
