import type { Migration } from '../migrate.js';

/**
 * Secrets every platform process on the database shares, made once by the
 * first process that needs them (`PlatformStore.platformSecret`): the key
 * that signs stream tokens (`stream`) and the salt of visitor keys
 * (`visitor`). A process configured with `streamSecret` / `visitorSalt` uses
 * its own value instead.
 */
export const migration: Migration = {
  version: '007_secrets',
  sql: /* sql */ `
create table platform_secrets (
  name text primary key,
  value text not null check (length(value) >= 16),
  created_at timestamptz not null default now()
);
`,
};
