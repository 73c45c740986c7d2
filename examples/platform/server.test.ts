/**
 * The platform server over real HTTP on 127.0.0.1 (random port), PGlite in a
 * temporary data directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidationError } from 'vitrine';
import type { CardPayload } from 'vitrine';
import { signHeaders } from 'vitrine/server';
import { DEFAULT_SEED, readSeedFile } from './seed.ts';
import { startPlatform, type PlatformServer } from './server.ts';

/** A reader's browser (Node's fetch says "node", which the platform counts as a bot). */
const READER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const HANFANG_SECRET = 'whsec_REVNTyBPTkxZIC0gaGFuZmFuZyB3ZWJob29rIHNlY3JldA=='; // DEMO ONLY, from seed.json
const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // DEMO ONLY, from seed.json
const CLICK = 'httpSuiteClick00000001';

let dir: string;
let server: PlatformServer;
let lines: string[] = [];
const start = () => startPlatform({ port: 0, dataDir: join(dir, 'data'), log: (line) => lines.push(line) });
const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
const post = (path: string, body: string, headers: Record<string, string>) => fetch(server.url + path, { method: 'POST', body, headers: { 'user-agent': READER_AGENT, ...headers } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-platform-'));
  server = await start();
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('platform server', () => {
  it('listens on 127.0.0.1 on the port it was given (0: a free one)', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toBe('http://127.0.0.1:0');
  });

  it('answers /healthz and logs one line per request', async () => {
    lines = [];
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(lines).toEqual([expect.stringMatching(/^GET \/healthz 200 \d+ms$/)]);
  });

  it('serves the seed catalog with the actual origins filled in', async () => {
    lines = [];
    const response = await get('/v1/cards?ids=rec-lin-serum,rec-sam-hostile');
    expect(response.status).toBe(200);
    const { cards, missing } = (await response.json()) as { cards: CardPayload[]; missing: string[] };
    expect(missing).toEqual([]);
    expect(cards.map((card) => card.recommendation.id)).toEqual(['rec-lin-serum', 'rec-sam-hostile']);
    const [serum, hostile] = cards;
    expect(serum!.product.offers.map((offer) => offer.url)).toEqual([
      'http://127.0.0.1:8788/partner-hanfang/p/prod-serum',
      'http://127.0.0.1:8788/partner-jingxuan/p/prod-serum',
    ]);
    expect(serum!.product.images[0]!.src).toBe(`${server.url}/img/serum.svg`);
    expect(serum!.partners.map((p) => p.hosts)).toEqual([['127.0.0.1'], ['127.0.0.1']]);
    expect(hostile!.recommendation.reason).toContain('<script>alert("xss")</script>');
    expect(hostile!.recommendation.reason).toContain('{{7*7}}');
    expect(lines).toEqual([expect.stringMatching(/^GET \/v1\/cards 200 \d+ms$/)]);
  });

  it('serves every image the catalog references, with its content type and caching', async () => {
    const { cards } = (await (await get('/v1/cards?ids=rec-lin-serum,rec-lin-sunscreen,rec-lin-tea,rec-lin-hotpot,rec-lin-mooncake,rec-sam-earbuds,rec-sam-charger,rec-sam-keyboard,rec-sam-powerbank')).json()) as {
      cards: CardPayload[];
    };
    const { partners } = (await (await get('/v1/partners')).json()) as { partners: Array<{ logo: string }> };
    const urls = new Set([
      ...cards.flatMap((card) => [...card.product.images.map((image) => image.src), card.creator.avatar!.src]),
      ...partners.map((partner) => partner.logo),
    ]);
    expect(urls.size).toBe(9 + 2 + 3);
    for (const url of urls) {
      expect(url.startsWith(`${server.url}/img/`)).toBe(true);
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toMatch(/^<svg /);
    }
  });

  it('answers unknown images and routes with a 404 problem, never a file outside public/img', async () => {
    for (const path of ['/img/nope.svg', '/img/..%2Fserver.ts', '/img/..%2F..%2Fseed.json', '/img/serum.exe', '/nope']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('accepts events as text/plain (sendBeacon), once', async () => {
    const body = JSON.stringify({
      events: [
        { id: 'evt-http-click-000001', type: 'click', at: new Date(Date.now() - 60_000).toISOString(), recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-hanfang', clickId: CLICK },
        { id: 'evt-http-impr-000001', type: 'impression', at: new Date(Date.now() - 90_000).toISOString(), recommendationId: 'rec-lin-serum', creatorId: 'creator-lin' },
      ],
    });
    const first = await post('/v1/events', body, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, filtered: 0 });
    const again = await post('/v1/events', body, { 'content-type': 'text/plain' });
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2, filtered: 0 });
  });

  it('records a signed conversion as an attributed order, visible in lookup and stats', async () => {
    const body = JSON.stringify({
      type: 'order.status',
      orderId: 'HF-HTTP-1001',
      status: 'paid',
      clickId: CLICK,
      occurredAt: new Date().toISOString(),
      currency: 'CNY',
      lines: [{ sku: 'HF-88123', title: '山茶花保湿精华液 30ml', quantity: 1, amount: 19900 }],
    });
    const headers = { 'content-type': 'application/json', ...(await signHeaders({ body, secret: HANFANG_SECRET, id: 'msg_http_1001' })) };
    const response = await post('/v1/partner/conversions?partner=partner-hanfang', body, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'paid', attributed: true });
    // The same delivery again is a duplicate; a forged one is refused.
    expect(await (await post('/v1/partner/conversions?partner=partner-hanfang', body, headers)).json()).toEqual({ duplicate: true });
    const forged = await post('/v1/partner/conversions?partner=partner-hanfang', body.replace('19900', '1'), headers);
    expect(forged.status).toBe(401);

    const lookup = await post('/v1/orders/lookup', JSON.stringify({ clickIds: [CLICK] }), { 'content-type': 'application/json' });
    const { orders } = (await lookup.json()) as { orders: Array<Record<string, unknown>> };
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ partnerId: 'partner-hanfang', partnerOrderId: 'HF-HTTP-1001', status: 'paid', creatorId: 'creator-lin', total: { amount: 19900, currency: 'CNY' } });

    const stats = await get('/v1/creators/creator-lin/stats', { authorization: `Bearer ${LIN_KEY}` });
    expect(stats.status).toBe(200);
    const { recommendations } = (await stats.json()) as { recommendations: Array<Record<string, unknown>> };
    expect(recommendations.find((r) => r.recommendationId === 'rec-lin-serum')).toMatchObject({
      impressions: 1,
      clicks: 1,
      orders: 1,
      gmv: [{ amount: 19900, currency: 'CNY' }],
      commissionPending: [{ amount: 1194, currency: 'CNY' }],
    });
    expect((await get('/v1/creators/creator-lin/stats', { authorization: 'Bearer demo-only-key-wrong-000000' })).status).toBe(401);
  });

  it('keeps orders and events across a restart on the same data directory', async () => {
    await server.close();
    server = await start();
    const lookup = await post('/v1/orders/lookup', JSON.stringify({ clickIds: [CLICK] }), { 'content-type': 'application/json' });
    const { orders } = (await lookup.json()) as { orders: Array<Record<string, unknown>> };
    expect(orders.map((order) => order.partnerOrderId)).toEqual(['HF-HTTP-1001']);
    const stats = await get('/v1/creators/creator-lin/stats', { authorization: `Bearer ${LIN_KEY}` });
    const { recommendations } = (await stats.json()) as { recommendations: Array<Record<string, unknown>> };
    expect(recommendations.find((r) => r.recommendationId === 'rec-lin-serum')).toMatchObject({ clicks: 1, orders: 1 });
  }, 60_000);
});

describe('startPlatform with a bad seed', () => {
  async function startError(name: string, content: string | null): Promise<{ error: unknown; seedPath: string; dataDir: string }> {
    const seedPath = join(dir, name);
    if (content !== null) await writeFile(seedPath, content);
    const dataDir = join(dir, `data-${name}`);
    const error = await startPlatform({ port: 0, seedPath, dataDir }).then(
      async (started) => {
        await started.close();
        return null;
      },
      (e: unknown) => e,
    );
    return { error, seedPath, dataDir };
  }

  it('fails with the file, the path and the reason, before opening a database', async () => {
    const seed = (await readSeedFile(DEFAULT_SEED)) as { recommendations: Array<{ productId: string }> };
    seed.recommendations[3]!.productId = 'no-such-product';
    const { error, seedPath, dataDir } = await startError('bad-ref.json', JSON.stringify(seed));
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toBe(`${seedPath}: recommendations.3.productId: unknown product "no-such-product"`);
    expect((error as { code: string }).code).toBe('config');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names a schema problem by its path', async () => {
    const seed = (await readSeedFile(DEFAULT_SEED)) as { products: Array<{ offers: Array<{ price: { amount: number } }> }> };
    seed.products[0]!.offers[0]!.price.amount = 199.5;
    const { error, seedPath } = await startError('bad-money.json', JSON.stringify(seed));
    expect((error as Error).message).toMatch(new RegExp(`^${seedPath.replace(/[.\\]/g, '\\$&')}: products\\.0\\.offers\\.0\\.price\\.amount: `));
  });

  it('reports a file that is not JSON, or missing', async () => {
    const broken = await startError('broken.json', '{ "partners": [');
    expect((broken.error as Error).message).toMatch(new RegExp(`^${broken.seedPath.replace(/[.\\]/g, '\\$&')}: not valid JSON`));
    const missing = await startError('missing.json', null);
    expect((missing.error as Error).message).toBe(`${missing.seedPath}: file not found`);
  });
});

describe('server limits (real sockets, limits shrunk for the test)', () => {
  let limited: PlatformServer;
  let port: number;
  const limits = { headersTimeoutMs: 400, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 300, maxConnectionsPerClient: 4, maxHeadersCount: 64 };
  beforeAll(async () => {
    limited = await startPlatform({ port: 0, dataDir: join(dir, 'limits'), limits });
    port = Number(new URL(limited.url).port);
  }, 60_000);
  afterAll(async () => limited?.close());

  /** A raw TCP connection; resolves `closed` when the server ends it, with what it said. */
  function connect(): Promise<{ socket: Socket; closed: Promise<string> }> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        let said = '';
        socket.on('data', (chunk) => (said += chunk.toString()));
        const closed = new Promise<string>((done) => socket.once('close', () => done(said)));
        resolve({ socket, closed });
      });
      socket.once('error', reject);
    });
  }

  it('closes a connection whose headers do not arrive within headersTimeout (slowloris), with 408', async () => {
    const { socket, closed } = await connect();
    socket.write('GET /v1/partners HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = Date.now();
    const said = await closed;
    expect(said).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(limits.headersTimeoutMs + 2_500);
  });

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const { socket, closed } = await connect();
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const said = await closed;
    expect(said).toMatch(/^HTTP\/1\.1 200/);
  });

  it('bounds the connections of one client: one more is closed at once, the others still served', async () => {
    const held = await Promise.all(Array.from({ length: limits.maxConnectionsPerClient }, () => connect()));
    const extra = await connect();
    expect(await extra.closed).toBe('');
    // The held connections still work.
    held[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(await held[0]!.closed).toMatch(/^HTTP\/1\.1 200/);
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    // Once they are gone, new connections are served again.
    const again = await fetch(`${limited.url}/healthz`);
    expect(again.status).toBe(200);
  });

  it('refuses a request head over maxHeaderSize with 431', async () => {
    const response = await fetch(`${limited.url}/healthz`, { headers: { 'x-padding': 'x'.repeat(20 * 1024) } });
    expect(response.status).toBe(431);
  });
});
