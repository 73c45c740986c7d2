/**
 * The script tag for server-rendered pages (`dist/vitrine-hydrate.js`): the
 * script-tag embed (`dist/vitrine.js`, same `data-*` configuration) plus Lit's
 * hydration support, so elements rendered on the server with `vitrine/ssr`
 * (declarative shadow DOM) are hydrated in place instead of re-rendered. The
 * platform's share pages load it with `defer`:
 *
 *   <script type="application/json" id="vitrine-cards">[…card payloads…]</script>
 *   <script src="https://cdn.example/vitrine-hydrate.js" data-api="https://api.vitrine.example" defer></script>
 *
 * Order matters and is the import order: hydration support before Lit loads,
 * the card payloads before the elements upgrade.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { applyServerData } from './shared/server-data.js';
import './embed.js';

applyServerData();
