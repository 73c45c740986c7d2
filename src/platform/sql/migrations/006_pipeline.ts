import type { Migration } from '../migrate.js';

/**
 * The event pipeline: raw events partitioned by day (deduplicated by day and
 * the client's id), the rollups the stats read (traffic by minute and by hour,
 * sales and commission by hour, filtered traffic by hour), click bindings and
 * checkouts kept apart from the raw events (attribution outlives their
 * retention), the change feed that live streams follow, background jobs
 * claimed by one process at a time, and outbox claims.
 */
export const migration: Migration = {
  version: '006_pipeline',
  sql: /* sql */ `
-- Raw events, one partition per UTC day of the event's time (dropped whole by
-- retention). Primary key (day, id): a retried event (same id, same time) is
-- a duplicate. Filtered events are kept, and counted apart.
alter table events rename to events_v1;
alter index events_pkey rename to events_v1_pkey;
create table events (
  day date not null,
  id text not null,
  type text not null check (type in ('impression', 'click', 'add_to_cart', 'checkout')),
  at timestamptz not null,
  recommendation_id text not null,
  creator_id text not null,
  partner_id text,
  click_id text,
  sku text,
  quantity integer,
  -- Origin + path of the page (query stripped) and the card's placement attribute; '' when unknown.
  page text not null default '',
  placement text not null default '',
  -- From 004_live_offers and 005_share: the sold-out offer a click swapped from, how a platform-recorded click came.
  swapped_from text,
  trigger text check (trigger in ('go', 'qr')),
  filtered text check (filtered in ('bot', 'prefetch', 'click_rebound', 'repeat_click', 'stale')),
  received_at timestamptz not null default now(),
  primary key (day, id)
) partition by range (day);

-- Creates the missing day partitions (serialised between processes by an advisory lock).
create function vitrine_event_partitions(days date[]) returns void language plpgsql as $$
declare
  d date;
  name text;
begin
  foreach d in array days loop
    name := 'events_' || to_char(d, 'YYYYMMDD');
    if to_regclass(name) is null then
      perform pg_advisory_xact_lock(7742004, (d - date '2000-01-01'));
      -- Waiting on an advisory lock does not refresh the catalog cache: the
      -- table another process made meanwhile may still look missing here.
      begin
        execute format('create table %I (like events including defaults including constraints)', name);
        execute format('alter table events attach partition %I for values from (%L) to (%L)', name, d, d + 1);
      exception when duplicate_table then
        null; -- made (and attached, in the same transaction) by another process
      end;
    end if;
  end loop;
end
$$;

-- Click bindings (touches): every bound click id, with or without a partner
-- (only those with one attribute), and where the click happened.
alter table touches alter column partner_id drop not null;
alter table touches add column page text not null default '';
alter table touches add column placement text not null default '';
insert into touches (click_id, partner_id, creator_id, recommendation_id, at)
  select click_id, partner_id, creator_id, recommendation_id, at from events_v1
  where type = 'click' and click_id is not null
  on conflict (click_id) do nothing;

-- Checkout events (line attribution), in arrival order, kept as long as touches.
create sequence checkout_seq;
create table checkouts (
  seq bigint primary key default nextval('checkout_seq'),
  id text not null,
  click_id text not null,
  at timestamptz not null,
  recommendation_id text not null,
  creator_id text not null,
  partner_id text,
  sku text,
  quantity integer,
  page text not null default '',
  placement text not null default '',
  trigger text
);
create index checkouts_click on checkouts (click_id, seq);
insert into checkouts (id, click_id, at, recommendation_id, creator_id, partner_id, sku, quantity, trigger)
  select id, click_id, at, recommendation_id, creator_id, partner_id, sku, quantity, trigger from events_v1
  where type = 'checkout' and click_id is not null order by seq;

-- One counted click per visitor (a salted hash), recommendation and hour.
create table visitor_clicks (
  visitor text not null,
  recommendation_id text not null,
  hour timestamptz not null,
  primary key (visitor, recommendation_id, hour)
);

-- Rollups: what the stats read. Traffic counts events that were not filtered.
create table traffic_minute (
  creator_id text not null,
  minute timestamptz not null,
  recommendation_id text not null,
  impressions bigint not null default 0,
  clicks bigint not null default 0,
  primary key (creator_id, minute, recommendation_id)
);
create table traffic_hour (
  creator_id text not null,
  hour timestamptz not null,
  recommendation_id text not null,
  page text not null,
  placement text not null,
  impressions bigint not null default 0,
  clicks bigint not null default 0,
  primary key (creator_id, hour, recommendation_id, page, placement)
);
create table filtered_hour (
  creator_id text not null,
  hour timestamptz not null,
  reason text not null,
  events bigint not null default 0,
  primary key (creator_id, hour, reason)
);
-- Orders by the hour they were placed, commission by the hour it was booked,
-- at the page and placement of the order's click; in minor units per currency.
create table sales_hour (
  creator_id text not null,
  hour timestamptz not null,
  recommendation_id text not null,
  page text not null,
  placement text not null,
  currency char(3) not null,
  orders bigint not null default 0,
  gmv bigint not null default 0,
  pending bigint not null default 0,
  approved bigint not null default 0,
  paid bigint not null default 0,
  reversed bigint not null default 0,
  primary key (creator_id, hour, recommendation_id, page, placement, currency)
);

-- Earlier releases' events and money, rolled up once.
select vitrine_event_partitions(array(select distinct (at at time zone 'UTC')::date from events_v1));
insert into events (day, id, type, at, recommendation_id, creator_id, partner_id, click_id, sku, quantity, received_at, swapped_from, trigger, filtered)
  select (e.at at time zone 'UTC')::date, e.id, e.type, e.at, e.recommendation_id, e.creator_id, e.partner_id, e.click_id, e.sku, e.quantity, e.received_at, e.swapped_from, e.trigger, null
  from events_v1 e;
insert into traffic_minute (creator_id, minute, recommendation_id, impressions, clicks)
  select creator_id, date_trunc('minute', at, 'UTC'), recommendation_id, count(*) filter (where type = 'impression'), count(*) filter (where type = 'click')
  from events_v1 where type in ('impression', 'click') group by 1, 2, 3;
insert into traffic_hour (creator_id, hour, recommendation_id, page, placement, impressions, clicks)
  select creator_id, date_trunc('hour', at, 'UTC'), recommendation_id, '', '', count(*) filter (where type = 'impression'), count(*) filter (where type = 'click')
  from events_v1 where type in ('impression', 'click') group by 1, 2, 3;
insert into sales_hour (creator_id, hour, recommendation_id, page, placement, currency, orders, gmv)
  select r.creator_id, date_trunc('hour', o.placed_at, 'UTC'), r.id, '', '', o.total_currency, count(distinct o.id), sum(l.net)
  from orders o
  cross join lateral (
    select x->>'recommendationId' as rec, (x->'amount'->>'amount')::bigint - coalesce((x->'refunded'->>'amount')::bigint, 0) as net
    from jsonb_array_elements(o.lines) x
  ) l
  join recommendations r on r.id = l.rec
  where o.status <> 'cancelled' and l.net > 0
  group by 1, 2, 3, 6
on conflict do nothing;
insert into sales_hour as s (creator_id, hour, recommendation_id, page, placement, currency, pending, approved, paid, reversed)
  select creator_id, date_trunc('hour', created_at, 'UTC'), recommendation_id, '', '', currency,
    coalesce(sum(amount) filter (where balance = 'pending'), 0),
    coalesce(sum(amount) filter (where balance = 'approved'), 0),
    coalesce(sum(amount) filter (where balance = 'approved' and payout_id is not null), 0),
    coalesce(-sum(amount) filter (where kind in ('reversal', 'adjustment')), 0)
  from ledger_entries where kind <> 'payout' and recommendation_id is not null
  group by 1, 2, 3, 6
on conflict (creator_id, hour, recommendation_id, page, placement, currency) do update set
  pending = s.pending + excluded.pending, approved = s.approved + excluded.approved,
  paid = s.paid + excluded.paid, reversed = s.reversed + excluded.reversed;
drop table events_v1;

-- The change feed of live streams: what changed (the orders of a click id,
-- the stats of a creator), in commit order enough for "what changed since N".
-- Each writing transaction also sends NOTIFY vitrine_changes; listeners then read from here.
create table change_feed (
  seq bigserial primary key,
  topic text not null check (topic in ('orders', 'stats')),
  key text not null,
  at timestamptz not null default now()
);
create table change_feed_state (
  id boolean primary key default true check (id),
  -- Changes up to here were pruned: a reader behind it starts from a snapshot.
  pruned_through bigint not null default 0
);
insert into change_feed_state default values;

-- Background jobs (retention, …): claimed by one process per period.
create table jobs (
  name text primary key,
  next_run_at timestamptz not null
);

-- Outbox claims: a dispatcher owns a message until it records the attempt or the lease runs out.
alter table webhook_outbox add column claimed_until timestamptz;
`,
};
