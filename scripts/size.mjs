// Gzip sizes of what users download (`npm run size`, after `npm run build`):
//   client           what `import { createVitrine } from 'vitrine'` adds, minified, zod
//                    external (target 8,000 B), and with zod/mini inlined
//   core             every export of `vitrine`, zod external
//   embed            the script tag (scripts/embed-build.mjs): the loader dist/vitrine.js alone;
//                    what a card-only page loads for its cards (the loader, the card's chunks
//                    and one locale; goal 18,000 B); and every chunk a page using every element
//                    loads (goal 40,000 B), from dist/embed/manifest.json
//   server           what a partner's app gets for `import { verify } from 'vitrine/server'`,
//                    bundled from dist/ through package.json exports (ceiling 4,000 B)
// A target is reported; a ceiling fails the run, so that size never grows unnoticed.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function bundle(external, contents = "export * from './src/index.ts';", loader = 'ts') {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    target: 'es2021',
    legalComments: 'none',
    external,
    logLevel: 'silent',
  });
  return gzip(result.outputFiles[0].contents);
}

/** Gzip bytes of the loader and of the chunks `entries` load (with the chunks they import), each file on its own as served. */
function embedBytes(entries) {
  const manifest = JSON.parse(readFileSync('dist/embed/manifest.json', 'utf8'));
  const files = new Set();
  const add = (file) => {
    if (files.has(file)) return;
    files.add(file);
    for (const imported of manifest.chunks[file]?.imports ?? []) add(imported);
  };
  for (const entry of entries) {
    if (!manifest.entries[entry]) throw new Error(`size: dist/embed/manifest.json has no chunk for ${entry}`);
    add(manifest.entries[entry]);
  }
  return [...files].reduce((sum, file) => sum + gzip(readFileSync(`dist/embed/${file}`)), gzip(readFileSync('dist/vitrine.js')));
}
if (!existsSync('dist/embed/manifest.json')) throw new Error('size: run `npm run build` first (no dist/embed/manifest.json)');
const embedManifest = JSON.parse(readFileSync('dist/embed/manifest.json', 'utf8'));
const everyElement = Object.keys(embedManifest.entries).filter((entry) => !entry.startsWith('vitrine:embed/messages/') || entry.endsWith('/en'));

const clientOnly = "export { createVitrine } from './src/index.ts';";
// Ceilings raised once for issues 8 and 9 (measured with this script): the
// response size cap read as a stream, item-by-item list validation, the one
// retry-timing module (HTTP-date, rate-limit headers) and checked attribute
// URLs cost the client ≈ 1.35 KB; the shared modal and offer controllers,
// @lit/context and the show/hide events ≈ 1.4 KB more in the embed. Raised
// again for issue 13 (measured: core 15.5 → 17.8 KB, embed 46.6 → 54.4 KB):
// the tile layout and the measured reason clamp, live offers (featured offer,
// swap, sold-out state with the creator's picks, stale prices), favourites
// with price drops and their buy links, the in-app browser way out, the calm
// error states, and ≈ 40 new messages in three locales. The development
// warnings are not in these bundles (stripped from production). The targets
// stand; on-demand elements (issue 10) are the way to the embed's.
// Embed raised once more for issue 11 (measured on main before issue 13:
// 46,719 → 47,722 B): elements that render given data in their first update and
// hydrate server-rendered markup (browser-only state after hydration), buy
// links through the platform's /go/ redirect, the inline buy sheet, share codes
// in the sheet's share, impressions held while a page is prerendered ≈ 1.0 KB.
// Core raised for issue 11 after issue 13 (measured with this script: 18,657 B;
// the same sources with issue 13's export list: 18,234 B): the exports
// cardSnippet and fallbackText (the composer's fallback link, in the browser),
// EventTrigger and EVENT_TRIGGERS ≈ 0.42 KB; the rest is the share fields of
// the card model (ShareInfo, the click trigger) and the offer order the pages
// share with the elements.
// Set again for issue 10 with issues 11 and 13 in (measured): the client's lazy parts
// (resources, cart store, checkout, event delivery) cost ≈ 0.5 KB of loaders
// when every export is bundled (core 20,217 B, client 13,089 B); the script tag
// is a loader (17.0 KB) and a card-only page loads 38,720 B of it, not the whole
// embed; a page using every element loads 69,044 B in separately compressed
// chunks. The targets stand.
// Issue 12 on top (pushed updates in LiveController, the stats schemas of ranges,
// series, placements and filtered traffic, the client's stream URLs): ≈ 1.3 KB of
// the embed when it was one file, measured on main before issues 10, 11 and 13.
// With issue 10's loader (measured): client 13,589 B, core 20,697 B, a card-only
// page 39,992 B (the loader holds the client and its validation), every element
// 70,812 B. Ceilings set just above; the targets stand.
// Issue 12's analytics (measured with this script against the branch point
// b50f717: client 13,582 → 14,016 B, core 20,706 → 21,151 B, every element
// 70,831 → 78,665 B): the client's ranged stats call and its stream URL
// (StatsRangeQuery, checked before any request) and page + placement on every
// impression, click and add-to-cart (src/internal/page.ts) ≈ 0.43 KB; core also
// exports currentPage, StatsRangeQuery and MAX_STATS_RANGE_DAYS. Every element:
// the dashboard's chunk grew 2.7 → 10.0 KB (range picker and zoned ranges, the
// small-multiple charts with their table, per-placement and filtered views, the
// CSV export, and its own strings in three locales, kept out of the shared
// locale chunks so that a card page does not load them). The card-only page
// ceiling is NOT raised: viewable impressions (ViewabilityController) and
// page/placement cost a card page ≈ 0.47 KB (40,013 → 40,482 B), over its
// ceiling; see the branch's report.
// Issue 10's remaining gaps (branch perf): +493 B on a card-only page (40,005 → 40,498 B),
// +513 B for every element: one IntersectionObserver per margin (a sold-out card waits
// for its picks at half a viewport: one API request at N = 100, not 2), the clamp's one
// shared ResizeObserver (no forced layout per card) and the card's `rendered` custom
// state (vitrine.css sizes a defined, not yet rendered card: CLS 0). Ceilings raised by
// 500 B each; the targets stand.
// Both together (main after issues 10 and 12 merged): 40,977 B for a card-only page,
// 79,094 B for every element; ceilings set just above, the targets stand.
// Timestamp checks that the date exists (2026-02-30, hour 24: PostgreSQL rejects them, and one
// such event failed its whole ingest group): +63 B on core (21,214 B), ceiling 21,300.
// Issue 12, this round: ClickLog.subscribe (a click in this page or another tab reopens
// <vitrine-order-status>'s stream with the new click id) +106 B on the client (14,192 B) and
// +90 B on core (21,304 B); with the order-status watch, the buy sheet's placement and the
// dashboard's midnight rollover, a card-only page +135 B (41,172 B) and every element
// +399 B (79,530 B). Ceilings set just above; the targets stand.
const rows = [
  { name: 'client: createVitrine (minified, zod external)', size: await bundle(['zod', 'zod/*'], clientOnly), target: 8_000, ceiling: 14_250 },
  { name: 'client: createVitrine with zod/mini inlined', size: await bundle([], clientOnly) },
  { name: 'core: every export of `vitrine` (zod external)', size: await bundle(['zod', 'zod/*']), ceiling: 21_400 },
  { name: 'core, bundled with zod/mini (minified)', size: await bundle([]) },
  { name: 'embed: dist/vitrine.js, the loader (core, zod)', size: gzip(readFileSync('dist/vitrine.js')) },
  { name: 'embed: a card-only page (loader, card, en)', size: embedBytes(['components/card/card.ts', 'vitrine:embed/messages/en']), target: 18_000, ceiling: 41_250 },
  { name: 'embed: every element and lazy part (en)', size: embedBytes(everyElement), target: 40_000, ceiling: 79_600 },
  // The package resolves itself by name: dist/ as published, chunks and "sideEffects" included.
  { name: "server: { verify } from 'vitrine/server' (dist)", size: await bundle([], "export { verify } from 'vitrine/server';", 'js'), ceiling: 4_000 },
];

let failed = false;
for (const { name, size, target, ceiling } of rows) {
  const notes = [];
  if (target) notes.push(`target ${target} B${size > target ? ' (not met)' : ''}`);
  if (ceiling) notes.push(`ceiling ${ceiling} B${size > ceiling ? ' EXCEEDED' : ''}`);
  failed ||= ceiling !== undefined && size > ceiling;
  console.log(`${name.padEnd(50)} ${String(size).padStart(7)} B gzip${notes.length ? `  (${notes.join(', ')})` : ''}`);
}
if (failed) {
  console.error('size: a bundle grew past its ceiling');
  process.exit(1);
}
