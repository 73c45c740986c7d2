import type { ClickId } from '../model/attribution.js';

/** 128 random bits from `crypto.getRandomValues`, base64url without padding (22 characters). */
function randomId(): string {
  let binary = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 22);
}

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
