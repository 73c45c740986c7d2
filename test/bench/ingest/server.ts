/**
 * The platform process of the ingest benchmark: examples/platform on a free
 * port of 127.0.0.1, PostgreSQL when DATABASE_URL is set (a schema of its own,
 * in the URL's search_path), else PGlite in `--data`. The per-client event
 * rate limit is off unless `--rate perMinute,burst` says otherwise (the
 * benchmark's clients all come from 127.0.0.1); `--ingest maxBatch,concurrency`
 * sizes the group commit (default: the platform's). Prints "listening on <url>".
 */
import { parseArgs } from 'node:util';
import { startPlatform } from '../../../examples/platform/server.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, rate: { type: 'string' }, ingest: { type: 'string' } } });
const [perMinute, burst] = (values.rate ?? '').split(',').map(Number);
const [maxBatch, concurrency] = (values.ingest ?? '').split(',').map(Number);
const server = await startPlatform({
  port: 0,
  ...(values.data !== undefined && { dataDir: values.data }),
  ...(process.env.DATABASE_URL && { databaseUrl: process.env.DATABASE_URL }),
  platform: { eventRateLimit: perMinute && burst ? { perMinute, burst } : false, ...(maxBatch && concurrency && { ingest: { maxBatch, concurrency } }) },
  limits: { maxConnectionsPerClient: 256 },
});
process.stdout.write(`listening on ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
