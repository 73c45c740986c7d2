/**
 * A `PlatformStore` over SQL (PostgreSQL 15+ or PGlite), through any
 * `SqlClient`: the semantics of `createMemoryStore`, with each method answered
 * by a few indexed queries. Duplicate-sensitive writes (events, conversion
 * receipts, idempotency keys, outbox messages) are single `INSERT … ON
 * CONFLICT DO NOTHING` statements, safe under concurrency; `transaction` is a
 * database transaction on one connection.
 * Timestamps come back as UTC ISO strings (`toISOString()` form); the outbox's
 * times are milliseconds, as in `OutboxMessage`.
 */
import type { AttributionEvent, Touch } from '../../model/attribution.js';
import type { LedgerEntry, Payout } from '../../model/commission.js';
import { VitrineError } from '../../errors.js';
import type { Creator } from '../../model/creator.js';
import type { Money } from '../../model/money.js';
import type { Offer, Product } from '../../model/product.js';
import type { Order } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import type { CardPayload, Recommendation } from '../../model/recommendation.js';
import type { Catalog } from '../catalog.js';
import { sha256Hex } from '../../internal/ids.js';
import { decodeShowcaseCursor, encodeShowcaseCursor } from '../store/cursor.js';
import { aggregateCreatorStats } from '../store/stats.js';
import type { IdempotencyRecord, OutboxMessage, PlatformStore } from '../store/store.js';
import type { SqlClient, SqlExecutor } from './client.js';
import { migrate } from './migrate.js';

type Row = Record<string, unknown>;

/** Hex SHA-256 of a creator API key: only the hash is stored and compared. */
export function hashApiKey(apiKey: string): Promise<string> {
  return sha256Hex(apiKey);
}

const urlKey = (url: URL) => `${url.origin}${url.pathname}`;
const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();
const str = (value: unknown) => String(value);
/** Milliseconds since the epoch of a timestamptz read back (a `Date`, or a string from some drivers). */
const ms = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).getTime();
/** A millisecond time as a timestamptz parameter: exact, no float conversion. */
const tz = (time: number | null) => (time === null ? null : new Date(time).toISOString());
/** `{ [key]: value }` when value is not null, else `{}`: optional fields stay absent. */
function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
const money = (amount: unknown, currency: unknown): Money => ({ amount: Number(amount), currency: str(currency) });
const unique = <T>(values: readonly T[]) => [...new Set(values)];

/** Ids compare byte-wise (`collate "C"`), like JavaScript's `<` on the ASCII ids. */
const NEWEST_FIRST = `created_at desc, id collate "C" desc`;

function toPartner(row: Row): Partner {
  return {
    id: str(row.id),
    name: str(row.name),
    hosts: row.hosts as string[],
    ...opt('logo', row.logo as string | null),
    ...opt('checkoutUrl', row.checkout_url as string | null),
    attributionWindowDays: Number(row.attribution_window_days),
    attributionModel: row.attribution_model as Partner['attributionModel'],
    commissionRateBps: Number(row.commission_rate_bps),
    ...opt('priceFreshnessHours', row.price_freshness_hours === null || row.price_freshness_hours === undefined ? null : Number(row.price_freshness_hours)),
    ...opt('offlineAffiliation', row.offline_affiliation as boolean | null),
  };
}

function toCreator(row: Row): Creator {
  return {
    id: str(row.id),
    name: str(row.name),
    handle: str(row.handle),
    ...opt('avatar', row.avatar as Creator['avatar'] | null),
    verified: row.verified === true,
  };
}

function toOffer(row: Row): Offer {
  return {
    partnerId: str(row.partner_id),
    url: str(row.url),
    price: money(row.price_amount, row.price_currency),
    ...opt('listPrice', row.list_price_amount === null ? null : money(row.list_price_amount, row.list_price_currency)),
    stock: row.stock as Offer['stock'],
    ...opt('sku', row.sku as string | null),
    ...opt('priceAt', row.price_at === null || row.price_at === undefined ? null : iso(row.price_at)),
  };
}

function toRecommendation(row: Row): Recommendation {
  return {
    id: str(row.id),
    creatorId: str(row.creator_id),
    productId: str(row.product_id),
    reason: str(row.reason),
    disclosure: row.disclosure as Recommendation['disclosure'],
    createdAt: iso(row.created_at),
    ...opt('partnerId', row.partner_id as string | null | undefined),
  };
}

function toEvent(row: Row): AttributionEvent {
  return {
    id: str(row.id),
    type: row.type as AttributionEvent['type'],
    at: iso(row.at),
    recommendationId: str(row.recommendation_id),
    creatorId: str(row.creator_id),
    ...opt('partnerId', row.partner_id as string | null),
    ...opt('clickId', row.click_id as string | null),
    ...opt('sku', row.sku as string | null),
    ...opt('quantity', row.quantity === null ? null : Number(row.quantity)),
    ...opt('swappedFrom', row.swapped_from as string | null | undefined),
    ...opt('trigger', row.trigger as AttributionEvent['trigger'] | null),
  };
}

function toOrder(row: Row): Order {
  return {
    id: str(row.id),
    partnerId: str(row.partner_id),
    partnerOrderId: str(row.partner_order_id),
    clickId: row.click_id === null ? null : str(row.click_id),
    creatorId: row.creator_id === null ? null : str(row.creator_id),
    status: row.status as Order['status'],
    timeline: row.timeline as Order['timeline'],
    lines: row.lines as Order['lines'],
    total: money(row.total_amount, row.total_currency),
  };
}

function toOutboxMessage(row: Row): OutboxMessage {
  return {
    id: str(row.id),
    partnerId: str(row.partner_id),
    type: str(row.type),
    payload: str(row.payload),
    nextAttemptAt: ms(row.next_attempt_at),
    attempts: Number(row.attempts),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    deliveredAt: row.delivered_at === null ? null : ms(row.delivered_at),
    abandoned: row.abandoned === true,
  };
}

function toLedgerEntry(row: Row): LedgerEntry {
  return {
    id: str(row.id),
    kind: row.kind as LedgerEntry['kind'],
    balance: row.balance as LedgerEntry['balance'],
    creatorId: str(row.creator_id),
    amount: money(row.amount, row.currency),
    orderId: row.order_id === null ? null : str(row.order_id),
    lineIndex: row.line_index === null ? null : Number(row.line_index),
    recommendationId: row.recommendation_id === null ? null : str(row.recommendation_id),
    partnerId: row.partner_id === null ? null : str(row.partner_id),
    base: row.base_amount === null ? null : money(row.base_amount, row.base_currency),
    rateBps: row.rate_bps === null ? null : Number(row.rate_bps),
    createdAt: iso(row.created_at),
    payoutId: row.payout_id === null ? null : str(row.payout_id),
  };
}

function toPayout(row: Row): Payout {
  return {
    id: str(row.id),
    creatorId: str(row.creator_id),
    amount: money(row.amount, row.currency),
    periodStart: row.period_start === null ? null : iso(row.period_start),
    periodEnd: iso(row.period_end),
    createdAt: iso(row.created_at),
  };
}

/** The parameters $1–$11 of an order insert. */
function orderParams(order: Order): unknown[] {
  return [
    order.id,
    order.partnerId,
    order.partnerOrderId,
    order.clickId,
    order.creatorId,
    order.status,
    order.timeline[0]?.at,
    JSON.stringify(order.timeline),
    JSON.stringify(order.lines),
    order.total.amount,
    order.total.currency,
  ];
}

/** Lock keys of `pg_advisory_xact_lock` (64-bit): a hash of the order, or the payout lock. */
const ORDER_LOCK_SEED = 7742002;
const PAYOUT_LOCK = 7742003;
const PAYABLE = `balance = 'approved' and kind <> 'payout' and payout_id is null`;

/**
 * `insert … select … from jsonb_to_recordset($1)` for `rows` (objects keyed by
 * column name), updating every other column of a row whose `key` exists.
 */
async function upsert(
  db: SqlExecutor,
  table: string,
  key: string,
  columns: Record<string, string>,
  rows: readonly Row[],
  insertOnly: readonly string[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const keys = key.split(',').map((name) => name.trim());
  const updates = names.filter((name) => !keys.includes(name) && !insertOnly.includes(name)).map((name) => `${name} = excluded.${name}`);
  await db.query(
    `insert into ${table} (${names.join(', ')})
     select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as x(${names.map((name) => `${name} ${columns[name]}`).join(', ')})
     on conflict (${key}) do ${updates.length > 0 ? `update set ${updates.join(', ')}` : 'nothing'}`,
    [JSON.stringify(rows)],
  );
}

/**
 * Seeds (or updates) the catalog: partners, creators, products with their
 * offers and recommendations, upserted by id in one transaction, so running it
 * at every start is harmless. Entries missing from `catalog` are kept; each
 * product's offers are replaced by the catalog's. API keys are stored hashed.
 */
export async function loadCatalog(db: SqlClient, catalog: Catalog): Promise<void> {
  const keys = new Map(await Promise.all(catalog.creators.map(async (c) => [c.id, await hashApiKey(c.apiKey)] as const)));
  await db.transaction(async (tx) => {
    // Webhook secrets seed a NEW partner only: once stored, they are managed
    // with setPartnerSecrets (rotation), and a restart never wipes them.
    await upsert(
      tx,
      'partners',
      'id',
      {
        id: 'text',
        name: 'text',
        hosts: 'text[]',
        logo: 'text',
        checkout_url: 'text',
        attribution_window_days: 'integer',
        attribution_model: 'text',
        commission_rate_bps: 'integer',
        webhook_secrets: 'text[]',
        webhook_url: 'text',
        price_freshness_hours: 'integer',
        offline_affiliation: 'boolean',
      },
      catalog.partners.map((p) => ({
        id: p.id,
        name: p.name,
        hosts: p.hosts,
        logo: p.logo ?? null,
        checkout_url: p.checkoutUrl ?? null,
        attribution_window_days: p.attributionWindowDays,
        attribution_model: p.attributionModel,
        commission_rate_bps: p.commissionRateBps,
        webhook_secrets: [p.webhookSecret, ...(p.previousWebhookSecrets ?? [])],
        webhook_url: p.webhookUrl ?? null,
        price_freshness_hours: p.priceFreshnessHours ?? null,
        offline_affiliation: p.offlineAffiliation ?? null,
      })),
      ['webhook_secrets'],
    );
    await upsert(
      tx,
      'creators',
      'id',
      { id: 'text', name: 'text', handle: 'text', avatar: 'jsonb', verified: 'boolean', api_key_sha256: 'text' },
      catalog.creators.map((c) => ({
        id: c.id,
        name: c.name,
        handle: c.handle,
        avatar: c.avatar ?? null,
        verified: c.verified,
        api_key_sha256: keys.get(c.id),
      })),
    );
    await upsert(
      tx,
      'products',
      'id',
      { id: 'text', title: 'text', brand: 'text', description: 'text', images: 'jsonb' },
      catalog.products.map((p) => ({ id: p.id, title: p.title, brand: p.brand ?? null, description: p.description ?? null, images: p.images })),
    );
    await tx.query('delete from offers where product_id = any($1::text[])', [catalog.products.map((p) => p.id)]);
    await upsert(
      tx,
      'offers',
      'product_id, position',
      {
        product_id: 'text',
        position: 'integer',
        partner_id: 'text',
        url: 'text',
        url_key: 'text',
        price_amount: 'bigint',
        price_currency: 'text',
        list_price_amount: 'bigint',
        list_price_currency: 'text',
        stock: 'text',
        sku: 'text',
        price_at: 'timestamptz',
      },
      catalog.products.flatMap((p) =>
        p.offers.map((o, position) => ({
          product_id: p.id,
          position,
          partner_id: o.partnerId,
          url: o.url,
          url_key: urlKey(new URL(o.url)),
          price_amount: o.price.amount,
          price_currency: o.price.currency,
          list_price_amount: o.listPrice?.amount ?? null,
          list_price_currency: o.listPrice?.currency ?? null,
          stock: o.stock,
          sku: o.sku ?? null,
          price_at: o.priceAt ?? null,
        })),
      ),
    );
    await upsertRecommendations(tx, catalog.recommendations);
  });
}

function upsertRecommendations(db: SqlExecutor, recommendations: readonly Recommendation[]): Promise<void> {
  return upsert(
    db,
    'recommendations',
    'id',
    { id: 'text', creator_id: 'text', product_id: 'text', reason: 'text', disclosure: 'text', created_at: 'timestamptz', partner_id: 'text' },
    recommendations.map((r) => ({
      id: r.id,
      creator_id: r.creatorId,
      product_id: r.productId,
      reason: r.reason,
      disclosure: r.disclosure,
      created_at: r.createdAt,
      partner_id: r.partnerId ?? null,
    })),
  );
}

/**
 * Creates the SQL `PlatformStore` on `db`, first applying the pending
 * migrations (see `migrate`). Seed it with `loadCatalog`.
 */
export async function createSqlStore(db: SqlClient): Promise<PlatformStore> {
  await migrate(db);
  return storeOn(db, (fn) => db.transaction((tx) => fn(storeOn(tx, null))));
}

/**
 * The store's methods over `db` (the client, or a transaction's executor).
 * `transaction` opens a database transaction; `null` inside one, where a
 * nested `transaction` joins the running one.
 */
function storeOn(db: SqlExecutor, transaction: PlatformStore['transaction'] | null): PlatformStore {
  const select = async (sql: string, params: readonly unknown[] = []) => (await db.query<Row>(sql, params)).rows;

  async function partnersByIds(ids: readonly string[]): Promise<Map<string, Partner>> {
    const rows = ids.length === 0 ? [] : await select('select * from partners where id = any($1::text[])', [ids]);
    return new Map(rows.map((row) => [str(row.id), toPartner(row)]));
  }

  async function creatorsByIds(ids: readonly string[]): Promise<Map<string, Creator>> {
    const rows = ids.length === 0 ? [] : await select('select * from creators where id = any($1::text[])', [ids]);
    return new Map(rows.map((row) => [str(row.id), toCreator(row)]));
  }

  async function productsByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    if (ids.length === 0) return new Map();
    const [rows, offerRows] = await Promise.all([
      select('select * from products where id = any($1::text[])', [ids]),
      select('select * from offers where product_id = any($1::text[]) order by product_id, position', [ids]),
    ]);
    const offers = new Map<string, Row[]>();
    for (const row of offerRows) offers.set(str(row.product_id), [...(offers.get(str(row.product_id)) ?? []), row]);
    return new Map(
      rows.map((row): [string, Product] => [
        str(row.id),
        {
          id: str(row.id),
          title: str(row.title),
          ...opt('brand', row.brand as string | null),
          images: row.images as Product['images'],
          offers: (offers.get(str(row.id)) ?? []).map(toOffer),
          ...opt('description', row.description as string | null),
        },
      ]),
    );
  }

  /** Card payloads for `recommendations` whose product and creator exist, in the same order. */
  async function toCards(recommendations: readonly Recommendation[]): Promise<CardPayload[]> {
    const [products, creators] = await Promise.all([
      productsByIds(unique(recommendations.map((r) => r.productId))),
      creatorsByIds(unique(recommendations.map((r) => r.creatorId))),
    ]);
    const partners = await partnersByIds(unique([...products.values()].flatMap((p) => p.offers.map((o) => o.partnerId))));
    return recommendations.flatMap((recommendation) => {
      const product = products.get(recommendation.productId);
      const creator = creators.get(recommendation.creatorId);
      if (!product || !creator) return [];
      const cardPartners = unique(product.offers.map((o) => o.partnerId)).flatMap((id) => partners.get(id) ?? []);
      return [{ recommendation, product, creator, partners: cardPartners }];
    });
  }

  const store: PlatformStore = {
    transaction: transaction ?? ((fn) => fn(store)),

    async listPartners() {
      return (await select('select * from partners order by id collate "C"')).map(toPartner);
    },

    async partnerSecrets(partnerId) {
      const [row] = await select('select * from partners where id = $1', [partnerId]);
      if (!row) return null;
      return { partner: toPartner(row), secrets: row.webhook_secrets as string[], ...opt('webhookUrl', row.webhook_url as string | null) };
    },

    async enqueueWebhook(message) {
      await db.query(
        `insert into webhook_outbox (id, partner_id, type, payload, next_attempt_at) values ($1, $2, $3, $4, $5::timestamptz)
         on conflict (id) do nothing`,
        [message.id, message.partnerId, message.type, message.payload, tz(message.nextAttemptAt)],
      );
    },

    async dueWebhooks(now, limit, perPartner) {
      // Served by the partial index webhook_outbox_due.
      const rows = await select(
        `select * from (
           select *, row_number() over (partition by partner_id order by next_attempt_at, seq) as partner_rank from webhook_outbox
           where delivered_at is null and not abandoned and next_attempt_at <= $1::timestamptz
         ) due
         where $3::integer is null or partner_rank <= $3::integer
         order by next_attempt_at, seq
         limit $2`,
        [tz(now), limit, perPartner === undefined || !Number.isFinite(perPartner) ? null : perPartner],
      );
      return rows.map(toOutboxMessage);
    },

    async setPartnerSecrets(partnerId, secrets) {
      const rows = await select('update partners set webhook_secrets = $2::text[] where id = $1 returning 1', [partnerId, [...secrets]]);
      if (rows.length === 0) throw new VitrineError('not_found', `Unknown partner "${partnerId}"`);
    },

    async recordWebhookAttempt(id, { status, deliveredAt, nextAttemptAt }) {
      // One statement: concurrent attempts are all counted, and a delivered
      // message stays delivered whatever a slower attempt reports afterwards.
      await db.query(
        `update webhook_outbox set
           attempts = attempts + 1,
           last_status = case when delivered_at is null then $2 else last_status end,
           delivered_at = coalesce(delivered_at, $3::timestamptz),
           abandoned = delivered_at is null and (abandoned or ($3::timestamptz is null and $4::timestamptz is null)),
           next_attempt_at = case when delivered_at is null and $3::timestamptz is null and $4::timestamptz is not null then $4::timestamptz else next_attempt_at end
         where id = $1`,
        [id, status, tz(deliveredAt), tz(nextAttemptAt)],
      );
    },

    async webhookMessage(id) {
      const [row] = await select('select * from webhook_outbox where id = $1', [id]);
      return row ? toOutboxMessage(row) : null;
    },

    async cards(ids) {
      if (ids.length === 0) return [];
      const rows = await select('select * from recommendations where id = any($1::text[])', [unique(ids)]);
      const cards = new Map((await toCards(rows.map(toRecommendation))).map((card) => [card.recommendation.id, card]));
      // Each card is its own copy, even for an id asked twice.
      return ids.flatMap((id) => {
        const card = cards.get(id);
        return card ? [structuredClone(card)] : [];
      });
    },

    async showcase(creatorId, { cursor, limit }) {
      const creator = (await creatorsByIds([creatorId])).get(creatorId);
      if (!creator) return null;
      const after = cursor === null ? null : decodeShowcaseCursor(cursor);
      const rows = await select(
        `select *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
         from recommendations
         where creator_id = $1
           and ($2::timestamptz is null or created_at < $2::timestamptz or (created_at = $2::timestamptz and id collate "C" < $3::text))
         order by ${NEWEST_FIRST}
         limit $4`,
        [creatorId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        creator,
        cards: await toCards(page.map(toRecommendation)),
        nextCursor: rows.length > limit && last ? encodeShowcaseCursor({ createdAt: str(last.cursor_at), id: str(last.id) }) : null,
      };
    },

    async creatorByApiKey(apiKey) {
      const [row] = await select('select * from creators where api_key_sha256 = $1', [await hashApiKey(apiKey)]);
      return row ? toCreator(row) : null;
    },

    async creatorByHandle(handle) {
      const [row] = await select('select * from creators where lower(handle) = lower($1) order by id collate "C" limit 1', [handle]);
      return row ? toCreator(row) : null;
    },

    async shareToken(recommendationId, candidate) {
      // Insert-or-keep on the unique recommendation: concurrent first requests agree on one token.
      await db.query(
        `insert into share_tokens (token, recommendation_id)
         select $1, id from recommendations where id = $2
         on conflict (recommendation_id) do nothing`,
        [candidate, recommendationId],
      );
      const [row] = await select('select token from share_tokens where recommendation_id = $1', [recommendationId]);
      return row ? str(row.token) : null;
    },

    async recommendationByShareToken(token) {
      const [row] = await select('select recommendation_id from share_tokens where token = $1', [token]);
      return row ? str(row.recommendation_id) : null;
    },

    async productByOfferUrl(url) {
      const [row] = await select('select product_id, position from offers where url_key = $1 order by product_id collate "C", position limit 1', [
        urlKey(url),
      ]);
      if (!row) return null;
      const product = (await productsByIds([str(row.product_id)])).get(str(row.product_id));
      const offer = product?.offers[Number(row.position)];
      return product && offer ? { product, offer: structuredClone(offer) } : null;
    },

    async createRecommendation(recommendation) {
      await upsertRecommendations(db, [recommendation]);
    },

    async creatorRecommendationsOf(creatorId, productId) {
      const rows = await select(`select * from recommendations where creator_id = $1 and product_id = $2 order by ${NEWEST_FIRST}`, [creatorId, productId]);
      return rows.map(toRecommendation);
    },

    async claimIdempotencyKey(scope, key, fingerprint) {
      for (;;) {
        const claimed = await select(
          'insert into idempotency_keys (scope, key, fingerprint) values ($1, $2, $3) on conflict do nothing returning 1',
          [scope, key, fingerprint],
        );
        if (claimed.length > 0) return null;
        const [row] = await select('select * from idempotency_keys where scope = $1 and key = $2', [scope, key]);
        // Released between the two statements: claim again.
        if (!row) continue;
        const record: IdempotencyRecord = {
          fingerprint: str(row.fingerprint),
          response: row.response_status === null ? null : { status: Number(row.response_status), body: row.response_body },
        };
        return record;
      }
    },

    async completeIdempotencyKey(scope, key, response) {
      await db.query('update idempotency_keys set response_status = $3, response_body = $4::jsonb where scope = $1 and key = $2', [
        scope,
        key,
        response.status,
        JSON.stringify(response.body ?? null),
      ]);
    },

    async releaseIdempotencyKey(scope, key) {
      await db.query('delete from idempotency_keys where scope = $1 and key = $2', [scope, key]);
    },

    async insertEvents(batch) {
      if (batch.length === 0) return { accepted: 0, duplicates: 0 };
      // One statement: new events are inserted, new clicks become touches, duplicates are skipped.
      const [row] = await select(
        `with batch as (
           select x.*, n from jsonb_array_elements($1::jsonb) with ordinality as a(e, n), jsonb_to_record(e) as x(
             id text, type text, at timestamptz, "recommendationId" text, "creatorId" text,
             "partnerId" text, "clickId" text, sku text, quantity integer, "swappedFrom" text, trigger text)
         ), inserted as (
           insert into events (id, type, at, recommendation_id, creator_id, partner_id, click_id, sku, quantity, swapped_from, trigger)
           select id, type, at, "recommendationId", "creatorId", "partnerId", "clickId", sku, quantity, "swappedFrom", trigger from batch order by n
           -- Both keys: the event id, and a click id bound by an earlier click event.
           on conflict do nothing
           returning type, at, recommendation_id, creator_id, partner_id, click_id
         ), touched as (
           insert into touches (click_id, partner_id, creator_id, recommendation_id, at)
           select click_id, partner_id, creator_id, recommendation_id, at from inserted
           where type = 'click' and click_id is not null and partner_id is not null
           on conflict (click_id) do nothing
         )
         select count(*)::integer as accepted from inserted`,
        [JSON.stringify(batch)],
      );
      const accepted = Number(row?.accepted ?? 0);
      return { accepted, duplicates: batch.length - accepted };
    },

    async touchesByClickIds(clickIds): Promise<Touch[]> {
      if (clickIds.length === 0) return [];
      const rows = await select('select * from touches where click_id = any($1::text[])', [unique(clickIds)]);
      return rows.map((row) => ({
        clickId: str(row.click_id),
        partnerId: str(row.partner_id),
        creatorId: str(row.creator_id),
        recommendationId: str(row.recommendation_id),
        at: iso(row.at),
      }));
    },

    async checkoutEvents(clickId) {
      return (await select(`select * from events where type = 'checkout' and click_id = $1 order by seq`, [clickId])).map(toEvent);
    },

    async lockOrder(partnerId, partnerOrderId) {
      await db.query('select pg_advisory_xact_lock(hashtextextended($1, $2))', [`${partnerId}\n${partnerOrderId}`, ORDER_LOCK_SEED]);
    },

    async createOrder(order) {
      const rows = await select(
        `insert into orders (id, partner_id, partner_order_id, click_id, creator_id, status, placed_at, timeline, lines, total_amount, total_currency)
         values ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::jsonb, $9::jsonb, $10, $11)
         on conflict (partner_id, partner_order_id) do nothing
         returning 1`,
        orderParams(order),
      );
      return rows.length > 0;
    },

    async orderByPartnerOrderId(partnerId, partnerOrderId) {
      const [row] = await select('select * from orders where partner_id = $1 and partner_order_id = $2', [partnerId, partnerOrderId]);
      return row ? toOrder(row) : null;
    },

    async saveOrder(order) {
      await db.query(
        `insert into orders (id, partner_id, partner_order_id, click_id, creator_id, status, placed_at, timeline, lines, total_amount, total_currency)
         values ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::jsonb, $9::jsonb, $10, $11)
         on conflict (id) do update set
           partner_id = excluded.partner_id, partner_order_id = excluded.partner_order_id, click_id = excluded.click_id,
           creator_id = excluded.creator_id, status = excluded.status, placed_at = excluded.placed_at,
           timeline = excluded.timeline, lines = excluded.lines, total_amount = excluded.total_amount,
           total_currency = excluded.total_currency, updated_at = now()`,
        orderParams(order),
      );
    },

    async ordersByClickIds(clickIds) {
      if (clickIds.length === 0) return [];
      const rows = await select('select * from orders where click_id = any($1::text[]) order by placed_at desc, id collate "C"', [unique(clickIds)]);
      return rows.map(toOrder);
    },

    async claimConversion(receipt) {
      const rows = await select(
        `insert into conversion_receipts (partner_id, webhook_id, partner_order_id, status) values ($1, $2, $3, $4)
         on conflict (partner_id, webhook_id) do nothing returning 1`,
        [receipt.partnerId, receipt.webhookId, receipt.partnerOrderId, receipt.status],
      );
      return rows.length > 0;
    },

    async ledgerForOrder(orderId) {
      return (await select('select * from ledger_entries where order_id = $1 order by seq', [orderId])).map(toLedgerEntry);
    },

    async appendLedger(entries) {
      if (entries.length === 0) return;
      await db.query(
        `insert into ledger_entries (id, kind, balance, creator_id, amount, currency, order_id, line_index,
           recommendation_id, partner_id, base_amount, base_currency, rate_bps, created_at, payout_id)
         select id, kind, balance, "creatorId", (amount->>'amount')::bigint, amount->>'currency', "orderId", "lineIndex",
           "recommendationId", "partnerId", (base->>'amount')::bigint, base->>'currency', "rateBps", "createdAt", "payoutId"
         from jsonb_array_elements($1::jsonb) with ordinality as a(e, n), jsonb_to_record(e) as x(
           id text, kind text, balance text, "creatorId" text, amount jsonb, "orderId" text, "lineIndex" integer,
           "recommendationId" text, "partnerId" text, base jsonb, "rateBps" integer, "createdAt" timestamptz, "payoutId" text)
         order by n`,
        [JSON.stringify(entries)],
      );
    },

    async lockPayouts() {
      await db.query('select pg_advisory_xact_lock($1)', [PAYOUT_LOCK]);
    },

    async payableEntries(periodEnd, creatorId) {
      const rows = await select(
        `select * from ledger_entries
         where ${PAYABLE} and created_at < $1::timestamptz and ($2::text is null or creator_id = $2::text)
         order by creator_id collate "C", currency, seq`,
        [periodEnd, creatorId ?? null],
      );
      return rows.map(toLedgerEntry);
    },

    async latestPayout(creatorId, currency) {
      const [row] = await select('select * from payouts where creator_id = $1 and currency = $2 order by seq desc limit 1', [creatorId, currency]);
      return row ? toPayout(row) : null;
    },

    async recordPayout(payout, entryIds) {
      const { creatorId, amount } = payout;
      await db.query(
        `insert into payouts (id, creator_id, amount, currency, period_start, period_end, created_at)
         values ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7::timestamptz)`,
        [payout.id, creatorId, amount.amount, amount.currency, payout.periodStart, payout.periodEnd, payout.createdAt],
      );
      const settled = await select(
        `update ledger_entries set payout_id = $1
         where id = any($2::text[]) and ${PAYABLE} and creator_id = $3 and currency = $4
         returning id`,
        [payout.id, [...new Set(entryIds)], creatorId, amount.currency],
      );
      if (settled.length !== entryIds.length) {
        throw new VitrineError('invalid_input', 'Every entry of a payout must be an unpaid approved entry of its creator and currency');
      }
      await db.query(
        `insert into ledger_entries (id, kind, balance, creator_id, amount, currency, created_at, payout_id)
         values ($1, 'payout', 'approved', $2, $3, $4, $5::timestamptz, $1)`,
        [payout.id, creatorId, -amount.amount, amount.currency, payout.createdAt],
      );
    },

    async payoutStatement(payoutId) {
      const [row] = await select('select * from payouts where id = $1', [payoutId]);
      if (!row) return null;
      const entries = await select(`select * from ledger_entries where payout_id = $1 and kind <> 'payout' order by seq`, [payoutId]);
      return { payout: toPayout(row), entries: entries.map(toLedgerEntry) };
    },

    async payoutsOf(creatorId) {
      return (await select('select * from payouts where creator_id = $1 order by seq desc', [creatorId])).map(toPayout);
    },

    async creatorStats(creatorId) {
      // Facts scoped to the creator's recommendations; aggregateCreatorStats applies the rules.
      const mine = 'select id from recommendations where creator_id = $1';
      const [recommendations, events, lines, ledger] = await Promise.all([
        select(
          `select r.id, coalesce(p.title, r.product_id) as title from recommendations r left join products p on p.id = r.product_id
           where r.creator_id = $1 order by r.created_at desc, r.id collate "C" desc`,
          [creatorId],
        ),
        select(`select recommendation_id, type, count(*)::integer as count from events where recommendation_id in (${mine}) group by recommendation_id, type`, [
          creatorId,
        ]),
        select(
          `select o.id as order_id, o.status, l->>'recommendationId' as recommendation_id, l->'amount' as amount, l->'refunded' as refunded
           from orders o cross join lateral jsonb_array_elements(o.lines) as l
           where l->>'recommendationId' in (${mine})`,
          [creatorId],
        ),
        // Served by ledger_creator; issue 12 moves these sums to rollups.
        select(
          `select recommendation_id, balance, kind, payout_id is not null as settled, currency, sum(amount) as amount from ledger_entries
           where creator_id = $1 and kind <> 'payout' group by recommendation_id, balance, kind, payout_id is not null, currency`,
          [creatorId],
        ),
      ]);
      const toMoney = (value: unknown): Money => {
        const { amount, currency } = value as { amount: number; currency: string };
        return money(amount, currency);
      };
      return aggregateCreatorStats(creatorId, {
        recommendations: recommendations.map((row) => ({ id: str(row.id), title: str(row.title) })),
        events: events.map((row) => ({ recommendationId: str(row.recommendation_id), type: row.type as AttributionEvent['type'], count: Number(row.count) })),
        orderLines: lines.map((row) => ({
          recommendationId: str(row.recommendation_id),
          orderId: str(row.order_id),
          orderStatus: row.status as Order['status'],
          amount: toMoney(row.amount),
          ...opt('refunded', row.refunded === null ? null : toMoney(row.refunded)),
        })),
        ledger: ledger.map((row) => ({
          recommendationId: row.recommendation_id === null ? null : str(row.recommendation_id),
          creatorId,
          balance: row.balance as LedgerEntry['balance'],
          kind: row.kind as LedgerEntry['kind'],
          settled: row.settled === true,
          amount: money(row.amount, row.currency),
        })),
      });
    },
  };
  return store;
}
