/**
 * `npm run bench:live`: the figures of "live within a second, at scale", on
 * 127.0.0.1, against the reference platform process (test/bench/ingest/server.ts,
 * examples/platform with the per-client event rate off), on PGlite and — when
 * DATABASE_URL is set — on PostgreSQL (a schema of its own, dropped after):
 *
 * - ingest: autocannon posts 1,000,000 events in 50-event batches (unique
 *   event ids) from many connections; then the events are counted in the
 *   database (raw table and rollups): lost = acknowledged but not stored,
 *   duplicated = stored more than once (must both be 0);
 * - callback → order update: a stream of a browser's orders is open
 *   (`GET /v1/stream/orders`), a signed conversion callback is sent, the time
 *   until the stream's event arrives is measured (p50 / p99);
 * - event → stats update: a creator's stats stream is open
 *   (`GET /v1/stream/stats`), one impression is posted, the time until the
 *   stream's stats show it is measured (p50 / p99).
 *
 *   npx node test/bench/live/run.ts [--events 1000000 [--max-seconds 600] | --duration S] [--connections 64] [--samples 60]
 *     [--backend pglite|postgres] [--profile DIR] [--ingest maxBatch,concurrency] [--processes N]
 *
 * `--events N` (default 1,000,000, the figure) sends exactly N events:
 * then every acknowledged event must be stored (no batch is in flight when the
 * count is taken), and all of them sent within `--max-seconds` (default 600),
 * else the run fails. `--duration S` runs for S seconds instead (the batches still
 * in flight when the clock stops are stored but not acknowledged). The load generator (test/bench/live/load.ts) runs
 * in a process of its own. `--profile DIR` starts the platform process with
 * `--cpu-prof` into DIR (open the .cpuprofile in Chrome's DevTools).
 * `--processes N` runs N platform processes on one port on PostgreSQL (PGlite
 * runs in one process).
 * (Run `npm run build:js` first: the platform imports `vitrine` from dist/.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DEFAULT_SEED, readSeed } from '../../../examples/platform/seed.ts';
import { planTarget, postConversion, singleLineOrder } from '../../helpers/callbacks.ts';
import { READER_AGENT } from '../../helpers/reader.ts';
import { readEvents } from '../../helpers/sse.ts';
import { startChild, startPlatformChild } from '../../helpers/child.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    events: { type: 'string' },
    connections: { type: 'string', default: '64' },
    samples: { type: 'string', default: '60' },
    backend: { type: 'string' },
    profile: { type: 'string' },
    ingest: { type: 'string' },
    processes: { type: 'string' },
    'max-seconds': { type: 'string', default: '600' },
  },
});
const DURATION = Number(values.duration);
const EVENTS = values.duration !== undefined ? undefined : Number(values.events ?? 1_000_000);
const CONNECTIONS = Number(values.connections);
const SAMPLES = Number(values.samples);
const BATCH = 50;
const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // DEMO ONLY, from the seed

interface Figures {
  backend: string;
  eventsPerSecond: number;
  acknowledged: number;
  stored: number;
  rolledUp: number;
  lost: number;
  duplicated: number;
  errors: number;
  timeouts: number;
  orderP50: number;
  orderP99: number;
  statsP50: number;
  statsP99: number;
}

async function startServer(env: NodeJS.ProcessEnv, dataDir: string | undefined): Promise<{ url: string; stop(): Promise<void> }> {
  const profile = values.profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values.profile];
  // N processes share a PostgreSQL database; a PGlite directory is one process's.
  const processes = values.processes && !dataDir ? ['--processes', values.processes] : [];
  const child = await startPlatformChild([...profile, 'test/bench/ingest/server.ts', ...(dataDir ? ['--data', dataDir] : []), ...(values.ingest ? ['--ingest', values.ingest] : []), ...processes], env);
  return {
    url: child.url,
    async stop() {
      child.process.kill('SIGTERM');
      await child.exited;
    },
  };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Opens a stream with a streaming fetch: `next()` resolves with the next event's data. */
async function openStream(url: string): Promise<{ next(timeoutMs?: number): Promise<unknown>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const events = readEvents(response);
  return { next: async (timeoutMs = 5_000) => (await events.next(timeoutMs)).data, close: () => controller.abort() };
}

/** Runs the load generator (test/bench/live/load.ts) in its own process and reads its answer. */
async function ingest(url: string, run: string, recommendationId: string, creatorId: string): Promise<{ acknowledged: number; errors: number; timeouts: number; eventsPerSecond: number; seconds: number }> {
  const amount = EVENTS === undefined ? ['--duration', String(DURATION)] : ['--events', String(EVENTS), '--max-seconds', values['max-seconds']];
  const args = ['test/bench/live/load.ts', '--url', url, '--run', run, '--recommendation', recommendationId, '--creator', creatorId, '--connections', String(CONNECTIONS), ...amount];
  const load = await startChild(args, { name: 'the load generator', ready: /^(\{.*\})$/m, timeout: 3_600_000 });
  await load.exited;
  const { acknowledged, errors, timeouts, seconds } = JSON.parse(load.url) as { acknowledged: number; errors: number; timeouts: number; seconds: number };
  return { acknowledged, errors, timeouts, seconds, eventsPerSecond: Math.round(acknowledged / seconds) };
}

async function orderLatency(url: string, run: string, target: ReturnType<typeof planTarget>): Promise<number[]> {
  const clickId = `${run}order`.padEnd(22, '0').slice(0, 22);
  const stream = await openStream(`${url}/v1/stream/orders?clickIds=${clickId}`);
  await stream.next(); // the state when opened
  const times: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    // Spaced beyond the stream's coalescing interval (100 ms), as a shop's callbacks for one reader are.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = performance.now();
    await postConversion(url, target, singleLineOrder(target, `${run}-L${n}`, clickId));
    for (;;) {
      const data = (await stream.next()) as { orders: Array<{ partnerOrderId: string }> };
      if (data.orders.some((order) => order.partnerOrderId === `${run}-L${n}`)) break;
    }
    times.push(performance.now() - started);
  }
  stream.close();
  return times;
}

async function statsLatency(url: string, run: string, recommendationId: string, creatorId: string): Promise<number[]> {
  const issued = await fetch(`${url}/v1/stream/tokens`, { method: 'POST', headers: { authorization: `Bearer ${LIN_KEY}` } });
  const { token } = (await issued.json()) as { token: string };
  const stream = await openStream(`${url}/v1/stream/stats?token=${token}`);
  const impressions = (data: unknown) => (data as { recommendations: Array<{ impressions: number }> }).recommendations.reduce((sum, rec) => sum + rec.impressions, 0);
  let seen = impressions(await stream.next());
  const times: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    // Spaced beyond the stream's coalescing interval (250 ms), as a reader's events are.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const event = { id: `evt-${run}-stats-${n}`.padEnd(16, '0'), type: 'impression', at: new Date().toISOString(), recommendationId, creatorId };
    const answer = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events: [event] }) });
    await answer.body?.cancel();
    for (;;) {
      const now = impressions(await stream.next());
      if (now > seen) {
        seen = now;
        break;
      }
    }
    times.push(performance.now() - started);
  }
  stream.close();
  return times;
}

async function bench(backend: 'PGlite' | 'PostgreSQL'): Promise<Figures> {
  const run = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
  let dataDir: string | undefined;
  let count: () => Promise<{ stored: number; rolledUp: number }>;
  const cleanups: Array<() => Promise<unknown>> = [];
  const counted = `select (select count(*) from events where id like 'evt-${run}-%' and id not like 'evt-${run}-stats-%') as stored,
    (select coalesce(sum(impressions), 0) from traffic_hour) as rolled`;
  if (backend === 'PostgreSQL') {
    const schema = `vitrine_bench_${run}`;
    const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    await admin.query(`create schema ${schema}`);
    cleanups.push(async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    });
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.href;
    count = async () => {
      const db = new pg.Pool({ connectionString: url.href, max: 1 });
      const { rows } = await db.query<{ stored: string; rolled: string }>(counted);
      await db.end();
      return { stored: Number(rows[0]!.stored), rolledUp: Number(rows[0]!.rolled) };
    };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'vitrine-bench-'));
    cleanups.push(() => rm(dataDir!, { recursive: true, force: true }));
    count = async () => {
      const db = await PGlite.create(dataDir!);
      const { rows } = await db.query<{ stored: string; rolled: string }>(counted);
      await db.close();
      return { stored: Number(rows[0]!.stored), rolledUp: Number(rows[0]!.rolled) };
    };
  }
  try {
    const server = await startServer(env, dataDir);
    const catalog = await readSeed(DEFAULT_SEED, { shop: 'http://127.0.0.1:8788', platform: server.url });
    const target = planTarget(catalog);
    let measured;
    try {
      measured = await ingest(server.url, run, target.recommendationId, target.creatorId);
      process.stdout.write(`  ingest: ${measured.acknowledged} events acknowledged in ${measured.seconds.toFixed(1)} s (${measured.eventsPerSecond}/s), load ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n`);
      const orders = (await orderLatency(server.url, run, target)).sort((a, b) => a - b);
      const stats = (await statsLatency(server.url, run, target.recommendationId, target.creatorId)).sort((a, b) => a - b);
      measured = { ...measured, orders, stats };
    } finally {
      await server.stop();
    }
    const { stored, rolledUp } = await count();
    return {
      backend,
      eventsPerSecond: measured.eventsPerSecond,
      acknowledged: measured.acknowledged,
      stored,
      // The rollups hold the bench's impressions and the stats samples'.
      rolledUp: rolledUp - SAMPLES,
      lost: Math.max(0, measured.acknowledged - stored),
      duplicated: Math.max(0, rolledUp - SAMPLES - stored),
      errors: measured.errors,
      timeouts: measured.timeouts,
      orderP50: Math.round(percentile(measured.orders, 50)),
      orderP99: Math.round(percentile(measured.orders, 99)),
      statsP50: Math.round(percentile(measured.stats, 50)),
      statsP99: Math.round(percentile(measured.stats, 99)),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

const results: Figures[] = [];
const backends = (['PGlite', ...(process.env.DATABASE_URL ? ['PostgreSQL' as const] : [])] as const).filter((backend) => values.backend === undefined || backend.toLowerCase().startsWith(values.backend.toLowerCase()));
for (const backend of backends) {
  const amount = EVENTS === undefined ? `${DURATION} s` : `${EVENTS} events`;
  const processes = backend === 'PostgreSQL' && values.processes ? `, ${values.processes} platform processes` : '';
  process.stdout.write(`bench:live on ${backend}${processes}: ${amount} of ${BATCH}-event batches over ${CONNECTIONS} connections, then ${SAMPLES} latency samples each…\n`);
  results.push(await bench(backend));
}
process.stdout.write(`load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (${cpus().length} CPUs)\n`);
console.table(
  results.map((r) => ({
    backend: r.backend,
    'ingest events/s': r.eventsPerSecond,
    acknowledged: r.acknowledged,
    stored: r.stored,
    'in rollups': r.rolledUp,
    lost: r.lost,
    duplicated: r.duplicated,
    'failed requests': r.errors,
    'timed out (30 s)': r.timeouts,
    'callback→order p50/p99 ms': `${r.orderP50} / ${r.orderP99}`,
    'event→stats p50/p99 ms': `${r.statsP50} / ${r.statsP99}`,
  })),
);
/** An --events run stopped by --max-seconds: batches were still in flight, as at the end of a --duration run. */
const cut = (r: Figures) => EVENTS !== undefined && r.acknowledged + r.timeouts * BATCH < EVENTS;
// With --events every batch was answered (or timed out) before counting: what is stored was acknowledged, or
// is of a batch that timed out (stored, its answer late: a client's retry is dropped as a duplicate).
const unexplained = (r: Figures) => EVENTS !== undefined && !cut(r) && (r.stored < r.acknowledged || r.stored > r.acknowledged + r.timeouts * BATCH);
if (results.some((r) => r.timeouts > 0)) process.stderr.write('bench:live: some requests had no answer within 30 s (see "timed out")\n');
if (results.some(cut)) {
  process.stderr.write(`bench:live: not all ${EVENTS} events were sent within --max-seconds ${values['max-seconds']}\n`);
  process.exitCode = 1;
}
if (results.some((r) => r.lost > 0 || r.duplicated > 0 || r.rolledUp !== r.stored || r.errors > 0 || unexplained(r))) {
  process.stderr.write('bench:live: events were lost or counted twice\n');
  process.exitCode = 1;
}
