/**
 * The SQL store's migrations, in the order they apply. A new migration is a
 * new file `NNN_name.ts` added at the end here; an applied one is never edited
 * (databases remember versions, not contents).
 */
import type { Migration } from '../migrate.js';
import { migration as init } from './001_init.js';
import { migration as outbox } from './002_outbox.js';
import { migration as ledger } from './003_ledger.js';
import { migration as liveOffers } from './004_live_offers.js';
import { migration as share } from './005_share.js';
import { migration as pipeline } from './006_pipeline.js';
import { migration as secrets } from './007_secrets.js';

export const MIGRATIONS: readonly Migration[] = [init, outbox, ledger, liveOffers, share, pipeline, secrets];
