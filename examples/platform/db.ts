/**
 * Opens the platform's database: embedded PGlite on disk, or PostgreSQL
 * through a node-postgres pool, wrapped as the `SqlClient` that
 * `vitrine/platform/sql` works with.
 */
import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import pg, { type PoolConfig } from 'pg';
import { pgliteClient, pgPoolClient, type PgliteDatabase, type PgliteExecutor, type SqlClient } from 'vitrine/platform/sql';
import type { WorkerAnswer, WorkerCall } from './pglite-worker.ts';

/** Options of {@link openPglite}. */
export interface PgliteOptions {
  /**
   * Where PostgreSQL runs: `'worker'` (default), a worker thread of its own,
   * so that statements never hold up the platform's HTTP thread (on 2 cores,
   * ingest goes from ~15,000 to ~35,000 events/s: docs/performance.md);
   * `'main'`: the calling thread.
   */
  thread?: 'worker' | 'main';
}

/**
 * Opens (creating it if needed) an embedded PGlite database in `dataDir`, which
 * keeps everything across restarts; `memory://` keeps it in memory only. One
 * process at a time may open a data directory.
 */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<SqlClient> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  return pgliteClient(options.thread === 'main' ? await PGlite.create(dataDir) : await pgliteInWorker(dataDir));
}

/** Each member of a union without its `id`. */
type WithoutId<C> = C extends unknown ? Omit<C, 'id'> : never;

/** An error of the worker's, as the store expects one: its message, `code` and the other fields. */
const revive = ({ message, fields }: { message: string; fields: Record<string, unknown> }) => Object.assign(new Error(message), fields);

/**
 * PGlite in a worker thread (./pglite-worker.ts), as a `PgliteDatabase`. The
 * database has one connection: a transaction (`begin` … `commit`, `rollback`
 * when `fn` throws) holds it, and every other call waits for it, as PGlite's
 * own `transaction` does. If the worker dies, every call fails with its error.
 */
async function pgliteInWorker(dataDir: string): Promise<PgliteDatabase> {
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve(answer: { rows?: unknown[]; listener?: number }): void; reject(error: Error): void }>();
  const notified = new Map<number, () => void>();
  let nextId = 0;
  let dead: Error | undefined;
  let ready!: () => void;
  let failed!: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));

  worker.on('message', (answer: WorkerAnswer) => {
    if ('ready' in answer) return ready();
    if ('failed' in answer) return failed(revive(answer.failed));
    if ('notify' in answer) return notified.get(answer.notify)?.();
    const call = pending.get(answer.id);
    pending.delete(answer.id);
    if ('error' in answer) call?.reject(revive(answer.error));
    else call?.resolve(answer);
  });
  const die = (error: Error) => {
    dead ??= error;
    failed(error);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`the PGlite worker exited (code ${code})`)));
  await started;

  // A call as the caller writes it: each kind of WorkerCall without its id (the id is added here).
  type Call = WithoutId<WorkerCall>;
  const call = (message: Call) =>
    new Promise<{ rows?: unknown[]; listener?: number }>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  // One connection: a transaction keeps it until it ends; every other call waits its turn.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.catch(() => {});
    return run;
  };
  const direct: PgliteExecutor = {
    query: async <T>(sql: string, params: unknown[] = []) => ({ rows: ((await call({ op: 'query', sql, params })).rows ?? []) as T[] }),
    exec: (sql) => call({ op: 'exec', sql }),
  };
  return {
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) =>
      exclusive(async () => {
        await direct.query('begin');
        try {
          const result = await fn(direct);
          await direct.query('commit');
          return result;
        } catch (error) {
          await direct.query('rollback').catch(() => {});
          throw error;
        }
      }),
    async listen(channel, callback) {
      const { listener } = await exclusive(() => call({ op: 'listen', channel }));
      notified.set(listener!, () => callback(''));
      return async () => {
        notified.delete(listener!);
        await exclusive(() => call({ op: 'unlisten', listener: listener! }));
      };
    },
    async close() {
      if (!dead) await exclusive(() => call({ op: 'close' }));
      await worker.terminate();
    },
  };
}

/**
 * Connects to PostgreSQL through a node-postgres pool, e.g.
 * `openPostgres('postgres://vitrine:vitrine@127.0.0.1:5432/vitrine')`.
 * Pass a `PoolConfig` to set more, e.g. `options: '-c search_path=test'`.
 */
export function openPostgres(config: string | PoolConfig): SqlClient {
  const pool = new pg.Pool(typeof config === 'string' ? { connectionString: config } : config);
  // An idle connection that drops is replaced by the pool; the next query reports real failures.
  pool.on('error', () => {});
  return pgPoolClient(pool);
}
