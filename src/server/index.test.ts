import { describe, expect, it } from 'vitest';
import * as errors from '../errors.js';
import * as server from './index.js';

describe('vitrine/server barrel', () => {
  it('exports exactly the public runtime API: no platform code', () => {
    expect(Object.keys(server).sort()).toEqual(
      [
        'RequestError',
        'ValidationError',
        'VitrineError',
        'WebhookVerificationError',
        'applyStatus',
        'canTransition',
        'commissionFor',
        'commissionStateFor',
        'createConversion',
        'generateSecret',
        'isValidationError',
        'isVitrineError',
        'newMessageId',
        'parseConversion',
        'isKnownCurrency',
        'lineTarget',
        'moneyViolations',
        'planLedger',
        'summarizeCommissions',
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

  it('re-exports the error family of `vitrine`, not copies of it', () => {
    expect(server.VitrineError).toBe(errors.VitrineError);
    expect(server.isVitrineError).toBe(errors.isVitrineError);
    expect(new server.WebhookVerificationError('invalid_signature', 'x')).toBeInstanceOf(errors.VitrineError);
  });
});
