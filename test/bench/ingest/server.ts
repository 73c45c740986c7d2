/**
 * The platform process of the ingest benchmark: examples/platform on a free
 * port of 127.0.0.1, PostgreSQL when DATABASE_URL is set (a schema of its own,
 * in the URL's search_path), else PGlite in `--data`. The per-client event
 * rate limit is off unless `--rate perMinute,burst` says otherwise (the
 * benchmark's clients all come from 127.0.0.1); `--ingest maxBatch,concurrency`
 * sizes the group commit (default: the platform's). `--processes N` (PostgreSQL
 * only: a PGlite directory is one process's) runs N platform processes on the
 * same port (node:cluster: one listening socket, connections handed out in
 * turn), as N processes behind a load balancer. Prints "listening on <url>".
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { startPlatform } from '../../../examples/platform/server.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, rate: { type: 'string' }, ingest: { type: 'string' }, processes: { type: 'string' } } });
const processes = Number(values.processes ?? 1);
if (!Number.isInteger(processes) || processes < 1) throw new Error(`--processes ${values.processes}: expected a whole number from 1`);
if (processes > 1 && !process.env.DATABASE_URL) throw new Error('--processes needs PostgreSQL (DATABASE_URL): a PGlite data directory belongs to one process');

if (processes > 1 && cluster.isPrimary) {
  const urls = new Set<string>();
  let stopping = false;
  let ready = 0;
  cluster.on('message', (_worker, message: { url?: string }) => {
    if (!message.url) return;
    urls.add(message.url);
    if (++ready === processes) {
      if (urls.size !== 1) throw new Error(`the platform processes listen on ${[...urls].join(', ')}: expected one port`);
      process.stdout.write(`listening on ${[...urls][0]} (${processes} processes)\n`);
    }
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    process.stderr.write(`platform process ${worker.process.pid} exited (${code})\n`);
    process.exit(1);
  });
  for (let n = 0; n < processes; n++) cluster.fork();
  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker!.once('exit', () => --left === 0 && process.exit(0));
      worker!.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const [perMinute, burst] = (values.rate ?? '').split(',').map(Number);
  const [maxBatch, concurrency] = (values.ingest ?? '').split(',').map(Number);
  const server = await startPlatform({
    port: 0,
    ...(values.data !== undefined && { dataDir: values.data }),
    ...(process.env.DATABASE_URL && { databaseUrl: process.env.DATABASE_URL }),
    platform: { eventRateLimit: perMinute && burst ? { perMinute, burst } : false, ...(maxBatch && concurrency && { ingest: { maxBatch, concurrency } }) },
    limits: { maxConnectionsPerClient: 256 },
  });
  if (cluster.isWorker) process.send!({ url: server.url });
  else process.stdout.write(`listening on ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
