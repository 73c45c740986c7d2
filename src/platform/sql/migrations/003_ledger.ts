import type { Migration } from '../migrate.js';

/**
 * The commission ledger (append-only, enforced by a trigger) and payouts;
 * conversion receipts deduplicated by webhook id only (refunds of one order
 * share a status); a click id bound by its first click event.
 */
export const migration: Migration = {
  version: '003_ledger',
  sql: /* sql */ `
-- Receipts: a partner's message is known by its webhook-id. Several messages
-- may carry the same status of an order (cumulative partial refunds), and a
-- message that changes nothing is recognised by the order's state, not here.
alter table conversion_receipts drop constraint if exists conversion_receipts_partner_id_partner_order_id_status_key;
create index conversion_receipts_order on conversion_receipts (partner_id, partner_order_id);

-- A click id is bound to its creator, recommendation and partner by its first
-- click event (arrival order), never rebound: later click events of it are refused.
delete from events e using events f
  where e.type = 'click' and f.type = 'click' and e.click_id = f.click_id and e.seq > f.seq;
create unique index events_click_binding on events (click_id) where type = 'click' and click_id is not null;
-- Checkout events of a click, in arrival order (the client's "at" can say anything).
drop index if exists events_checkout;
create index events_checkout on events (click_id, seq) where type = 'checkout';

create table payouts (
  id text primary key,
  creator_id text not null,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  period_start timestamptz,
  period_end timestamptz not null,
  created_at timestamptz not null,
  seq bigint generated always as identity
);
create index payouts_creator on payouts (creator_id, currency, seq desc);

-- The ledger: a balance is a sum of entries; entries are appended, never
-- edited or deleted; the one write an entry gets afterwards is its settlement
-- (payout_id, null → a payout, once).
create table ledger_entries (
  id text primary key,
  -- Booking order.
  seq bigint generated always as identity,
  kind text not null check (kind in ('accrual', 'approval', 'reversal', 'adjustment', 'payout')),
  balance text not null check (balance in ('pending', 'approved')),
  -- Single level: exactly one recipient, no upline column, by design.
  creator_id text not null,
  amount bigint not null,
  currency char(3) not null,
  order_id text references orders,
  line_index integer check (line_index >= 0),
  recommendation_id text,
  partner_id text,
  base_amount bigint,
  base_currency char(3),
  rate_bps integer check (rate_bps between 0 and 10000),
  created_at timestamptz not null,
  payout_id text references payouts,
  check ((kind = 'payout') = (order_id is null)),
  check ((order_id is null) = (line_index is null)),
  check (payout_id is null or balance = 'approved')
);
create index ledger_order on ledger_entries (order_id, seq);
create index ledger_creator on ledger_entries (creator_id, recommendation_id);
create index ledger_payable on ledger_entries (creator_id, currency, seq)
  where payout_id is null and balance = 'approved' and kind <> 'payout';
create index ledger_payout on ledger_entries (payout_id) where payout_id is not null;

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'ledger entries are never deleted';
  end if;
  if old.payout_id is not null or new.payout_id is null or (to_jsonb(old) - 'payout_id') <> (to_jsonb(new) - 'payout_id') then
    raise exception 'ledger entries are never edited: a payout only settles an unpaid entry, once';
  end if;
  return new;
end
$$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function ledger_entries_append_only();

-- Commission records of earlier releases become entries: what each record
-- held, booked at its creation time (no payout endpoint existed, so nothing
-- was paid through one; a "paid" record is kept as approved and unpaid).
insert into ledger_entries (id, kind, balance, creator_id, amount, currency, order_id, line_index,
  recommendation_id, partner_id, base_amount, base_currency, rate_bps, created_at)
select c.order_id || ':' || c.line_index || ':' || (row_number() over (partition by c.order_id, c.line_index order by c.id) - 1),
  case when c.amount < 0 then 'adjustment' else 'accrual' end,
  case when c.state = 'pending' then 'pending' else 'approved' end,
  c.creator_id, case when c.state = 'reversed' then 0 else c.amount end, c.currency, c.order_id, c.line_index,
  c.recommendation_id, c.partner_id, c.base_amount, c.base_currency, c.rate_bps, c.created_at
from commissions c;
drop table commissions;
`,
};
