/**
 * Two platform processes on one PostgreSQL (real processes, real sockets, one
 * schema): events and conversion callbacks are sent to either process, each
 * event batch to both (a client retrying through the load balancer), and a
 * partner endpoint fails every message's first attempt. Then:
 * - every outgoing webhook was attempted exactly twice (the failure, then the
 *   success), never by both processes at once: outbox claims hold across
 *   processes (`FOR UPDATE SKIP LOCKED`);
 * - every event is stored and counted once, in the raw table and in the
 *   rollups, whichever process took it;
 * - a browser's orders stream on one process follows an order recorded
 *   through the other (change notification through LISTEN/NOTIFY);
 * - both processes started at once on an empty schema (migrations, seed and
 *   day partitions are made once, serialised by the database);
 * - neither is given a stream secret or a visitor salt, yet they share both
 *   (made once in the database): a stream token minted by A opens a stats
 *   stream on B, and a visitor's second click counts once across processes.
 */
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, readSeed } from '../../examples/platform/seed.ts';
import { orderPlan, planClickId, planClicks, planTarget, signedCallback } from '../helpers/callbacks.ts';
import { DATABASE_URL, noteIfNoDatabase, throwawaySchema } from '../helpers/database.ts';
import { READER_AGENT } from '../helpers/reader.ts';
import { startPlatformChild } from '../helpers/child.ts';
import { readEvents } from '../helpers/sse.ts';

noteIfNoDatabase('the multi-process suite');
const ORDERS = 9;
const BATCHES = 20;
const PER_BATCH = 50;

const startChild = (env: NodeJS.ProcessEnv, shopOrigin: string) => startPlatformChild(['test/process/platform-child.ts', '--shop-origin', shopOrigin], env);

/** A partner's webhook endpoint: answers 500 to the first attempt of each message, 200 after; records every attempt. */
async function flakyPartner(): Promise<{ origin: string; attempts: Map<string, number[]>; close(): void }> {
  const attempts = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const seen = attempts.get(id) ?? [];
      const status = seen.length === 0 ? 500 : 200;
      attempts.set(id, [...seen, status]);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, attempts, close: () => server.close() };
}

describe.skipIf(!DATABASE_URL)('two platform processes on one PostgreSQL (needs DATABASE_URL)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(`delivers each webhook once per attempt and counts each event once (${ORDERS} orders, ${BATCHES * PER_BATCH} events sent twice)`, async () => {
    const schema = await throwawaySchema('vitrine_procs');
    cleanups.push(() => schema.drop());
    const url = new URL(schema.url);
    const db = new pg.Pool({ connectionString: url.href, max: 2 });
    cleanups.push(() => db.end());

    const partner = await flakyPartner();
    cleanups.push(async () => partner.close());
    const env = { ...process.env, DATABASE_URL: url.href };
    // Both start at once: migrations and the seed are serialised by the database.
    const [a, b] = await Promise.all([startChild(env, partner.origin), startChild(env, partner.origin)]);
    for (const child of [a, b]) cleanups.push(async () => void child.process.kill('SIGKILL'));
    const bases = [a.url, b.url];

    const catalog = await readSeed(DEFAULT_SEED, { shop: partner.origin, platform: 'http://127.0.0.1:8787' });
    const target = planTarget(catalog);
    const run = 'MP';
    const at = new Date().toISOString();
    const send = (base: string, path: string, init: RequestInit) => fetch(base + path, { ...init, signal: AbortSignal.timeout(20_000) });
    const postEvents = (base: string, events: object[]) =>
      send(base, '/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events }) }).then(async (response) => {
        if (response.status !== 202) throw new Error(`POST /v1/events answered ${response.status}: ${await response.text()}\n${a.output()}\n${b.output()}`);
        return response.json() as Promise<{ accepted: number; duplicates: number; filtered: number }>;
      });

    // Events: each batch to one process, then again to the other, at the same time.
    const clicks = planClicks(target, run, ORDERS, at);
    const batches = Array.from({ length: BATCHES }, (_, i) =>
      Array.from({ length: PER_BATCH }, (_, j) => ({
        id: `evt-${run}-imp-${String(i * PER_BATCH + j).padStart(10, '0')}`,
        type: 'impression',
        at,
        recommendationId: target.recommendationId,
        creatorId: target.creatorId,
      })),
    );
    const answers = await Promise.all([
      postEvents(a.url, clicks),
      ...batches.flatMap((batch, i) => [postEvents(bases[i % 2]!, batch), postEvents(bases[(i + 1) % 2]!, batch)]),
    ]);
    const accepted = answers.reduce((sum, answer) => sum + answer.accepted, 0);
    const duplicates = answers.reduce((sum, answer) => sum + answer.duplicates, 0);
    const filtered = answers.reduce((sum, answer) => sum + answer.filtered, 0);
    // The clicks come from one visitor (address and agent) on one recommendation: one counts, the others are repeat clicks.
    expect({ accepted, duplicates, filtered }).toEqual({ accepted: 1 + BATCHES * PER_BATCH, duplicates: BATCHES * PER_BATCH, filtered: ORDERS - 1 });

    // A browser's orders stream on process B, following an order whose callbacks all go to A.
    const watched = planClickId(run, 0);
    const stream = readEvents(await send(b.url, `/v1/stream/orders?clickIds=${watched}`, {}));
    cleanups.push(() => stream.close().catch(() => {}));
    expect((await stream.next(10_000)).data).toEqual({ orders: [] });

    // Callbacks: each order's in sequence, alternating processes.
    await Promise.all(
      Array.from({ length: ORDERS }, async (_, n) => {
        const plan = orderPlan(target, run, n, at);
        for (const [i, callback] of plan.entries()) {
          // Order 0 (the one B's stream follows) goes to A only: only A's commits can tell B.
          const response = await send(bases[n === 0 ? 0 : (n + i) % 2]!, `/v1/partner/conversions?partner=${target.partnerId}`, {
            method: 'POST',
            ...(await signedCallback(callback, target.secret)),
          });
          expect(response.status).toBe(200);
          await response.body?.cancel();
        }
      }),
    );

    // The stream on B saw the order reach its last state, whichever process recorded it (LISTEN/NOTIFY).
    const last = orderPlan(target, run, 0, at).at(-1)!.conversion.status;
    for (;;) {
      const { data } = (await stream.next(10_000)) as { data: { orders: Array<{ status: string }> } };
      if (data.orders[0]?.status === last) break;
    }

    // Every message delivered: first attempt failed, second succeeded, no third and no parallel duplicate.
    const outbox = async () => (await db.query<{ id: string; attempts: number; delivered: boolean }>('select id, attempts, delivered_at is not null as delivered from webhook_outbox order by id')).rows;
    const deadline = Date.now() + 30_000;
    while ((await outbox()).some((message) => !message.delivered) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const messages = await outbox();
    expect(messages.length).toBeGreaterThanOrEqual(ORDERS * 3);
    expect(messages.filter((message) => !message.delivered)).toEqual([]);
    expect(messages.map((message) => message.attempts)).toEqual(messages.map(() => 2));
    expect([...partner.attempts.keys()].sort()).toEqual(messages.map((message) => message.id));
    expect([...partner.attempts.values()].filter((statuses) => statuses.join() !== '500,200')).toEqual([]);

    // Every event once: in the raw table and in the rollups.
    const [raw] = (await db.query<{ n: string }>(`select count(*) as n from events where id like 'evt-${run}-%'`)).rows;
    expect(Number(raw!.n)).toBe(ORDERS + BATCHES * PER_BATCH);
    const [rolled] = (await db.query<{ impressions: string; clicks: string }>('select sum(impressions) as impressions, sum(clicks) as clicks from traffic_hour')).rows;
    expect({ impressions: Number(rolled!.impressions), clicks: Number(rolled!.clicks) }).toEqual({ impressions: BATCHES * PER_BATCH, clicks: 1 });

    // Shared secrets: A's stream token opens a stats stream on B, which hears of an impression A stores.
    const minted = await send(a.url, '/v1/stream/tokens', { method: 'POST', headers: { authorization: `Bearer ${catalog.creators.find((creator) => creator.id === target.creatorId)!.apiKey}` } });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const statsOnB = await send(b.url, `/v1/stream/stats?token=${encodeURIComponent(token)}`, {});
    expect(statsOnB.status).toBe(200);
    const stats = readEvents(statsOnB);
    cleanups.push(() => stats.close().catch(() => {}));
    const impressions = (data: unknown) => (data as { recommendations: Array<{ impressions: number }> }).recommendations.reduce((sum, rec) => sum + rec.impressions, 0);
    expect(impressions((await stats.next(10_000)).data)).toBe(BATCHES * PER_BATCH);
    const more = { id: `evt-XP-imp-${'0'.repeat(10)}`, type: 'impression', at, recommendationId: target.recommendationId, creatorId: target.creatorId };
    expect(await postEvents(a.url, [more])).toEqual({ accepted: 1, duplicates: 0, filtered: 0 });
    for (;;) if (impressions((await stats.next(10_000)).data) === BATCHES * PER_BATCH + 1) break;
    // The visitor who clicked through A clicks again through B (a new click id): the same visitor key, so a repeat click.
    const again = { ...planClicks(target, 'XP', 1, at)[0]!, clickId: planClickId('XP', ORDERS) };
    expect(await postEvents(b.url, [again])).toEqual({ accepted: 0, duplicates: 0, filtered: 1 });
  }, 120_000);
});
