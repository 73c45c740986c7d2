import type { Migration } from '../migrate.js';

/**
 * Live offers and the composer: when a price was read, how long a partner's
 * prices stay current, the shop a creator published, the swap a click made.
 */
export const migration: Migration = {
  version: '004_live_offers',
  sql: /* sql */ `
-- When the offer's price and stock were read from the partner (the price snapshot); null: unknown.
alter table offers add column price_at timestamptz;

-- How long the partner's price snapshots stay current, in hours; null: the SDK's default.
alter table partners add column price_freshness_hours integer check (price_freshness_hours between 1 and 8760);

-- The shop of the product link the creator published (its offer is the card's buy button); null: the best offer.
alter table recommendations add column partner_id text references partners;
-- A creator has one recommendation of a product at a shop: republishing finds it, editing updates it.
create unique index recommendations_publish on recommendations (creator_id, product_id, partner_id) where partner_id is not null;
create index recommendations_product on recommendations (creator_id, product_id);

-- For a click: the sold-out offer's partner the card swapped away from.
alter table events add column swapped_from text;
`,
};
