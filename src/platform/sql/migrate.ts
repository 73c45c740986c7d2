/**
 * The migration runner of the SQL store.
 */
import type { SqlClient } from './client.js';
import { MIGRATIONS } from './migrations/index.js';

/** One schema change: applied once, in `version` order, never edited once released. */
export interface Migration {
  /** `NNN_name`, recorded in `schema_migrations` once applied. */
  version: string;
  /** The SQL script (several statements). */
  sql: string;
}

/** Serialises migrations of concurrent starts (any constant, the same in every process). */
const MIGRATION_LOCK = 7742001;

/**
 * Applies the migrations not applied yet (default: the SQL store's own), in
 * order, each in its own transaction together with its `schema_migrations`
 * row. Safe when several processes start at once (an advisory lock serialises
 * them). Returns the versions applied now.
 */
export async function migrate(db: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const applied: string[] = [];
  for (const { version, sql } of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
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
