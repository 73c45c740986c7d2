/**
 * Running a unit of work on a store, retried when the database says it lost a
 * race: what the platform does for every conversion callback and payout, so a
 * serialization failure or a deadlock never reaches a client.
 */
import { sleep as wait } from '../../internal/sleep.js';
import type { PlatformStore } from './store.js';

/** SQLSTATEs of a transaction that lost a race and may simply run again: serialization_failure, deadlock_detected. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * True for an error of a transaction that conflicted with a concurrent one
 * (PostgreSQL `40001` serialization failure, `40P01` deadlock), as
 * node-postgres and PGlite report it (`code`), also when wrapped (`cause`).
 */
export function isTransientConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Options of {@link transact}. */
export interface TransactOptions {
  /** Runs in all (default 5). */
  attempts?: number | undefined;
  /** Waits between runs; default `setTimeout`, 5–20 ms then doubling. Inject for tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/**
 * Runs `fn` in `store.transaction`, again (up to `attempts` runs in all, with a
 * short jittered wait) when it fails with {@link isTransientConflict}; any
 * other error, or the last conflict, is rethrown. `fn` must be safe to run
 * again: everything it wrote was rolled back.
 */
export async function transact<T>(store: PlatformStore, fn: (tx: PlatformStore) => Promise<T>, options: TransactOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(fn);
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      await sleep((5 + Math.random() * 15) * 2 ** (attempt - 1));
    }
  }
}
