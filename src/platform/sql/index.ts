/**
 * `vitrine/platform/sql`: the reference platform's SQL store, for PostgreSQL
 * 15+ and PGlite, with its migrations. It talks to the database through a
 * four-method `SqlClient`; `pgliteClient` and `pgPoolClient` wrap a PGlite
 * database or a node-postgres pool you created, so this module imports no
 * driver.
 *
 * @example
 * import pg from 'pg';
 * import { createPlatform } from 'vitrine/platform';
 * import { createSqlStore, loadCatalog, pgPoolClient } from 'vitrine/platform/sql';
 *
 * const db = pgPoolClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * const store = await createSqlStore(db); // applies pending migrations
 * await loadCatalog(db, catalog);         // upserts the seed catalog
 * const platform = createPlatform({ store });
 * @packageDocumentation
 */
export {
  pgliteClient,
  pgPoolClient,
  type PgliteDatabase,
  type PgliteExecutor,
  type PgPool,
  type PgQueryable,
  type SqlClient,
  type SqlExecutor,
} from './client.js';
export { migrate, type Migration } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export { createSqlStore, hashApiKey, loadCatalog } from './store.js';
