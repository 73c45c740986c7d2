/**
 * The script-tag entry (`dist/vitrine.js`): a blogger pastes
 *
 *   <script src="https://cdn.example/vitrine.js" data-api="https://api.vitrine.example"
 *           data-creator="creator-1" data-locale="zh-CN" data-consent="required" async></script>
 *   <vitrine-card rec="rec-123"></vitrine-card>
 *
 * It reads its configuration from its own tag, registers every element and
 * defines one global of its own, `window.Vitrine` (Lit and zod add their usual
 * coordination globals). Loading it twice is harmless: the second copy finds
 * `window.Vitrine` and configures nothing, and element registration is idempotent.
 */
import type { Consent } from '../src/attribution/queue.js';
import { createVitrine } from '../src/client/vitrine.js';
import { CONSENT_STATES } from '../src/attribution/queue.js';
import { resolveLocale } from '../src/i18n/index.js';
import { issueWarning } from '../src/i18n/warnings.js';
import { DEV_MODE } from '../src/internal/dev.js';
import { configure, configuredVitrine, configureFrom } from './shared/config.js';
// Registers every element. Lit renders in a microtask, after the configuration below.
import './index.js';

/** What the embed exposes on `window.Vitrine`. */
export interface VitrineGlobal {
  readonly version: string;
  /** (Re)configures every element without its own `api`; see `configure()` in `vitrine/components`. */
  configure: typeof configure;
  /** Creates a standalone client; see `createVitrine()` in `vitrine`. */
  createVitrine: typeof createVitrine;
  /** Grants or withdraws analytics consent for the configured client (e.g. from a cookie banner). */
  setConsent(consent: Consent): void;
}

declare global {
  interface Window {
    Vitrine?: VitrineGlobal;
  }
}

declare const __VITRINE_VERSION__: string;

function scriptConfig(script: HTMLOrSVGScriptElement | null) {
  const data = script instanceof HTMLScriptElement ? script.dataset : undefined;
  return {
    api: data?.['api'],
    creator: data?.['creator'],
    locale: data?.['locale'],
    consent: data?.['consent'] as Consent | undefined,
  } as { api: string | undefined; creator: string | undefined; locale: string | undefined; consent?: Consent | undefined };
}

if (!window.Vitrine) {
  const config = scriptConfig(document.currentScript ?? document.querySelector('script[data-api][src*="vitrine"]'));
  window.Vitrine = Object.freeze({
    version: typeof __VITRINE_VERSION__ === 'string' ? __VITRINE_VERSION__ : 'dev',
    configure,
    createVitrine,
    setConsent(consent: Consent) {
      configuredVitrine()?.setConsent(consent);
    },
  });
  if (config.consent !== undefined && !(CONSENT_STATES as readonly string[]).includes(config.consent)) {
    // A typo must not take the cards down: consent stays held ("required"), and the development build says why.
    if (DEV_MODE) issueWarning('invalid-consent', resolveLocale(config.locale), { consent: config.consent });
    delete config.consent;
  }
  if (config.api) {
    try {
      configureFrom({ ...config, api: config.api }, 'data-api on the script tag');
    } catch {
      // The elements render a calm "can't be shown" state; in the development
      // build (vitrine.dev.js) each also warns with the exact problem
      // (api-not-https, invalid-api), a code and a docs link.
    }
  }
  // No data-api: the elements warn "missing-api" (development build) and show their calm state.
}
