/**
 * Opens the platform's database: embedded PGlite on disk, or PostgreSQL
 * through a node-postgres pool, wrapped as the `SqlClient` that
 * `vitrine/platform/sql` works with.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg, { type PoolConfig } from 'pg';
import { pgliteClient, pgPoolClient, type SqlClient } from 'vitrine/platform/sql';

/**
 * Opens (creating it if needed) an embedded PGlite database in `dataDir`, which
 * keeps everything across restarts; `memory://` keeps it in memory only. One
 * process at a time may open a data directory.
 */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  return pgliteClient(await PGlite.create(dataDir));
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
