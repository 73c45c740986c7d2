export { createClickId, createEventId } from './ids.js';
export { detectInAppBrowser, IN_APP_BROWSERS, systemBrowserUrl, type InAppBrowser, type InAppBrowserName } from './in-app.js';
export { checkPartnerUrl, decorateLink, hostAllowed, isSafePartnerUrl, type LinkAttribution } from './links.js';
export {
  CONSENT_STATES,
  createEventQueue,
  type Consent,
  type EventQueue,
  type EventQueueOptions,
  type TrackInput,
} from './queue.js';
export { createClickLog, type ClickLog, type ClickLogOptions, type ClickMeta } from './touches.js';
