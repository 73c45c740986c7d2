import { randomId } from '../internal/ids.js';
import type { ClickId } from '../model/attribution.js';

/**
 * Creates an unguessable click id (128 random bits, base64url, 22 characters).
 * It travels in the decorated partner link and is the shopper's capability to
 * look up the orders it led to.
 */
export function createClickId(): ClickId {
  return randomId();
}

/** Creates an event id (same generator as click ids): the platform dedupes events by it. */
export function createEventId(): string {
  return randomId();
}
