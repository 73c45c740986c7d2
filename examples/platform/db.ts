/**
 * The platform's SQL access: a tiny `SqlClient` interface, two adapters (PGlite
 * on disk, PostgreSQL through node-postgres) and the migration runner.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg, { type Pool, type PoolClient, type PoolConfig } from 'pg';

/** Runs SQL: `query` takes `$1`-style parameters, `exec` runs a script of several statements. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<void>;
}

/** A database connection (or pool): an executor plus transactions and `close`. */
export interface SqlClient extends SqlExecutor {
  /** Runs `fn` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens (creating it if needed) an embedded PGlite database in `dataDir`, which
 * keeps everything across restarts; `memory://` keeps it in memory only. One
 * process at a time may open a data directory.
 */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const executor = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const { rows } = await target.query<T>(sql, [...params]);
      return { rows };
    },
    async exec(sql) {
      await target.exec(sql);
    },
  });
  return {
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
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
  const executor = (target: Pool | PoolClient): SqlExecutor => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const { rows } = await target.query(sql, [...params]);
      return { rows: rows as T[] };
    },
    async exec(sql) {
      await target.query(sql);
    },
  });
  return {
    ...executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(executor(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The folder of `NNN_name.sql` migrations shipped with the platform. */
export const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Applies the migrations of `dir` not applied yet, in file-name order, each in
 * its own transaction together with its `schema_migrations` row. Safe when
 * several processes start at once (an advisory lock serialises them).
 * Returns the versions applied now.
 */
export async function migrate(db: SqlClient, dir = MIGRATIONS): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => /^\d+_[\w-]+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.slice(0, -'.sql'.length);
    const sql = await readFile(join(dir, file), 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7742001)');
      await tx.exec('create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())');
      const { rows } = await tx.query('select 1 from schema_migrations where version = $1', [version]);
      if (rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}
