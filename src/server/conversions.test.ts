import { describe, expect, it, vi } from 'vitest';
import { isValidationError, isVitrineError } from '../errors.js';
import type { Conversion } from '../model/conversion.js';
import { createConversion, parseConversion, sendConversion } from './conversions.js';
import { WebhookVerificationError, generateSecret, signHeaders } from './webhooks.js';

const secret = generateSecret();
const NOW = 1_770_000_000_000;
const now = () => NOW;
const conversion: Conversion = {
  type: 'order.status',
  orderId: 'A-1001',
  status: 'paid',
  clickId: 'AAAAAAAAAAAAAAAAAAAAAA',
  occurredAt: '2026-11-22T03:00:00Z',
  currency: 'CNY',
  lines: [{ sku: 'tea-1', title: '龙井 250g', quantity: 2, amount: 25_800 }],
};

async function signed(body: string | Uint8Array) {
  return { headers: await signHeaders({ body, secret, now }), body, secret, now };
}

describe('parseConversion', () => {
  it('verifies, parses and validates a signed body', async () => {
    const input = await signed(JSON.stringify(conversion));
    await expect(parseConversion(input)).resolves.toEqual({
      webhookId: input.headers['webhook-id'],
      timestamp: NOW / 1000,
      conversion,
    });
  });

  it('accepts raw bytes and several secrets', async () => {
    const input = await signed(new TextEncoder().encode(JSON.stringify(conversion)));
    await expect(parseConversion({ ...input, secret: [generateSecret(), secret] })).resolves.toMatchObject({ conversion });
  });

  it('verifies before parsing: a bad signature on bad JSON is a signature error', async () => {
    const input = await signed('not json');
    const error = await parseConversion({ ...input, secret: generateSecret() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(isVitrineError(error, 'invalid_signature')).toBe(true);
  });

  it('rejects a stale callback', async () => {
    const input = await signed(JSON.stringify(conversion));
    await expect(parseConversion({ ...input, now: () => NOW + 301_000 })).rejects.toMatchObject({ code: 'stale_timestamp' });
    await expect(parseConversion({ ...input, now: () => NOW + 61_000, toleranceSeconds: 60 })).rejects.toMatchObject({
      code: 'stale_timestamp',
    });
  });

  it('rejects signed bodies that are not UTF-8 JSON with ValidationError invalid_input', async () => {
    for (const body of ['{"orderId":', '', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const error = await parseConversion(await signed(body)).catch((e: unknown) => e);
      expect(isValidationError(error)).toBe(true);
      expect(isVitrineError(error, 'invalid_input')).toBe(true);
    }
  });

  it('rejects signed bodies that do not match the Conversion schema', async () => {
    const bad = [
      { ...conversion, status: 'lost' },
      { ...conversion, clickId: '../../etc' },
      { ...conversion, lines: [] },
      { ...conversion, lines: [{ title: 'x', quantity: 1, amount: 1.5 }] },
      [],
    ];
    for (const body of bad) {
      const error = await parseConversion(await signed(JSON.stringify(body))).catch((e: unknown) => e);
      expect(isValidationError(error)).toBe(true);
      expect(isVitrineError(error, 'invalid_input')).toBe(true);
    }
  });
});

describe('createConversion', () => {
  it('fills in type and occurredAt', () => {
    const { type: _type, occurredAt: _at, ...fields } = conversion;
    expect(createConversion({ ...fields, now })).toEqual({ ...conversion, occurredAt: new Date(NOW).toISOString() });
    expect(createConversion({ ...fields, occurredAt: conversion.occurredAt })).toEqual(conversion);
  });

  it('refuses what the platform would refuse with 422, naming each rule broken', () => {
    const { type: _type, occurredAt: _at, ...fields } = conversion;
    const line = { title: 'Serum', quantity: 1, amount: 100 };
    const broken = (extra: Partial<typeof fields>) => {
      try {
        createConversion({ ...fields, ...extra, now });
      } catch (error) {
        return (error as { code: string; issues: Array<{ message: string }> });
      }
      throw new Error('not refused');
    };
    expect(broken({ currency: 'ZZZ' })).toMatchObject({ code: 'invalid_input', issues: [{ message: expect.stringContaining('ISO 4217') }] });
    expect(broken({ status: 'refunded', lines: [{ ...line, refundedAmount: 101 }] }).issues[0]!.message).toContain('exceeds');
    expect(broken({ status: 'placed', lines: [{ ...line, refundedAmount: 1 }] }).issues[0]!.message).toContain('nothing to refund');
    expect(broken({ lines: [{ ...line, amount: 10 ** 13 }] }).issues[0]!.message).toContain('at most');
    expect(createConversion({ ...fields, status: 'refunded', lines: [{ ...line, refundedAmount: 100 }], now }).lines[0]!.refundedAmount).toBe(100);
  });

  it('throws ValidationError for invalid fields', () => {
    let error: unknown;
    try {
      createConversion({ orderId: 'A-1', status: 'paid', currency: 'yuan', lines: [] });
    } catch (e) {
      error = e;
    }
    expect(isVitrineError(error, 'invalid_input')).toBe(true);
  });
});

describe('sendConversion', () => {
  const url = 'https://platform.example/v1/partner/conversions?partner=shop';

  function recorder(...outcomes: Array<number | Error>) {
    const requests: Request[] = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      const outcome = outcomes[Math.min(requests.length - 1, outcomes.length - 1)]!;
      if (outcome instanceof Error) throw outcome;
      return new Response(null, { status: outcome, headers: outcome === 429 ? { 'retry-after': '7' } : {} });
    });
    const sleep = vi.fn(async (_ms: number) => {});
    return { requests, fetch, sleep };
  }

  it('POSTs the signed JSON body, verifiable by parseConversion', async () => {
    const { requests, fetch, sleep } = recorder(200);
    await expect(sendConversion({ url, secret, conversion, fetch, sleep, now })).resolves.toBe(200);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(url);
    expect(request.headers.get('content-type')).toBe('application/json');
    const parsed = await parseConversion({ headers: request.headers, body: await request.text(), secret, now });
    expect(parsed.conversion).toEqual(conversion);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries network errors, 5xx and 429 with backoff, reusing the webhook-id', async () => {
    const { requests, fetch, sleep } = recorder(new TypeError('fetch failed'), 503, 429, 202);
    let clock = NOW;
    const status = await sendConversion({ url, secret, conversion, fetch, sleep, now: () => (clock += 1000) });
    expect(status).toBe(202);
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.headers.get('webhook-id'))).size).toBe(1);
    // fresh timestamps, so a slow retry never goes stale
    expect(new Set(requests.map((r) => r.headers.get('webhook-timestamp'))).size).toBe(4);
    // 500, 1000, then max(2000, Retry-After 7 s)
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([500, 1000, 7000]);
    // every attempt is independently valid
    for (const request of requests) {
      const timestamp = Number(request.headers.get('webhook-timestamp')) * 1000;
      await expect(parseConversion({ headers: request.headers, body: await request.text(), secret, now: () => timestamp })).resolves.toBeDefined();
    }
  });

  it('uses the idempotency key as the webhook-id', async () => {
    const { requests, fetch, sleep } = recorder(500, 200);
    await sendConversion({ url, secret, conversion, fetch, sleep, idempotencyKey: 'A-1001:paid' });
    expect(requests.map((r) => r.headers.get('webhook-id'))).toEqual(['A-1001:paid', 'A-1001:paid']);
  });

  it('does not retry other 4xx statuses', async () => {
    const { requests, fetch, sleep } = recorder(401);
    await expect(sendConversion({ url, secret, conversion, fetch, sleep })).resolves.toBe(401);
    expect(requests).toHaveLength(1);
  });

  it('returns the last status once retries are exhausted', async () => {
    const { requests, fetch, sleep } = recorder(502);
    await expect(sendConversion({ url, secret, conversion, fetch, sleep, retries: 2, backoffMs: 100 })).resolves.toBe(502);
    expect(requests).toHaveLength(3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 200]);
  });

  it('throws RequestError network when the last attempt has no response', async () => {
    const cause = new TypeError('fetch failed');
    const { requests, fetch, sleep } = recorder(cause);
    const error = await sendConversion({ url, secret, conversion, fetch, sleep, retries: 1 }).catch((e: unknown) => e);
    expect(isVitrineError(error, 'network')).toBe(true);
    expect((error as Error).cause).toBe(cause);
    expect(requests).toHaveLength(2);
  });

  it('refuses an invalid conversion or options without sending', async () => {
    const { fetch } = recorder(200);
    await expect(sendConversion({ url, secret, conversion: { ...conversion, lines: [] }, fetch })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sendConversion({ url, secret, conversion, fetch, retries: -1 })).rejects.toMatchObject({ code: 'config' });
    await expect(sendConversion({ url, secret: 'whsec_bad', conversion, fetch })).rejects.toMatchObject({ code: 'config' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
