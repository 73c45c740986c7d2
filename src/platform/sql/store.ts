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
import type { AttributionEvent, FilterReason, Touch } from '../../model/attribution.js';
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
import { bucketStart } from '../store/buckets.js';
import { ALL_TIME, buildStatsReport, ledgerContribution, orderDelta, type SalesRow } from '../store/stats.js';
import type { EventOutcome, IdempotencyRecord, IngestEvent, OutboxMessage, PlatformStore } from '../store/store.js';
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
    ...opt('page', row.page === '' ? null : (row.page as string | null)),
    ...opt('placement', row.placement === '' ? null : (row.placement as string | null)),
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

/** What one SQL store shares between its root and its transactions. */
interface Shared {
  /** The client (for LISTEN and the change channel). */
  client: SqlClient;
  /** Days whose event partition exists (filled outside transactions only: a rolled-back creation must not count). */
  partitions: Set<string>;
  /** The NOTIFY channel of this schema (a plain identifier, as PGlite's `listen` wants): processes on other schemas of the same database are not woken. */
  channel: string;
}

/**
 * Creates the SQL `PlatformStore` on `db`, first applying the pending
 * migrations (see `migrate`). Seed it with `loadCatalog`.
 */
export async function createSqlStore(db: SqlClient): Promise<PlatformStore> {
  await migrate(db);
  const [row] = (await db.query<{ schema: string }>('select current_schema() as schema')).rows;
  const shared: Shared = { client: db, partitions: new Set(), channel: `vitrine_changes_${(row?.schema ?? 'public').toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63) };
  return storeOn(db, shared, (fn) => db.transaction((tx) => fn(storeOn(tx, shared, null))));
}

/** Serialises the recording of changes until commit, so that feed positions are assigned in commit order. */
const CHANGE_LOCK = 7742005;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/**
 * The UTC day of a time: read off a UTC ISO time (`YYYY-MM-DDT…Z`, what clients
 * send) when its day is at most 28 (a later one may not exist in that month:
 * `Date.parse` rolls it over), else parsed.
 */
const utcDay = (at: string) =>
  at[10] === 'T' && at.endsWith('Z') && /^\d{4}-\d\d-(0\d|1\d|2[0-8])$/.test(at.slice(0, 10)) ? at.slice(0, 10) : new Date(at).toISOString().slice(0, 10);

function storeOn(db: SqlExecutor, shared: Shared, transaction: PlatformStore['transaction'] | null): PlatformStore {
  const select = async (sql: string, params: readonly unknown[] = []) => (await db.query<Row>(sql, params)).rows;

  /** Creates the event partitions of these days if missing. */
  async function ensurePartitions(days: readonly string[]): Promise<void> {
    const missing = unique(days).filter((day) => !shared.partitions.has(day));
    if (missing.length === 0) return;
    await db.query('select vitrine_event_partitions($1::date[])', [missing]);
    if (transaction !== null) for (const day of missing) shared.partitions.add(day);
  }

  /** The checkouts and the traffic and filtered rollups of stored events (`outcomes` of `insertEvents`), in one statement. */
  async function addRollups(batch: readonly IngestEvent[], outcomes: readonly EventOutcome[], filtered: ReadonlyArray<FilterReason | null>): Promise<void> {
    const minutes = new Map<string, { creatorId: string; at: number; recommendationId: string; impressions: number; clicks: number }>();
    const hours = new Map<string, { creatorId: string; at: number; recommendationId: string; page: string; placement: string; impressions: number; clicks: number }>();
    const kept = new Map<string, { creatorId: string; at: number; reason: string; events: number }>();
    const checkouts: IngestEvent[] = [];
    batch.forEach((event, n) => {
      const outcome = outcomes[n];
      if (outcome === 'duplicate') return;
      const at = Date.parse(event.at);
      const hour = at - (((at % HOUR_MS) + HOUR_MS) % HOUR_MS);
      if (outcome === 'filtered') {
        const key = `${event.creatorId}\n${hour}\n${filtered[n]}`;
        const row = kept.get(key) ?? kept.set(key, { creatorId: event.creatorId, at: hour, reason: filtered[n]!, events: 0 }).get(key)!;
        row.events += 1;
        return;
      }
      if (event.type === 'checkout' && event.clickId !== undefined) checkouts.push(event);
      if (event.type !== 'impression' && event.type !== 'click') return;
      const impression = event.type === 'impression' ? 1 : 0;
      const minute = at - (((at % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
      const minuteKey = `${event.creatorId}\n${minute}\n${event.recommendationId}`;
      const m = minutes.get(minuteKey) ?? minutes.set(minuteKey, { creatorId: event.creatorId, at: minute, recommendationId: event.recommendationId, impressions: 0, clicks: 0 }).get(minuteKey)!;
      m.impressions += impression;
      m.clicks += 1 - impression;
      const page = event.page ?? '';
      const placement = event.placement ?? '';
      const hourKey = `${event.creatorId}\n${hour}\n${event.recommendationId}\n${page}\n${placement}`;
      const h = hours.get(hourKey) ?? hours.set(hourKey, { creatorId: event.creatorId, at: hour, recommendationId: event.recommendationId, page, placement, impressions: 0, clicks: 0 }).get(hourKey)!;
      h.impressions += impression;
      h.clicks += 1 - impression;
    });
    if (minutes.size + hours.size + kept.size + checkouts.length === 0) return;
    // Rows in key order, so that concurrent writers lock rollup rows in the same order.
    const sorted = <T>(rows: Map<string, T>) => [...rows.keys()].sort().map((key) => rows.get(key)!);
    const m = sorted(minutes);
    const h = sorted(hours);
    const f = sorted(kept);
    const iso = (at: number) => new Date(at).toISOString();
    await db.query(
      `with checkout as (
         insert into checkouts (id, click_id, at, recommendation_id, creator_id, partner_id, sku, quantity, page, placement, trigger)
         select id, click_id, at, recommendation_id, creator_id, partner_id, sku, quantity, page, placement, trigger
         from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::text[], $11::text[])
           with ordinality as u(id, click_id, at, recommendation_id, creator_id, partner_id, sku, quantity, page, placement, trigger, n)
         order by n
       ), minutes as (
         insert into traffic_minute as t (creator_id, minute, recommendation_id, impressions, clicks)
         select * from unnest($12::text[], $13::timestamptz[], $14::text[], $15::bigint[], $16::bigint[])
         on conflict (creator_id, minute, recommendation_id) do update set impressions = t.impressions + excluded.impressions, clicks = t.clicks + excluded.clicks
       ), hours as (
         insert into traffic_hour as t (creator_id, hour, recommendation_id, page, placement, impressions, clicks)
         select * from unnest($17::text[], $18::timestamptz[], $19::text[], $20::text[], $21::text[], $22::bigint[], $23::bigint[])
         on conflict (creator_id, hour, recommendation_id, page, placement) do update set impressions = t.impressions + excluded.impressions, clicks = t.clicks + excluded.clicks
       )
       insert into filtered_hour as f (creator_id, hour, reason, events)
       select * from unnest($24::text[], $25::timestamptz[], $26::text[], $27::bigint[])
       on conflict (creator_id, hour, reason) do update set events = f.events + excluded.events`,
      [
        checkouts.map((e) => e.id),
        checkouts.map((e) => e.clickId),
        checkouts.map((e) => e.at),
        checkouts.map((e) => e.recommendationId),
        checkouts.map((e) => e.creatorId),
        checkouts.map((e) => e.partnerId ?? null),
        checkouts.map((e) => e.sku ?? null),
        checkouts.map((e) => e.quantity ?? null),
        checkouts.map((e) => e.page ?? ''),
        checkouts.map((e) => e.placement ?? ''),
        checkouts.map((e) => e.trigger ?? null),
        m.map((r) => r.creatorId),
        m.map((r) => iso(r.at)),
        m.map((r) => r.recommendationId),
        m.map((r) => r.impressions),
        m.map((r) => r.clicks),
        h.map((r) => r.creatorId),
        h.map((r) => iso(r.at)),
        h.map((r) => r.recommendationId),
        h.map((r) => r.page),
        h.map((r) => r.placement),
        h.map((r) => r.impressions),
        h.map((r) => r.clicks),
        f.map((r) => r.creatorId),
        f.map((r) => iso(r.at)),
        f.map((r) => r.reason),
        f.map((r) => r.events),
      ],
    );
  }

  /** Adds sales deltas to the rollups (a row per creator, hour, recommendation, place and currency). */
  async function bumpSales(rows: ReadonlyArray<Partial<SalesRow> & { creatorId: string | null; recommendationId: string; at: string; currency: string; page: string; placement: string }>): Promise<void> {
    if (rows.length === 0) return;
    const column = (name: keyof SalesRow) => rows.map((row) => (row[name] as number | undefined) ?? 0);
    // Ordered by key, so that concurrent writers lock rollup rows in the same order.
    await db.query(
      `insert into sales_hour as s (creator_id, hour, recommendation_id, page, placement, currency, orders, gmv, pending, approved, paid, reversed)
       select coalesce(u.creator_id, r.creator_id), date_trunc('hour', u.at, 'UTC'), u.rec, u.page, u.placement, u.currency,
         sum(u.orders), sum(u.gmv), sum(u.pending), sum(u.approved), sum(u.paid), sum(u.reversed)
       from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
         as u(creator_id, rec, at, page, placement, currency, orders, gmv, pending, approved, paid, reversed)
       left join recommendations r on r.id = u.rec
       where coalesce(u.creator_id, r.creator_id) is not null
       group by 1, 2, 3, 4, 5, 6
       order by 1, 2, 3, 4, 5, 6
       on conflict (creator_id, hour, recommendation_id, page, placement, currency) do update set
         orders = s.orders + excluded.orders, gmv = s.gmv + excluded.gmv, pending = s.pending + excluded.pending,
         approved = s.approved + excluded.approved, paid = s.paid + excluded.paid, reversed = s.reversed + excluded.reversed`,
      [
        rows.map((row) => row.creatorId),
        rows.map((row) => row.recommendationId),
        rows.map((row) => row.at),
        rows.map((row) => row.page),
        rows.map((row) => row.placement),
        rows.map((row) => row.currency),
        column('orders'),
        column('gmv'),
        column('pending'),
        column('approved'),
        column('paid'),
        column('reversed'),
      ],
    );
  }

  /** The page and placement of the click an order came from (`''` when unknown). */
  async function placeOfClick(clickId: string | null): Promise<{ page: string; placement: string }> {
    if (clickId === null) return { page: '', placement: '' };
    const [row] = await select('select page, placement from touches where click_id = $1', [clickId]);
    return row ? { page: str(row.page), placement: str(row.placement) } : { page: '', placement: '' };
  }

  /** Rolls up an order change (`previous` as stored before, `null` for a new one). */
  async function countOrder(previous: Order | null, order: Order): Promise<void> {
    const delta = orderDelta(previous, order);
    if (delta.length === 0) return;
    const place = await placeOfClick(order.clickId);
    const at = order.timeline[0]?.at ?? new Date(0).toISOString();
    await bumpSales(delta.map((d) => ({ creatorId: null, recommendationId: d.recommendationId, at, currency: order.total.currency, ...place, orders: d.orders, gmv: d.gmv })));
  }

  /** Rolls up booked ledger entries (or, with `paid`, their settlement by a payout). */
  async function countLedger(entries: readonly LedgerEntry[], paid = false): Promise<void> {
    const counted = entries.filter((entry) => ledgerContribution(entry) !== null);
    if (counted.length === 0) return;
    const clicks = await select('select id, click_id from orders where id = any($1::text[])', [unique(counted.flatMap((entry) => entry.orderId ?? []))]);
    const places = new Map<string, { page: string; placement: string }>();
    for (const row of clicks) places.set(str(row.id), await placeOfClick(row.click_id === null ? null : str(row.click_id)));
    await bumpSales(
      counted.map((entry) => ({
        creatorId: entry.creatorId,
        recommendationId: entry.recommendationId!,
        at: entry.createdAt,
        currency: entry.amount.currency,
        ...(places.get(entry.orderId ?? '') ?? { page: '', placement: '' }),
        ...(paid ? { paid: entry.amount.amount } : ledgerContribution(entry)!),
      })),
    );
  }

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

    async claimWebhooks(now, { limit, perPartner, leaseMs, skipPartners = [] }) {
      // Ranked on the statement's snapshot, then locked one by one in due order
      // until `limit` are held: rows another dispatcher is claiming right now
      // are skipped (SKIP LOCKED), and a row claimed since the snapshot fails
      // the re-check of the conditions on the locked row.
      const rows = await select(
        `with ranked as (
           select id, row_number() over (partition by partner_id order by next_attempt_at, seq) as partner_rank from webhook_outbox
           where delivered_at is null and not abandoned and next_attempt_at <= $1::timestamptz
             and (claimed_until is null or claimed_until <= $1::timestamptz)
             and not (partner_id = any($5::text[]))
         ), picked as (
           select w.id from webhook_outbox w join ranked r on r.id = w.id
           where ($3::integer is null or r.partner_rank <= $3::integer)
             and w.delivered_at is null and not w.abandoned and w.next_attempt_at <= $1::timestamptz
             and (w.claimed_until is null or w.claimed_until <= $1::timestamptz)
           order by w.next_attempt_at, w.seq
           limit $2
           for update of w skip locked
         )
         update webhook_outbox w set claimed_until = $4::timestamptz from picked where w.id = picked.id
         returning w.*`,
        [tz(now), limit, perPartner === undefined || !Number.isFinite(perPartner) ? null : perPartner, tz(now + leaseMs), [...skipPartners]],
      );
      // UPDATE … RETURNING has no order: due first, then enqueue order.
      return rows
        .slice()
        .sort((a, b) => ms(a.next_attempt_at) - ms(b.next_attempt_at) || Number(a.seq) - Number(b.seq))
        .map(toOutboxMessage);
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
           claimed_until = null,
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

    async platformSecret(name, candidate) {
      // Insert-or-keep, then read in a new statement: a process that lost the race reads the winner's value.
      await db.query('insert into platform_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [name, candidate]);
      const [row] = await select('select value from platform_secrets where name = $1', [name]);
      return str(row!.value);
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
      const outcomes: EventOutcome[] = [];
      if (batch.length === 0) return { accepted: 0, duplicates: 0, filtered: 0, outcomes };
      const filtered = batch.map((event) => event.filtered ?? null);
      const clicks = batch.flatMap((event, n) => (event.type === 'click' && event.clickId !== undefined && filtered[n] === null ? [{ event, n }] : []));
      // Bindings and events must commit together: outside a transaction, one is opened.
      if (clicks.length > 0 && transaction !== null) return transaction((tx) => tx.insertEvents(batch));
      // 1. Click bindings: the first click of a click id binds it; a visitor's first click of a recommendation in the hour counts.
      if (clicks.length > 0) {
        const rows = await select(
          `with c as (
             select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
               with ordinality as u(click_id, partner_id, creator_id, recommendation_id, at, page, placement, visitor, n)
           ), bound as (
             insert into touches (click_id, partner_id, creator_id, recommendation_id, at, page, placement)
             select distinct on (click_id) click_id, partner_id, creator_id, recommendation_id, at, page, placement from c order by click_id, n
             on conflict (click_id) do nothing
             returning click_id
           ), visits as (
             insert into visitor_clicks (visitor, recommendation_id, hour)
             select distinct visitor, recommendation_id, date_trunc('hour', at, 'UTC') from c
             where visitor is not null and click_id in (select click_id from bound)
             on conflict do nothing
             returning visitor, recommendation_id, hour
           )
           select 'bound' as kind, click_id as a, null as b, null::timestamptz as hour from bound
           union all select 'visit', visitor, recommendation_id, hour from visits`,
          [
            clicks.map(({ event }) => event.clickId),
            clicks.map(({ event }) => event.partnerId ?? null),
            clicks.map(({ event }) => event.creatorId),
            clicks.map(({ event }) => event.recommendationId),
            clicks.map(({ event }) => event.at),
            clicks.map(({ event }) => event.page ?? ''),
            clicks.map(({ event }) => event.placement ?? ''),
            clicks.map(({ event }) => event.visitor ?? null),
          ],
        );
        const bound = new Set(rows.filter((row) => row.kind === 'bound').map((row) => str(row.a)));
        const visits = new Set(rows.filter((row) => row.kind === 'visit').map((row) => `${str(row.a)}\n${str(row.b)}\n${ms(row.hour)}`));
        for (const { event, n } of clicks) {
          // The first click of the batch with a newly bound id binds it; any other is a rebinding.
          if (!bound.delete(event.clickId!)) {
            filtered[n] = 'click_rebound';
            continue;
          }
          if (event.visitor === undefined) continue;
          const visit = `${event.visitor}\n${event.recommendationId}\n${bucketStart(Date.parse(event.at), 'hour', 'UTC')}`;
          if (!visits.delete(visit)) filtered[n] = 'repeat_click';
        }
      }
      // 2. The events: a later event of the batch with the key of an earlier one is a duplicate, never sent.
      const days = batch.map((event) => utcDay(event.at));
      const first = new Map<string, number>();
      batch.forEach((event, n) => {
        const key = `${days[n]}\n${event.id}`;
        if (!first.has(key)) first.set(key, n);
      });
      const sent = [...first.values()];
      await ensurePartitions(days);
      // A column no event of the batch has is sent as an empty array: unnest pads it with nulls.
      const column = <T>(value: (event: IngestEvent, n: number) => T | null): Array<T | null> => {
        const values = sent.map((n) => value(batch[n]!, n));
        return values.some((v) => v !== null) ? values : [];
      };
      const inserted = await select(
        `insert into events (day, id, type, at, recommendation_id, creator_id, partner_id, click_id, sku, quantity, page, placement, filtered, swapped_from, trigger)
         select day, id, type, at, recommendation_id, creator_id, partner_id, click_id, sku, quantity, coalesce(page, ''), coalesce(placement, ''), filtered, swapped_from, trigger
         from unnest($1::date[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
           as u(day, id, type, at, recommendation_id, creator_id, partner_id, click_id, sku, quantity, page, placement, filtered, swapped_from, trigger)
         on conflict (day, id) do nothing
         returning day::text as day, id`,
        [
          sent.map((n) => days[n]),
          sent.map((n) => batch[n]!.id),
          sent.map((n) => batch[n]!.type),
          sent.map((n) => batch[n]!.at),
          sent.map((n) => batch[n]!.recommendationId),
          sent.map((n) => batch[n]!.creatorId),
          column((event) => event.partnerId ?? null),
          column((event) => event.clickId ?? null),
          column((event) => event.sku ?? null),
          column((event) => event.quantity ?? null),
          column((event) => event.page || null),
          column((event) => event.placement || null),
          column((_, n) => filtered[n] ?? null),
          column((event) => event.swappedFrom ?? null),
          column((event) => event.trigger ?? null),
        ],
      );
      const stored = new Set(inserted.map((row) => `${str(row.day)}\n${str(row.id)}`));
      const counts = { accepted: 0, duplicates: 0, filtered: 0 };
      batch.forEach((event, n) => {
        // The first event of the batch with a stored key is the one stored; later ones are duplicates.
        const outcome: EventOutcome = !stored.delete(`${days[n]}\n${event.id}`) ? 'duplicate' : filtered[n] === null ? 'accepted' : 'filtered';
        counts[outcome === 'duplicate' ? 'duplicates' : outcome] += 1;
        outcomes.push(outcome);
      });
      // 3. Checkouts and rollups of the stored events, summed here: each rollup row is upserted once.
      await addRollups(batch, outcomes, filtered);
      return { ...counts, outcomes };
    },

    async touchesByClickIds(clickIds): Promise<Touch[]> {
      if (clickIds.length === 0) return [];
      const rows = await select('select * from touches where click_id = any($1::text[]) and partner_id is not null', [unique(clickIds)]);
      return rows.map((row) => ({
        clickId: str(row.click_id),
        partnerId: str(row.partner_id),
        creatorId: str(row.creator_id),
        recommendationId: str(row.recommendation_id),
        at: iso(row.at),
      }));
    },

    async checkoutEvents(clickId) {
      const rows = await select(`select *, 'checkout' as type from checkouts where click_id = $1 order by seq`, [clickId]);
      return rows.map(toEvent);
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
      if (rows.length > 0) await countOrder(null, order);
      return rows.length > 0;
    },

    async orderByPartnerOrderId(partnerId, partnerOrderId) {
      const [row] = await select('select * from orders where partner_id = $1 and partner_order_id = $2', [partnerId, partnerOrderId]);
      return row ? toOrder(row) : null;
    },

    async saveOrder(order) {
      const [before] = await select('select * from orders where id = $1', [order.id]);
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
      await countOrder(before ? toOrder(before) : null, order);
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
      await countLedger(entries);
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
         returning *`,
        [payout.id, [...new Set(entryIds)], creatorId, amount.currency],
      );
      if (settled.length !== entryIds.length) {
        throw new VitrineError('invalid_input', 'Every entry of a payout must be an unpaid approved entry of its creator and currency');
      }
      await countLedger(settled.map(toLedgerEntry), true);
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
      return (await store.statsReport(creatorId, ALL_TIME)).recommendations;
    },

    async statsReport(creatorId, query) {
      // Rows of the range, grouped by the report's buckets in SQL; buildStatsReport applies the rules.
      const minute = query.bucket === 'minute';
      const cut = query.bucket === 'day' ? `date_trunc('day', %s, $4::text)` : query.bucket === null ? `'epoch'::timestamptz` : `date_trunc('${query.bucket}', %s, 'UTC')`;
      const bucket = (column: string) => cut.replace('%s', column);
      const from = (unit: 'minute' | 'hour') => (query.from === null ? null : new Date(bucketStart(query.from, unit, 'UTC')).toISOString());
      const to = query.to === null ? null : new Date(query.to).toISOString();
      const range = (column: string, position: number) => `($${position}::timestamptz is null or ${column} >= $${position}::timestamptz) and ($3::timestamptz is null or ${column} < $3::timestamptz)`;
      const [recommendations, traffic, sales, filtered] = await Promise.all([
        select(
          `select r.id, coalesce(p.title, r.product_id) as title from recommendations r left join products p on p.id = r.product_id
           where r.creator_id = $1 order by r.created_at desc, r.id collate "C" desc`,
          [creatorId],
        ),
        minute
          ? select(
              `select ${bucket('minute')} as bucket, recommendation_id, '' as page, '' as placement, sum(impressions) as impressions, sum(clicks) as clicks
               from traffic_minute where creator_id = $1 and ${range('minute', 2)} and $4::text is not null group by 1, 2`,
              [creatorId, from('minute'), to, query.timeZone],
            )
          : select(
              `select ${bucket('hour')} as bucket, recommendation_id, page, placement, sum(impressions) as impressions, sum(clicks) as clicks
               from traffic_hour where creator_id = $1 and ${range('hour', 2)} and $4::text is not null group by 1, 2, 3, 4`,
              [creatorId, from('hour'), to, query.timeZone],
            ),
        select(
          `select ${bucket('hour')} as bucket, recommendation_id, page, placement, currency, sum(orders) as orders, sum(gmv) as gmv,
             sum(pending) as pending, sum(approved) as approved, sum(paid) as paid, sum(reversed) as reversed
           from sales_hour where creator_id = $1 and ${range('hour', 2)} and $4::text is not null group by 1, 2, 3, 4, 5`,
          [creatorId, from('hour'), to, query.timeZone],
        ),
        select(
          `select ${bucket('hour')} as bucket, reason, sum(events) as count from filtered_hour
           where creator_id = $1 and ${range('hour', 2)} and $4::text is not null group by 1, 2`,
          [creatorId, from('hour'), to, query.timeZone],
        ),
      ]);
      const n = (value: unknown) => Number(value);
      return buildStatsReport(query, {
        recommendations: recommendations.map((row) => ({ id: str(row.id), title: str(row.title) })),
        traffic: traffic.map((row) => ({ recommendationId: str(row.recommendation_id), bucket: ms(row.bucket), page: str(row.page), placement: str(row.placement), impressions: n(row.impressions), clicks: n(row.clicks) })),
        sales: sales.map((row) => ({
          recommendationId: str(row.recommendation_id),
          bucket: ms(row.bucket),
          page: str(row.page),
          placement: str(row.placement),
          currency: str(row.currency),
          orders: n(row.orders),
          gmv: n(row.gmv),
          pending: n(row.pending),
          approved: n(row.approved),
          paid: n(row.paid),
          reversed: n(row.reversed),
        })),
        filtered: filtered.map((row) => ({ bucket: ms(row.bucket), reason: row.reason as FilterReason, count: n(row.count) })),
      });
    },

    async recordChanges(changes) {
      if (changes.length === 0) return;
      // Positions are taken in commit order (the lock is held until this transaction ends), then NOTIFY on commit.
      await db.query('select pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      await db.query(
        `with added as (insert into change_feed (topic, key) select * from unnest($1::text[], $2::text[]) returning seq)
         select pg_notify($3, max(seq)::text) from added`,
        [changes.map((change) => change.topic), changes.map((change) => change.key), shared.channel],
      );
    },

    async changesSince(after, limit) {
      const rows = await select(
        `select seq, topic, key, (select coalesce(max(seq), 0) from change_feed) as head, (select pruned_through from change_feed_state) as pruned
         from change_feed where seq > $1 order by seq limit $2`,
        [after, limit],
      );
      if (rows.length === 0) {
        const [state] = await select('select (select coalesce(max(seq), 0) from change_feed) as head, (select pruned_through from change_feed_state) as pruned');
        return { head: Math.max(Number(state?.head ?? 0), Number(state?.pruned ?? 0)), complete: after >= Number(state?.pruned ?? 0), changes: [] };
      }
      return {
        head: Number(rows[0]!.head),
        complete: after >= Number(rows[0]!.pruned),
        changes: rows.map((row) => ({ seq: Number(row.seq), topic: row.topic as 'orders' | 'stats', key: str(row.key) })),
      };
    },

    async watchChanges(listener) {
      if (shared.client.listen) return shared.client.listen(shared.channel, listener);
      // A client without LISTEN: look for new changes twice a second.
      let head = (await store.changesSince(Number.MAX_SAFE_INTEGER, 1)).head;
      const timer = setInterval(() => {
        void store.changesSince(head, 1).then(
          (found) => {
            if (found.head !== head) listener();
            head = found.head;
          },
          () => {},
        );
      }, 500);
      return async () => clearInterval(timer);
    },

    async claimJob(name, now, intervalMs) {
      await db.query(`insert into jobs (name, next_run_at) values ($1, 'epoch') on conflict (name) do nothing`, [name]);
      const rows = await select(
        `update jobs set next_run_at = $3::timestamptz
         where name = (select name from jobs where name = $1 and next_run_at <= $2::timestamptz for update skip locked)
         returning 1`,
        [name, tz(now), tz(now + intervalMs)],
      );
      return rows.length > 0;
    },

    async prune({ rawBefore, minutesBefore, changesBefore }) {
      const cutDay = new Date(Math.floor(rawBefore / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
      const partitions = await select(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'events'::regclass and c.relname ~ '^events_[0-9]{8}$' order by 1`,
      );
      let rawDays = 0;
      for (const { name } of partitions) {
        const day = `${str(name).slice(7, 11)}-${str(name).slice(11, 13)}-${str(name).slice(13, 15)}`;
        if (day >= cutDay) continue;
        // A whole day at once: no row-by-row delete, no bloat.
        await db.query(`drop table ${str(name)}`);
        shared.partitions.delete(day);
        rawDays += 1;
      }
      await db.query('delete from traffic_minute where minute < $1::timestamptz', [tz(minutesBefore)]);
      await db.query(`delete from visitor_clicks where hour < now() - interval '2 hours'`);
      await db.query(
        `with gone as (delete from change_feed where at < $1::timestamptz returning seq)
         update change_feed_state set pruned_through = greatest(pruned_through, (select coalesce(max(seq), 0) from gone))`,
        [tz(changesBefore)],
      );
      return { rawDays };
    },
  };
  return store;
}
