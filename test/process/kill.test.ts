/**
 * The platform process under a real `kill -9`: examples/platform/main.ts as a
 * child process on real sockets, fed a stream of signed conversion callbacks
 * (several orders in parallel, each order's callbacks in sequence, as a
 * partner sends them), killed with SIGKILL mid-stream twice, restarted on the
 * same data each time, the partner retrying every callback with its webhook-id.
 * On PGlite (a data directory) and on PostgreSQL (a schema of its own, when
 * DATABASE_URL is set). Then:
 * - after each restart, every acknowledged callback's effect is there (nothing
 *   acknowledged is lost);
 * - at the end, each order's ledger is the one a run without crashes books
 *   (nothing counted twice), and so are its outbox messages;
 * - SIGTERM stops the process within 10 s, with a partner endpoint hanging.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createPlatform, type Platform } from '../../src/platform/index.js';
import { pgliteClient, pgPoolClient, type SqlClient } from '../../src/platform/sql/index.js';
import { DEFAULT_SEED, readSeed } from '../../examples/platform/seed.ts';
import { comparable, moneyState, orderPlan, planClickId, planClicks, planTarget, signedCallback } from '../helpers/callbacks.ts';
import { DATABASE_URL, noteIfNoDatabase, throwawaySchema } from '../helpers/database.ts';
import { READER_AGENT } from '../helpers/reader.ts';
import { startPlatformChild } from '../helpers/child.ts';

noteIfNoDatabase('the kill -9 suite');
const ORDERS = 12;
const PARALLEL = 6;
/** Acknowledged callbacks after which each of the two kills comes. */
const KILLS_AFTER = [9, 20];
/** Callbacks in all: `orderPlan` sends 6, 5 or 3 per order. */
const CALLBACKS = Array.from({ length: ORDERS }, (_, n) => [6, 5, 3][n % 3]!).reduce((a, b) => a + b, 0);

/** Starts main.ts and resolves once it listens. */
const startChild = (env: NodeJS.ProcessEnv, dataDir: string, shopOrigin: string) =>
  startPlatformChild(['examples/platform/main.ts', '--port', '0', '--data', dataDir, '--shop-origin', shopOrigin], env);

/** A TCP server that accepts connections and never answers: a hanging partner webhook endpoint. */
async function hangingEndpoint(): Promise<{ origin: string; close(): void }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

for (const backend of [
  { name: 'PGlite', enabled: true },
  { name: 'PostgreSQL', enabled: Boolean(DATABASE_URL) },
]) {
  // Without DATABASE_URL the PostgreSQL run is reported as skipped, under a name that says why.
  describe.skipIf(!backend.enabled)(`kill -9 of the platform process on ${backend.name}${backend.name === 'PostgreSQL' ? ' (needs DATABASE_URL)' : ''}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it(`loses nothing acknowledged and counts nothing twice across ${KILLS_AFTER.length} kills (${ORDERS} orders, ${CALLBACKS} callbacks, ${PARALLEL} in flight)`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'vitrine-kill-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const hanging = await hangingEndpoint();
      cleanups.push(async () => hanging.close());

      // The database: a PGlite directory, or a PostgreSQL schema of its own.
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
      let openDb: () => Promise<SqlClient>;
      if (backend.name === 'PostgreSQL') {
        const schema = await throwawaySchema('vitrine_kill');
        cleanups.push(() => schema.drop());
        env.DATABASE_URL = schema.url;
        openDb = async () => pgPoolClient(new pg.Pool({ connectionString: schema.url, max: 2 }));
      } else {
        openDb = async () => pgliteClient(await PGlite.create(dataDir));
      }

      // What a partner sends: each order's callbacks in sequence, webhook-ids stable.
      const catalog = await readSeed(DEFAULT_SEED, { shop: hanging.origin, platform: 'http://127.0.0.1:8787' });
      const target = planTarget(catalog);
      const run = `K${backend.name.slice(0, 2)}`;
      const at = new Date().toISOString();
      const plans = Array.from({ length: ORDERS }, (_, n) => orderPlan(target, run, n, at));
      const clicks = planClicks(target, run, plans.length, at);

      // The reference: the same callbacks, in order, on a memory store, no crash.
      const referenceStore = createMemoryStore(catalog);
      const serial = createPlatform({ store: referenceStore, eventRateLimit: false });
      const send = async (base: string | Platform, path: string, init: RequestInit) =>
        typeof base === 'string' ? fetch(base + path, { ...init, signal: AbortSignal.timeout(20_000) }) : base.fetch(new Request(`https://api.test${path}`, init));
      await send(serial, '/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events: clicks }) });
      /** Each order's money state after each of its callbacks. */
      const states = [] as Array<Array<ReturnType<typeof moneyState>>>;
      for (const plan of plans) {
        const after = [];
        for (const callback of plan) {
          const response = await send(serial, `/v1/partner/conversions?partner=${target.partnerId}`, { method: 'POST', ...(await signedCallback(callback, target.secret)) });
          expect(response.status).toBe(200);
          const order = (await referenceStore.orderByPartnerOrderId(target.partnerId, callback.conversion.orderId))!;
          after.push(moneyState(order));
        }
        states.push(after);
      }

      let child = await startChild(env, dataDir, hanging.origin);
      cleanups.push(async () => {
        child.process.kill('SIGKILL');
      });
      const events = await send(child.url, '/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events: clicks }) });
      expect(events.status).toBe(202);

      /** How many callbacks of each order were acknowledged (a prefix: an order's callbacks go in sequence). */
      const acked = plans.map(() => 0);
      let ackCount = 0;
      /** Sends every order's callbacks from `acked` on, `PARALLEL` orders at a time; stops quietly when the process dies. */
      const stream = async (base: string, onAck?: () => void) => {
        let next = 0;
        const worker = async () => {
          for (let n = next++; n < plans.length; n = next++) {
            for (let i = acked[n]!; i < plans[n]!.length; i++) {
              let response: Response;
              try {
                response = await send(base, `/v1/partner/conversions?partner=${target.partnerId}`, { method: 'POST', ...(await signedCallback(plans[n]![i]!, target.secret)) });
              } catch {
                return; // the process is gone: this callback is not acknowledged
              }
              expect(response.status).toBe(200);
              await response.body?.cancel();
              acked[n] = i + 1;
              ackCount += 1;
              onAck?.();
            }
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
      };
      /** After a restart: every acknowledged callback's effect is there (or the one after it, committed but not answered). */
      const checkAcknowledged = async (base: string) => {
        const lookup = await send(base, '/v1/orders/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clickIds: plans.slice(0, 50).map((_, n) => planClickId(run, n)) }) });
        const { orders } = (await lookup.json()) as { orders: Array<import('../../src/model/order.js').Order> };
        for (const [n, count] of acked.entries()) {
          if (count === 0) continue;
          const order = orders.find((o) => o.partnerOrderId === `${run}-${n}`);
          expect(order, `order ${n}, ${count} callbacks acknowledged`).toBeDefined();
          const allowed = [states[n]![count - 1], states[n]![count]].filter(Boolean);
          expect(allowed).toContainEqual(moneyState(order!));
        }
      };

      for (const killAfter of KILLS_AFTER) {
        const victim = child.process;
        // Killed mid-stream: other callbacks are in flight at that moment.
        await stream(child.url, () => {
          if (ackCount >= killAfter && victim.exitCode === null && !victim.killed) victim.kill('SIGKILL');
        });
        expect(await child.exited).toBeNull(); // killed by a signal, no exit code
        expect(ackCount).toBeLessThan(plans.flat().length);
        child = await startChild(env, dataDir, hanging.origin);
        await checkAcknowledged(child.url);
        // The partner retries everything not acknowledged, same webhook-ids (resending acknowledged ones too is harmless).
        for (const n of acked.keys()) acked[n] = Math.max(0, acked[n]! - 1);
      }
      await stream(child.url);
      expect(acked).toEqual(plans.map((plan) => plan.length));
      expect(plans.flat()).toHaveLength(CALLBACKS);

      // SIGTERM with a partner endpoint hanging (every outgoing webhook hangs): out within 10 s.
      const stopping = Date.now();
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      const stopMs = Date.now() - stopping;
      expect(stopMs).toBeLessThan(10_000);

      // Compare with the run without crashes.
      const db = await openDb();
      cleanups.push(() => db.close());
      const { rows } = await db.query<Record<string, unknown>>(
        `select o.partner_order_id, l.* from ledger_entries l join orders o on o.id = l.order_id order by o.partner_order_id, l.seq`,
      );
      for (const plan of plans) {
        const orderId = plan[0]!.conversion.orderId;
        const expected = await referenceStore.ledgerForOrder((await referenceStore.orderByPartnerOrderId(target.partnerId, orderId))!.id);
        const actual = rows
          .filter((row) => row.partner_order_id === orderId)
          .map((row) => [row.line_index, row.kind, row.balance, Number(row.amount), row.creator_id, row.recommendation_id]);
        expect(actual, orderId).toEqual(expected.map(comparable));
      }
      const { rows: messages } = await db.query<{ n: number }>('select count(*)::integer as n from webhook_outbox');
      expect(messages[0]!.n).toBe((await referenceStore.dueWebhooks(Date.now() + 1e9, 10_000)).length);
      const { rows: orders } = await db.query<{ n: number }>('select count(*)::integer as n from orders');
      expect(orders[0]!.n).toBe(ORDERS);
    }, 180_000);
  });
}
