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
