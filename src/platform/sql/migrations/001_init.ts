import type { Migration } from '../migrate.js';

/** The schema: catalog, events and touches, orders, conversion receipts, commissions, idempotency keys. */
export const migration: Migration = {
  version: '001_init',
  sql: /* sql */ `
-- The reference platform's schema (PostgreSQL 15+ and PGlite).
-- Money: bigint minor units + char(3) ISO 4217 code, never a float.
-- Nested models stored whole (images, avatar, order timeline and lines) are jsonb.
-- Timestamps are timestamptz: read back as UTC ISO strings.

-- The seed catalog (upserted at every start by loadCatalog).

create table partners (
  id text primary key,
  name text not null,
  hosts text[] not null check (cardinality(hosts) >= 1),
  logo text,
  checkout_url text,
  attribution_window_days integer not null check (attribution_window_days between 1 and 90),
  attribution_model text not null check (attribution_model in ('last_click', 'first_click')),
  commission_rate_bps integer not null check (commission_rate_bps between 0 and 10000),
  -- Standard Webhooks secrets (whsec_…), current first; the others are still accepted (rotation).
  webhook_secrets text[] not null check (cardinality(webhook_secrets) >= 1)
);

create table creators (
  id text primary key,
  name text not null,
  handle text not null,
  avatar jsonb,
  verified boolean not null,
  -- Hex SHA-256 of the API key: the key itself is never stored.
  api_key_sha256 text not null unique check (api_key_sha256 ~ '^[0-9a-f]{64}$')
);

create table products (
  id text primary key,
  title text not null,
  brand text,
  description text,
  images jsonb not null
);

create table offers (
  product_id text not null references products on delete cascade,
  position integer not null,
  partner_id text not null references partners,
  url text not null,
  -- origin + pathname of url: what a creator's pasted product link is matched on.
  url_key text not null,
  price_amount bigint not null check (price_amount >= 0),
  price_currency char(3) not null,
  list_price_amount bigint check (list_price_amount >= 0),
  list_price_currency char(3),
  stock text not null check (stock in ('in_stock', 'low_stock', 'out_of_stock', 'preorder')),
  sku text,
  primary key (product_id, position),
  check ((list_price_amount is null) = (list_price_currency is null))
);
create index offers_url_key on offers (url_key);

create table recommendations (
  id text primary key,
  creator_id text not null references creators,
  product_id text not null references products,
  reason text not null,
  disclosure text not null check (disclosure in ('commission', 'gifted', 'sponsored', 'none')),
  created_at timestamptz not null
);
create index recommendations_showcase on recommendations (creator_id, created_at desc, id desc);

-- Traffic: events (deduplicated by their client-generated id) and the clicks
-- that orders are attributed to.

create table events (
  id text primary key,
  type text not null check (type in ('impression', 'click', 'add_to_cart', 'checkout')),
  at timestamptz not null,
  recommendation_id text not null,
  creator_id text not null,
  partner_id text,
  click_id text,
  sku text,
  quantity integer,
  received_at timestamptz not null default now(),
  -- Arrival order: breaks ties between events of the same instant.
  seq bigint generated always as identity
);
create index events_recommendation on events (recommendation_id, type);
create index events_checkout on events (click_id, at) where type = 'checkout';

create table touches (
  click_id text primary key,
  partner_id text not null,
  creator_id text not null,
  recommendation_id text not null,
  at timestamptz not null
);

-- Orders reported by partner conversion callbacks, and their commissions.

create table orders (
  id text primary key,
  partner_id text not null references partners,
  partner_order_id text not null,
  click_id text,
  creator_id text,
  status text not null check (status in ('placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
  -- timeline[0].at: orders are listed newest first by this.
  placed_at timestamptz not null,
  timeline jsonb not null,
  lines jsonb not null,
  total_amount bigint not null,
  total_currency char(3) not null,
  updated_at timestamptz not null default now(),
  unique (partner_id, partner_order_id)
);
create index orders_click on orders (click_id) where click_id is not null;

-- One row per accepted conversion callback: a redelivery (same webhook-id) or a
-- repeated status of the same order is refused by the unique keys.
create table conversion_receipts (
  partner_id text not null,
  webhook_id text not null,
  partner_order_id text not null,
  status text not null,
  received_at timestamptz not null default now(),
  primary key (partner_id, webhook_id),
  unique (partner_id, partner_order_id, status)
);

create table commissions (
  id text primary key,
  order_id text not null references orders on delete cascade,
  line_index integer not null check (line_index >= 0),
  -- Single level: exactly one recipient, no upline column, by design.
  creator_id text not null,
  recommendation_id text,
  partner_id text not null,
  base_amount bigint not null,
  base_currency char(3) not null,
  rate_bps integer not null check (rate_bps between 0 and 10000),
  amount bigint not null,
  currency char(3) not null,
  state text not null check (state in ('pending', 'approved', 'paid', 'reversed')),
  created_at timestamptz not null
);
create index commissions_order on commissions (order_id);
create index commissions_recommendation on commissions (recommendation_id);

-- Idempotency-Key records of creator requests: in progress while response_status is null.
create table idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  response_status integer,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
`,
};
