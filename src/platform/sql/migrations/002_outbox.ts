import type { Migration } from '../migrate.js';

/** The outbox of outgoing webhooks, and where each partner receives them. */
export const migration: Migration = {
  version: '002_outbox',
  sql: /* sql */ `
-- Outgoing webhooks: where each partner receives them, and the durable outbox
-- the dispatcher delivers (at least once, retried on a schedule, then abandoned).
-- Times are timestamptz like everywhere else; the store writes and reads whole
-- milliseconds, so they round-trip exactly to the numbers of the JS API.

-- Set from the catalog's optional "partners[].webhookUrl"; null: no outgoing webhooks.
alter table partners add column webhook_url text;

create table webhook_outbox (
  -- The "webhook-id": the same on every attempt, so receivers drop duplicates.
  id text primary key,
  partner_id text not null references partners,
  type text not null,
  -- The exact JSON body that is signed and sent: text, never jsonb (which would re-serialise it).
  payload text not null,
  next_attempt_at timestamptz not null,
  attempts integer not null default 0 check (attempts >= 0),
  -- HTTP status of the last attempt (0: no response), null before the first.
  last_status integer,
  delivered_at timestamptz,
  -- true once the retry schedule is exhausted without a delivery.
  abandoned boolean not null default false,
  created_at timestamptz not null default now(),
  -- Enqueue order: breaks ties between messages due at the same time.
  seq bigint generated always as identity
);
-- dueWebhooks: pending messages, earliest due first, then in enqueue order.
create index webhook_outbox_due on webhook_outbox (next_attempt_at, seq)
  where delivered_at is null and not abandoned;
`,
};
