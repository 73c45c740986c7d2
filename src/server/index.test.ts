import { describe, expect, it } from 'vitest';
import * as server from './index.js';

describe('vitrine/server barrel', () => {
  it('exports exactly the public runtime API', () => {
    expect(Object.keys(server).sort()).toEqual(
      [
        'WebhookVerificationError',
        'ApiKey',
        'Catalog',
        'WebhookSecret',
        'createMemoryStore',
        'createPlatform',
        'createWebhookDispatcher',
        'enqueueOrderUpdated',
        'WEBHOOK_RETRY_SCHEDULE_MS',
        'parseCatalog',
        'applyStatus',
        'canTransition',
        'commissionFor',
        'commissionStateFor',
        'createConversion',
        'generateSecret',
        'newMessageId',
        'parseConversion',
        'planCommissions',
        'readLinkAttribution',
        'refundShare',
        'resolveAttribution',
        'sendConversion',
        'sign',
        'signHeaders',
        'transitionPath',
        'verify',
      ].sort(),
    );
  });
});
