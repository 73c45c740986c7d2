/**
 * The SQL store: the conformance suite of `vitrine/testing` on PGlite and, when
 * DATABASE_URL is set (as in CI), on PostgreSQL in a throw-away schema; then
 * what only an SQL store has (migrations, hashed keys, catalog reloads,
 * constraints).
 */
import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as vitest from 'vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conformanceCatalog, describePlatformStore, fixtures } from '../../testing/index.js';
import type { PlatformStore } from '../store/store.js';
import { recordConversion } from '../domain/conversions.js';
import { pgliteClient, pgPoolClient, type SqlClient } from './client.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { createSqlStore, loadCatalog } from './store.js';
import { DATABASE_URL, noteIfNoDatabase } from '../../../test/helpers/database.ts';
import { openPglite as openPgliteInWorker } from '../../../examples/platform/db.ts';

const TABLES =
  'partners, creators, products, offers, recommendations, events, touches, checkouts, visitor_clicks, orders, conversion_receipts, ledger_entries, payouts, ' +
  'idempotency_keys, webhook_outbox, traffic_minute, traffic_hour, filtered_hour, sales_hour, change_feed, jobs';
noteIfNoDatabase('the SQL store suite');

/** A database for one suite, emptied and seeded before each test. */
interface Opened {
  db: SqlClient;
  reset(catalog: ReturnType<typeof conformanceCatalog>): Promise<PlatformStore>;
  close(): Promise<void>;
}

async function open(db: SqlClient, close: () => Promise<void>): Promise<Opened> {
  const store = await createSqlStore(db);
  return {
    db,
    async reset(catalog) {
      await db.exec(`truncate ${TABLES} restart identity cascade; update change_feed_state set pruned_through = 0`);
      await loadCatalog(db, catalog);
      return store;
    },
    close,
  };
}

async function openPglite(): Promise<Opened> {
  const db = pgliteClient(await PGlite.create('memory://'));
  return open(db, () => db.close());
}

/** PGlite in a worker thread, as the reference server opens it (examples/platform/db.ts). */
async function openPgliteWorker(): Promise<Opened> {
  const db = await openPgliteInWorker('memory://');
  return open(db, () => db.close());
}

/** PostgreSQL in a schema of its own, dropped at the end (suites of several worktrees share the server). */
async function openPostgres(): Promise<Opened> {
  const schema = `vitrine_test_${randomBytes(6).toString('hex')}`;
  const admin = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, max: 1 }));
  await admin.exec(`create schema ${schema}`);
  const db = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 8 }));
  return open(db, async () => {
    await db.close();
    await admin.exec(`drop schema ${schema} cascade`);
    await admin.close();
  });
}

const backends = [
  { name: 'SQL store on PGlite', enabled: true, open: openPglite },
  { name: 'SQL store on PGlite in a worker thread', enabled: true, open: openPgliteWorker },
  { name: 'SQL store on PostgreSQL', enabled: Boolean(DATABASE_URL), open: openPostgres },
];


const CATALOG = conformanceCatalog();
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

for (const backend of backends) {
  if (!backend.enabled) continue;
  let shared: Promise<Opened> | undefined;
  // One database per backend for both describes: PGlite's first start takes seconds.
  const opened = () => (shared ??= backend.open());

  describePlatformStore(backend.name, async () => ({ reset: (await opened()).reset }), vitest);

  describe(`${backend.name}: SQL specifics`, () => {
    let store: PlatformStore;
    let db: SqlClient;
    beforeAll(async () => {
      db = (await opened()).db;
    }, 60_000);
    afterAll(async () => {
      await (await opened()).close();
    });
    beforeEach(async () => {
      store = await (await opened()).reset(structuredClone(CATALOG));
    });

    it('applies each migration once', async () => {
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ version: string }>('select version from schema_migrations order by version');
      expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // Versions already recorded by earlier releases never change.
      expect(MIGRATIONS.slice(0, 3).map((m) => m.version)).toEqual(['001_init', '002_outbox', '003_ledger']);
    });

    it('stores the webhook URL from the catalog and clears it when the catalog drops it', async () => {
      const { rows } = await db.query<{ id: string; webhook_url: string | null }>('select id, webhook_url from partners order by id collate "C"');
      expect(rows).toEqual(byId(CATALOG.partners).map((p) => ({ id: p.id, webhook_url: p.webhookUrl ?? null })));
      const changed = structuredClone(CATALOG);
      for (const partner of changed.partners) delete partner.webhookUrl;
      await loadCatalog(db, changed);
      expect(await store.partnerSecrets('partner-hanfang')).toEqual({ partner: fixtures.partner('partner-hanfang'), secrets: [fixtures.webhookSecret('partner-hanfang')] });
      expect(Object.keys((await store.partnerSecrets('partner-hanfang'))!)).not.toContain('webhookUrl');
    });

    it('keeps rotated webhook secrets when the catalog is loaded again (a restart)', async () => {
      const next = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';
      await store.setPartnerSecrets('partner-hanfang', [next, fixtures.webhookSecret('partner-hanfang')]);
      await loadCatalog(db, structuredClone(CATALOG));
      expect((await store.partnerSecrets('partner-hanfang'))?.secrets).toEqual([next, fixtures.webhookSecret('partner-hanfang')]);
      // A new partner is seeded with the catalog's secrets, previous ones included.
      const added = structuredClone(CATALOG);
      added.partners.push({ ...added.partners[0]!, id: 'partner-new', previousWebhookSecrets: [next] });
      await loadCatalog(db, added);
      expect((await store.partnerSecrets('partner-new'))?.secrets).toEqual([added.partners[0]!.webhookSecret, next]);
    });

    it('refuses to edit or delete a ledger entry, and to settle one twice (a trigger, whatever the client)', async () => {
      await store.saveOrder({
        id: 'ord-1', partnerId: 'partner-hanfang', partnerOrderId: 'PO-1', clickId: null, creatorId: null, status: 'delivered',
        timeline: [{ status: 'placed', at: '2026-11-20T00:00:00.000Z' }], lines: [{ title: 't', quantity: 1, amount: cny(100) }], total: cny(100),
      });
      await store.appendLedger([{
        id: 'ord-1:0:0', kind: 'accrual', balance: 'approved', creatorId: 'creator-lin', amount: cny(6), orderId: 'ord-1', lineIndex: 0,
        recommendationId: 'rec-lin-serum', partnerId: 'partner-hanfang', base: cny(100), rateBps: 600, createdAt: '2026-11-20T00:00:00.000Z', payoutId: null,
      }]);
      await expect(db.query("update ledger_entries set amount = 7 where id = 'ord-1:0:0'")).rejects.toThrow(/never edited/);
      await expect(db.query("delete from ledger_entries where id = 'ord-1:0:0'")).rejects.toThrow(/never deleted/);
      await store.recordPayout({ id: 'pay-1', creatorId: 'creator-lin', amount: cny(6), periodStart: null, periodEnd: '2026-11-21T00:00:00.000Z', createdAt: '2026-11-21T00:00:00.000Z' }, ['ord-1:0:0']);
      await db.query("insert into payouts (id, creator_id, amount, currency, period_end, created_at) values ('pay-2', 'creator-lin', 6, 'CNY', now(), now())");
      await expect(db.query("update ledger_entries set payout_id = 'pay-2' where id = 'ord-1:0:0'")).rejects.toThrow(/never edited/);
    });

    it('stores API keys only as SHA-256 hashes', async () => {
      const { rows } = await db.query<{ api_key_sha256: string }>("select api_key_sha256 from creators where id = 'creator-lin'");
      expect(rows[0]?.api_key_sha256).toBe(createHash('sha256').update(fixtures.apiKey('creator-lin')).digest('hex'));
      const { rows: all } = await db.query('select * from creators');
      expect(JSON.stringify(all)).not.toContain(fixtures.apiKey('creator-lin'));
    });

    it('reloads a changed catalog idempotently (upsert, offers replaced)', async () => {
      const changed = structuredClone(CATALOG);
      const serum = changed.products.find((p) => p.id === 'prod-serum')!;
      serum.offers = [{ ...serum.offers[1]!, price: cny(2 ** 53 - 1) }];
      serum.title = '山茶花精华 新版';
      await loadCatalog(db, changed);
      await loadCatalog(db, changed);
      const [card] = await store.cards(['rec-lin-serum']);
      expect(card?.product.title).toBe('山茶花精华 新版');
      expect(card?.product.offers).toEqual([{ ...CATALOG.products.find((p) => p.id === 'prod-serum')!.offers[1]!, price: cny(2 ** 53 - 1) }]);
      expect(card?.partners.map((p) => p.id)).toEqual(['partner-jingxuan']);
      expect(await store.productByOfferUrl(new URL('https://shop.hanfang.example/item/88123'))).toBeNull();
    });

    it('rolls a failed callback back as a whole, reporting the statement that failed', async () => {
      // A partner the database does not know: the order insert breaks its foreign key mid-transaction.
      const ghost = { ...fixtures.partner('partner-hanfang'), id: 'partner-ghost' };
      const conversion = {
        type: 'order.status' as const,
        orderId: 'PO-ghost',
        status: 'paid' as const,
        occurredAt: new Date().toISOString(),
        currency: 'CNY',
        lines: [{ title: '精华', quantity: 1, amount: 19900 }],
      };
      const failed = store.transaction((tx) => recordConversion(tx, { partner: ghost, webhookId: 'msg_ghost', conversion }, Date.now()));
      await expect(failed).rejects.toThrow(/foreign key/);
      // Nothing stayed: not the receipt, not the order.
      expect(await store.claimConversion({ partnerId: 'partner-ghost', webhookId: 'msg_ghost', partnerOrderId: 'PO-ghost', status: 'paid' })).toBe(true);
      const { rows } = await db.query("select count(*)::integer as n from orders where partner_order_id = 'PO-ghost'");
      expect(rows).toEqual([{ n: 0 }]);
    });

    it('returns timestamps as UTC ISO strings', async () => {
      await store.createRecommendation({
        id: 'rec-tz',
        creatorId: 'creator-lin',
        productId: 'prod-tea',
        reason: 'tz',
        disclosure: 'none',
        createdAt: '2026-11-21T08:30:00+08:00',
      });
      const [card] = await store.cards(['rec-tz']);
      expect(card?.recommendation.createdAt).toBe('2026-11-21T00:30:00.000Z');
    });
  });
}
