/**
 * PostgreSQL for the suites that need it: `DATABASE_URL` (CI sets it through
 * scripts/ci-postgres.sh). Without it those runs are skipped, and the suite
 * says so in the output instead of passing quietly.
 */
export const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Prints, once per suite file and at collection time (not inside a test), that its PostgreSQL runs are skipped. */
export function noteIfNoDatabase(suite: string): void {
  if (!DATABASE_URL) console.warn(`[vitrine] DATABASE_URL is unset: ${suite} skips its PostgreSQL runs (see scripts/ci-postgres.sh)`);
}

/**
 * A PostgreSQL schema of its own on `DATABASE_URL`, for suites that start
 * platform processes: `url` has it as the search_path; `drop()` removes it.
 */
export async function throwawaySchema(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { randomBytes } = await import('node:crypto');
  const { default: pg } = await import('pg');
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  const url = new URL(DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
