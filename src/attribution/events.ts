/**
 * What makes an event trackable, shared by the event queue and the deferred
 * queue that stands in for it until it is loaded: consent states, which events
 * are analytics, Global Privacy Control, and turning a `TrackInput` into a
 * validated `AttributionEvent` (id and time filled in).
 */
import { ValidationError, VitrineError } from '../errors.js';
import { AttributionEvent } from '../model/attribution.js';
import { createEventId } from './ids.js';

/**
 * The shopper's analytics consent, as the host page's consent tool reports it:
 * `granted`, `denied`, or `required` (not decided yet: analytics are held in memory).
 */
export const CONSENT_STATES = ['granted', 'denied', 'required'] as const;
export type Consent = (typeof CONSENT_STATES)[number];

/** An event to track: `id` and `at` are generated when omitted. */
export type TrackInput = Omit<AttributionEvent, 'id' | 'at'> & Partial<Pick<AttributionEvent, 'id' | 'at'>>;

/** impression and add_to_cart are analytics; click and checkout attribute sales and are always sent. */
export const isAnalytics = (event: AttributionEvent): boolean => event.type === 'impression' || event.type === 'add_to_cart';

/** Global Privacy Control: counts as `denied` for analytics. */
export const gpcEnabled = (): boolean =>
  typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

export function checkConsent(consent: unknown, code: 'config' | 'invalid_input'): Consent {
  if (!CONSENT_STATES.includes(consent as Consent)) throw new VitrineError(code, `consent must be one of ${CONSENT_STATES.join(', ')}`);
  return consent as Consent;
}

/** True when consent and GPC refuse `event` outright (an analytics event under `denied` or GPC). */
export const refused = (event: AttributionEvent, consent: Consent): boolean => isAnalytics(event) && (consent === 'denied' || gpcEnabled());

/** The event `input` describes, with its id and time; a `ValidationError` (code `invalid_input`) when it is invalid. */
export function prepareEvent(input: TrackInput, now: () => number): AttributionEvent | ValidationError {
  const result = AttributionEvent.safeParse({ ...input, id: input.id ?? createEventId(), at: input.at ?? new Date(now()).toISOString() });
  return result.success ? result.data : new ValidationError('EventQueue.track', result.error.issues, 'invalid_input');
}
