/**
 * PGlite in a worker thread (`openPglite`, the reference server's default):
 * the one connection is the caller's while a transaction runs, errors keep
 * their SQLSTATE (the store retries by it), notifications arrive, and a dead
 * worker fails every call instead of hanging. The whole store conformance
 * suite also runs over it (src/platform/sql/store.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from 'vitrine/platform/sql';
import { openPglite } from './db.ts';

let db: SqlClient;
beforeAll(async () => {
  db = await openPglite('memory://');
  await db.exec('create table t (id integer primary key, note text)');
});
afterAll(async () => {
  await db.close();
});

describe('openPglite: PGlite in a worker thread', () => {
  it('answers queries with typed rows and parameters', async () => {
    const { rows } = await db.query<{ n: number; at: Date; list: string[] }>("select $1::integer + 1 as n, '2026-03-01T00:00:00Z'::timestamptz as at, $2::text[] as list", [41, ['a', 'b']]);
    expect(rows[0]!.n).toBe(42);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(rows[0]!.at.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(rows[0]!.list).toEqual(['a', 'b']);
  });

  it('keeps the SQLSTATE of an error (the store retries by code)', async () => {
    await db.query('insert into t (id) values (1)');
    const error = (await db.query('insert into t (id) values (1)').catch((caught: unknown) => caught)) as { code?: string; message: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('23505');
    expect(error.message).toMatch(/duplicate key/);
  });

  it('a transaction holds the connection: a query sent meanwhile waits, and is not rolled back with it', async () => {
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    const failed = db
      .transaction(async (tx) => {
        await tx.query("insert into t (id, note) values (2, 'in the transaction')");
        outside = db.query("insert into t (id, note) values (3, 'outside')").then(() => order.push('outside'));
        // The outside insert must not run inside this transaction, which now fails.
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push('transaction');
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    expect(await failed).toBe('rolled back');
    await outside;
    expect(order).toEqual(['transaction', 'outside']);
    const { rows } = await db.query<{ id: number }>('select id from t where id in (2, 3) order by id');
    expect(rows.map((row) => row.id)).toEqual([3]);
  });

  it('commits a transaction and returns its result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query("insert into t (id, note) values (4, 'committed')");
      return (await tx.query<{ n: number }>('select count(*)::integer as n from t where id = 4')).rows[0]!.n;
    });
    expect(result).toBe(1);
    expect((await db.query<{ note: string }>('select note from t where id = 4')).rows[0]!.note).toBe('committed');
  });

  it('delivers notifications until unlistened', async () => {
    let heard = 0;
    const stop = await db.listen!('vitrine_db_test', () => (heard += 1));
    await db.query("select pg_notify('vitrine_db_test', 'x')");
    await expect.poll(() => heard).toBe(1);
    await stop();
    await db.query("select pg_notify('vitrine_db_test', 'x')");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toBe(1);
  });

  it('once closed, every call fails at once', async () => {
    const other = await openPglite('memory://');
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow(/PGlite worker exited/);
  });
});
