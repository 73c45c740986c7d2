import type { Migration } from '../migrate.js';

/** Share pages: the partners' offline-affiliation flag, the trigger of server-recorded clicks, share tokens, handle look-ups. */
export const migration: Migration = {
  version: '005_share',
  sql: /* sql */ `
-- From the catalog's optional "partners[].offlineAffiliation"; null: not stated (allowed).
-- false: QR codes of this partner's offers link to the shop without attribution.
alter table partners add column offline_affiliation boolean;

-- How a click the platform recorded itself reached the partner: 'go' (GET /go/{id}), 'qr'.
alter table events add column trigger text check (trigger in ('go', 'qr'));

-- One share token per recommendation ("口令" for apps that block links): random,
-- created on first request and never changed.
create table share_tokens (
  token text primary key check (token ~ '^[0-9A-HJKMNP-TV-Z]{10}$'),
  recommendation_id text not null unique references recommendations on delete cascade,
  created_at timestamptz not null default now()
);

-- GET /@{handle}: handles are looked up case-insensitively.
create index creators_handle on creators (lower(handle));
`,
};
