/**
 * A platform process for the multi-process suite: examples/platform on a free
 * port of 127.0.0.1 and the PostgreSQL of DATABASE_URL (the schema in its
 * search_path), with a quick outbox (polled every 50 ms, retried after
 * 300 ms) so that retries happen within the test. Prints "listening on <url>".
 *   npx node test/process/platform-child.ts --shop-origin http://127.0.0.1:PORT
 */
import { parseArgs } from 'node:util';
import { startPlatform } from '../../examples/platform/server.ts';

const { values } = parseArgs({ options: { 'shop-origin': { type: 'string' } } });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const server = await startPlatform({
  port: 0,
  databaseUrl,
  ...(values['shop-origin'] !== undefined && { shopOrigin: values['shop-origin'] }),
  webhookIntervalMs: 50,
  webhookScheduleMs: [300, 300, 300],
  platform: { eventRateLimit: false },
  log: (line) => process.stdout.write(`[platform] ${line}\n`),
});
process.stdout.write(`listening on ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
