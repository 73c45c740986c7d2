import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as z from 'zod/mini';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from './http.js';

const api = 'https://api.vitrine.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const Ok = z.object({ ok: z.boolean() });

function answer(statuses: number[], headers: Record<string, string> = {}) {
  const seen: string[] = [];
  const handler = ({ request }: { request: Request }) => {
    seen.push(request.method);
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    return status === 200 ? HttpResponse.json({ ok: true }) : HttpResponse.json({ title: 'no', status }, { status, headers });
  };
  server.use(http.get(`${api}/v1/x`, handler), http.post(`${api}/v1/x`, handler));
  return seen;
}

function client(retry = 2) {
  const waits: number[] = [];
  const instance = createHttp({ api, timeout: 1000, retry, sleep: async (ms) => void waits.push(ms) });
  return { instance, waits };
}

describe('createHttp', () => {
  it('retries a GET on 503 with jittered exponential backoff, then succeeds', async () => {
    const seen = answer([503, 503, 200]);
    const { instance, waits } = client();
    await expect(instance.json('get', 'v1/x', Ok)).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThanOrEqual(300);
    expect(waits[1]).toBeLessThanOrEqual(600);
  });

  it('honours Retry-After in seconds or as an HTTP-date', async () => {
    answer([429, 200], { 'retry-after': '2' });
    const first = client();
    await first.instance.json('get', 'v1/x', Ok);
    expect(first.waits).toEqual([2000]);
    answer([503, 200], { 'retry-after': new Date(Date.now() + 2500).toUTCString() });
    const second = client();
    await second.instance.json('get', 'v1/x', Ok);
    expect(second.waits[0]).toBeGreaterThan(1000);
    expect(second.waits[0]).toBeLessThanOrEqual(2500);
  });

  it('does not retry when the server asks to wait longer than 3 s: the 429 surfaces', async () => {
    const seen = answer([429, 200], { 'retry-after': '60' });
    const { instance, waits } = client();
    await expect(instance.json('get', 'v1/x', Ok)).rejects.toMatchObject({ code: 'http', status: 429 });
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('fails a response larger than maxResponseBytes with response_too_large, without reading it all', async () => {
    let pulled = 0;
    server.use(
      http.get(`${api}/v1/big`, () => {
        const chunk = new TextEncoder().encode(`"${'x'.repeat(1022)}",`);
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode('{"items":[')),
          pull: (controller) => {
            pulled++;
            controller.enqueue(chunk);
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
      }),
      http.get(`${api}/v1/declared`, () => new HttpResponse('{}', { headers: { 'content-type': 'application/json', 'content-length': '999999999' } })),
    );
    const instance = createHttp({ api, timeout: 5000, retry: 2, maxResponseBytes: 64 * 1024 });
    const error = await instance.json('get', 'v1/big', Ok).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', code: 'response_too_large', limit: 65536 });
    expect(pulled).toBeLessThan(200);
    await expect(instance.json('get', 'v1/declared', Ok)).rejects.toMatchObject({ code: 'response_too_large' });
  });

  it('times out a body that never finishes, not only a slow first byte', async () => {
    // A fetch whose body sends a first chunk and then nothing, ever (msw cannot abort such a stream cleanly).
    const fetch = async () => {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"ok":')) });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    };
    const instance = createHttp({ api, timeout: 200, retry: 0, fetch });
    await expect(instance.json('get', 'v1/slow', Ok)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('gives up after the retry limit with the last HttpError', async () => {
    const seen = answer([503]);
    const { instance } = client(1);
    await expect(instance.json('get', 'v1/x', Ok)).rejects.toMatchObject({ code: 'http', status: 503, problem: { title: 'no' } });
    expect(seen).toHaveLength(2);
  });

  it('never retries a POST, nor a 4xx that is not 408/429', async () => {
    const posts = answer([503, 200]);
    await expect(client().instance.json('post', 'v1/x', Ok, { json: {} })).rejects.toMatchObject({ status: 503 });
    expect(posts).toHaveLength(1);
    const gets = answer([404, 200]);
    await expect(client().instance.json('get', 'v1/x', Ok)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(gets).toHaveLength(1);
  });

  it('sends JSON bodies with their content type and omits credentials', async () => {
    let seen: Request | undefined;
    server.use(
      http.post(`${api}/v1/x`, ({ request }) => {
        seen = request;
        return HttpResponse.json({ ok: true });
      }),
    );
    await client().instance.json('post', 'v1/x', Ok, { json: { a: 1 } });
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(await seen?.json()).toEqual({ a: 1 });
  });

  it('validates the response with the schema', async () => {
    server.use(http.get(`${api}/v1/x`, () => HttpResponse.json({ ok: 'yes' })));
    await expect(client().instance.json('get', 'v1/x', Ok)).rejects.toMatchObject({ code: 'invalid_response', source: 'GET /v1/x' });
  });
});
