/**
 * Runs the reference platform:
 *   npx node examples/platform/main.ts [--port 8787] [--seed path.json] [--data dir] [--shop-origin url]
 * Uses PostgreSQL when DATABASE_URL is set, else PGlite in the data directory.
 * VITRINE_ADMIN_KEY (16–256 printable ASCII characters) turns on the admin
 * routes (payouts, statements, webhook secret rotation) for that Bearer key.
 * SIGTERM / SIGINT stop it within 10 s (see SERVER_LIMITS.shutdownGraceMs).
 * (Run `npm run build:js` first: the platform imports `vitrine` from dist/.)
 */
import { parseArgs } from 'node:util';
import { isValidationError } from 'vitrine';
import { startPlatform } from './server.ts';

const USAGE = 'usage: node examples/platform/main.ts [--port 8787] [--seed path.json] [--data dir] [--shop-origin http://127.0.0.1:8788]';
const print = (line: string) => process.stdout.write(`[platform] ${line}\n`);

function fail(line: string, code: number): never {
  process.stderr.write(`[platform] ${line}\n`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      seed: { type: 'string' },
      data: { type: 'string' },
      'shop-origin': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
if (!(port >= 0 && port <= 65535)) fail(`--port must be a port number, got "${values.port}"\n${USAGE}`, 2);

const databaseUrl = process.env.DATABASE_URL || undefined;
const adminKey = process.env.VITRINE_ADMIN_KEY || undefined;
/** However a stop goes, the process is gone by then. */
const STOP_DEADLINE_MS = 9_500;
try {
  const server = await startPlatform({
    port,
    ...(values.seed !== undefined && { seedPath: values.seed }),
    ...(values.data !== undefined && { dataDir: values.data }),
    ...(values['shop-origin'] !== undefined && { shopOrigin: values['shop-origin'] }),
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(adminKey !== undefined && { adminKeys: [adminKey] }),
    log: print,
  });
  print(`listening on ${server.url} (${databaseUrl ? 'PostgreSQL from DATABASE_URL' : `PGlite in ${values.data ?? '.vitrine-data/platform'}`})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) fail(`${signal} again: exiting now`, 1);
    stopping = true;
    print(`${signal}: stopping`);
    setTimeout(() => fail(`still stopping after ${STOP_DEADLINE_MS} ms: exiting now`, 1), STOP_DEADLINE_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`stop failed: ${(error as Error).message}`, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (isValidationError(error)) fail(`invalid configuration: ${error.message}`, 1);
  fail(`failed to start: ${error instanceof Error ? error.message : String(error)}`, 1);
}
