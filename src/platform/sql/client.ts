/**
 * The SQL store's view of a database: a tiny `SqlClient` interface, and two
 * adapters that wrap a driver object the caller created. They only describe
 * the driver methods they call, so `vitrine/platform/sql` imports neither
 * PGlite nor node-postgres: install and open the one you use.
 */

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
  /**
   * Optional: calls `onNotify` for every `NOTIFY` on `channel` (any session of
   * the database), until the returned function is called. A client that drops
   * and reconnects calls `onNotify` once reconnected (notifications may have
   * been missed meanwhile). Without it, the SQL store polls for changes.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

/** The part of a PGlite database (`@electric-sql/pglite`) the adapter uses. */
export interface PgliteDatabase extends PgliteExecutor {
  transaction<T>(fn: (tx: PgliteExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite's `LISTEN`: resolves to the function that stops listening. */
  listen?(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/** A PGlite database or transaction, as far as queries go. */
export interface PgliteExecutor {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/** A connection of a node-postgres pool, as far as the adapter uses it. */
export interface PgPoolConnection extends PgQueryable {
  release(error?: Error | boolean): void;
  /** node-postgres emits `notification` for `NOTIFY`, `error` and `end` when the connection breaks. */
  on?(event: 'notification' | 'error' | 'end', listener: (...args: never[]) => void): unknown;
}

/** The part of a node-postgres (`pg`) `Pool` the adapter uses. */
export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolConnection>;
  end(): Promise<void>;
}

/** A node-postgres pool or client, as far as queries go. */
export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A `SqlClient` over a PGlite database, e.g. `pgliteClient(await PGlite.create(dir))`.
 * PGlite runs one statement at a time: a transaction holds the database until
 * it ends, and other queries wait for it.
 */
export function pgliteClient(db: PgliteDatabase): SqlClient {
  const executor = (target: PgliteExecutor): SqlExecutor => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const { rows } = await target.query<T>(sql, [...params]);
      return { rows };
    },
    async exec(sql) {
      await target.exec(sql);
    },
  });
  const client: SqlClient = {
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
  if (db.listen) {
    const listen = db.listen.bind(db);
    client.listen = (channel, onNotify) => listen(channel, () => onNotify());
  }
  return client;
}

/** `"name"`: a channel name as a quoted SQL identifier. */
const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A `SqlClient` over a node-postgres pool, e.g.
 * `pgPoolClient(new pg.Pool({ connectionString }))`. A transaction takes one
 * connection of the pool (`begin` … `commit`, `rollback` when `fn` throws).
 * `close()` ends the pool.
 */
export function pgPoolClient(pool: PgPool): SqlClient {
  const executor = (target: PgQueryable): SqlExecutor => ({
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
      let broken = false;
      // One connection runs one query at a time: queries issued together
      // (Promise.all inside fn) are queued here, not piled onto the client.
      let queue: Promise<unknown> = Promise.resolve();
      const serial: PgQueryable = {
        query: (sql, params) => {
          const run = queue.then(() => client.query(sql, params));
          queue = run.catch(() => {});
          return run;
        },
      };
      try {
        await client.query('begin');
        const result = await fn(executor(serial));
        await client.query('commit');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is discarded, not handed out again.
        broken = await client.query('rollback').then(
          () => false,
          () => true,
        );
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
    // One connection of the pool is kept for LISTEN; when it breaks, another is taken.
    async listen(channel, onNotify) {
      let stopped = false;
      let connection: PgPoolConnection | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = async (): Promise<void> => {
        try {
          const taken = await pool.connect();
          let broken = false;
          const lost = () => {
            // A connection released on stop ends too: it was released already.
            if (broken || stopped) return;
            broken = true;
            taken.release(true);
            if (connection === taken) connection = undefined;
            if (!stopped) retry = setTimeout(() => void connect(), 250);
          };
          taken.on?.('notification', () => onNotify());
          taken.on?.('error', lost);
          taken.on?.('end', lost);
          await taken.query(`listen ${quoteIdentifier(channel)}`);
          if (stopped) {
            taken.release(true);
            return;
          }
          connection = taken;
          onNotify(); // anything committed while not listening is read now
        } catch {
          if (!stopped) retry = setTimeout(() => void connect(), 1000);
        }
      };
      await connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        const last = connection;
        connection = undefined;
        if (last) {
          await last.query(`unlisten ${quoteIdentifier(channel)}`).catch(() => {});
          last.release(true);
        }
      };
    },
  };
}
