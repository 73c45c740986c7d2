/**
 * The script-tag entry (`dist/vitrine.js`): a blogger pastes
 *
 *   <script src="https://cdn.example/vitrine/dist/vitrine.js" data-api="https://api.vitrine.example"
 *           data-creator="creator-1" data-locale="zh-CN" data-consent="required" async></script>
 *   <vitrine-card rec="rec-123"></vitrine-card>
 *
 * A loader: it holds the core (configuration, the client, validation) and
 * defines each element the first time the page uses it, fetching its code
 * from the chunks in `embed/` beside this file (resolved against this
 * script's own URL, so it works from any CDN path), every chunk the element
 * needs at once. Cards near the viewport are requested before their code has
 * even arrived. The chunks take the core from this file (never a second copy):
 * the build replaces their imports of it with `window.Vitrine`'s modules.
 *
 * It defines one global of its own, `window.Vitrine` (Lit and zod add their
 * usual coordination globals). Loading it twice is harmless: the second copy
 * finds `window.Vitrine` and does nothing, and element registration is idempotent.
 */
import { modules } from 'vitrine:embed/modules';
import type { Consent } from '../src/attribution/events.js';
import { createVitrine } from '../src/client/vitrine.js';
import { CONSENT_STATES } from '../src/attribution/events.js';
import { resolveLocale } from '../src/i18n/index.js';
import { issueWarning } from '../src/i18n/warnings.js';
import { DEV_MODE } from '../src/internal/dev.js';
import { setChunkBase } from './embed/chunk-base.js';
import { EMBED_ELEMENTS } from './embed/elements.js';
import { requireMessages } from './embed/locales.js';
import { prefetchCards, scriptConfig, watchElements } from './embed/loader.js';
import { configure, configuredVitrine, configureFrom } from './shared/config.js';

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
/** Where the chunks are, relative to the script (`embed/`): set by scripts/embed-build.mjs. */
declare const __VITRINE_EMBED_DIR__: string;

/** Where the chunks find the core modules they share with this file (see scripts/embed-build.mjs). */
const MODULES = Symbol.for('vitrine:embed-modules');

if (!window.Vitrine) {
  const script = document.currentScript ?? document.querySelector('script[data-api][src*="vitrine"]');
  const config = scriptConfig(script);
  setChunkBase(new URL(typeof __VITRINE_EMBED_DIR__ === 'string' ? __VITRINE_EMBED_DIR__ : 'embed/', script instanceof HTMLScriptElement && script.src ? script.src : document.baseURI));
  window.Vitrine = Object.freeze({
    version: typeof __VITRINE_VERSION__ === 'string' ? __VITRINE_VERSION__ : 'dev',
    configure,
    createVitrine,
    setConsent(consent: Consent) {
      configuredVitrine()?.setConsent(consent);
    },
    [MODULES]: modules,
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
  watchElements({ elements: EMBED_ELEMENTS, document, messages: requireMessages, locale: config.locale }).observe(prefetchCards);
}
