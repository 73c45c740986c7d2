/**
 * The worker thread that owns the platform's PGlite database (see
 * `openPglite` in ./db.ts): PGlite runs PostgreSQL in WebAssembly on the
 * thread that calls it, so on the platform's own thread every statement
 * would hold up HTTP, JSON and validation. Here it has a thread (a core) of
 * its own. Each message is one call; the answer carries the same `id`.
 * Transactions are the caller's (`begin` … `commit` on the one connection,
 * which the caller keeps to itself meanwhile).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** A call from the platform's thread. */
export type WorkerCall =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; listener: number }
  | { id: number; op: 'close' };

/** An answer (`rows` of a query, the listener id of a listen), an error, a notification, or ready. */
export type WorkerAnswer =
  | { id: number; rows?: unknown[]; listener?: number }
  | { id: number; error: { message: string; fields: Record<string, unknown> } }
  | { notify: number }
  | { ready: true }
  | { failed: { message: string; fields: Record<string, unknown> } };

const port = parentPort!;
const post = (answer: WorkerAnswer) => port.postMessage(answer);
/** An error as plain data: its message and own fields (`code`, `detail`, …: the store reads `code`). */
const plain = (error: unknown) => ({
  message: error instanceof Error ? error.message : String(error),
  fields: typeof error === 'object' && error !== null ? Object.fromEntries(Object.entries(error).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))) : {},
});

let db: PGlite;
try {
  db = await PGlite.create((workerData as { dataDir: string }).dataDir);
} catch (error) {
  post({ failed: plain(error) });
  process.exit(1);
}
const listeners = new Map<number, () => Promise<void>>();
let nextListener = 0;

port.on('message', (call: WorkerCall) => {
  void (async () => {
    try {
      switch (call.op) {
        case 'query':
          post({ id: call.id, rows: (await db.query(call.sql, call.params)).rows });
          return;
        case 'exec':
          await db.exec(call.sql);
          post({ id: call.id });
          return;
        case 'listen': {
          const listener = ++nextListener;
          listeners.set(listener, await db.listen(call.channel, () => post({ notify: listener })));
          post({ id: call.id, listener });
          return;
        }
        case 'unlisten':
          await listeners.get(call.listener)?.();
          listeners.delete(call.listener);
          post({ id: call.id });
          return;
        case 'close':
          await db.close();
          post({ id: call.id });
          port.close();
          return;
      }
    } catch (error) {
      post({ id: call.id, error: plain(error) });
    }
  })();
});
post({ ready: true });
