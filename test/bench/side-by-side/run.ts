/**
 * The side-by-side bench (issue 10), part of `npm run bench`:
 *
 *   npm run bench:browser [-- --runs 7 --counts 1,10,100 --alone 1000 --alone-runs 3 --latency 40 --settle 500 --quiet 2000 --out bench-results]
 *
 * Vitrine's script tag vs Shopify's Buy Button JS on the same blog page with
 * N equivalent product cards, in the system Chromium (playwright-core), every
 * run in a fresh browser context (cold cache), interleaved. Prints the
 * comparison and the figures of issue 10, and writes them as JSON to
 * `<out>/side-by-side.json` (and Markdown to `<out>/side-by-side.md`).
 * Needs `npm run build:js` first (`npm run bench` does it).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../../browser/chromium.ts';
import { measureStaticBytes, type StaticBytes } from './bytes.ts';
import { benchCatalog } from './catalog.ts';
import { probe, type ProbeOptions, type ProbeResources, type ProbeState } from './probe.ts';
import {
  comparisonTable,
  figuresTable,
  meetsGoal,
  ratio,
  schedule,
  summarize,
  type Configuration,
  type ConfigurationResult,
  type Figure,
  type RunMetrics,
} from './report.ts';
import { startBenchServer, type BenchServer } from './server.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    counts: { type: 'string', default: '1,10,100' },
    alone: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '40' },
    settle: { type: 'string', default: '500' },
    quiet: { type: 'string', default: '2000' },
    'alone-runs': { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results' },
  },
});

function numbers(name: string, text: string, min: number): number[] {
  const list = text === '' ? [] : text.split(',').map(Number);
  if (list.some((value) => !Number.isInteger(value) || value < min)) throw new Error(`--${name} expects integers ≥ ${min}, got "${text}"`);
  return list;
}

const RUNS = numbers('runs', args.runs, 1)[0]!;
const COUNTS = numbers('counts', args.counts, 1);
const ALONE = numbers('alone', args.alone, 1);
const LATENCY_MS = numbers('latency', args.latency, 0)[0]!;
const SETTLE_MS = numbers('settle', args.settle, 0)[0]!;
const QUIET_MS = numbers('quiet', args.quiet, 0)[0]!;
const ALONE_RUNS = Math.min(RUNS, numbers('alone-runs', args['alone-runs'], 1)[0]!);
const RUN_TIMEOUT_MS = 60_000;
const VIEWPORT = { width: 1280, height: 720 };

const ROOT = new URL('../../../', import.meta.url);
const packageVersion = async (path: string) => (JSON.parse(await readFile(new URL(path, ROOT), 'utf8')) as { version: string }).version;

type Kind = ProbeOptions['kind'];

/** Every element the script tag promises (README, "Elements"). */
const ALL_ELEMENTS = ['vitrine-root', 'vitrine-card', 'vitrine-buy-sheet', 'vitrine-shelf', 'vitrine-cart', 'vitrine-cart-button', 'vitrine-order-status', 'vitrine-stats'];

class RunError extends Error {
  override name = 'RunError';
}

async function measureRun(browser: Browser, server: BenchServer, configuration: Configuration): Promise<RunMetrics> {
  const { library, count } = configuration;
  server.take();
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'zh-CN' });
  const problems: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await page.addInitScript(probe, { kind: library satisfies Kind, count, quietMs: QUIET_MS });
    await page.goto(server.pageUrl(library, count), { waitUntil: 'commit' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = await Promise.race([
      page.evaluate(() => window.__vitrineBench!.done.then(() => true)),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), RUN_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    if (!settled) throw new RunError(`the cards in view were not shown within ${RUN_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(SETTLE_MS);
    const { state, resources } = await page.evaluate(() => {
      const { done: _, ...state } = window.__vitrineBench!;
      const resources = performance.getEntriesByType('resource').map((entry) => {
        const timing = entry as PerformanceResourceTiming;
        return {
          name: timing.name,
          initiatorType: timing.initiatorType,
          encodedBodySize: timing.encodedBodySize,
          decodedBodySize: timing.decodedBodySize,
          responseEnd: timing.responseEnd,
        } satisfies ProbeResources;
      });
      return { state: state as Omit<ProbeState, 'done'>, resources };
    });
    if (state.errors.length > 0) throw new RunError(state.errors.slice(0, 3).join('; '));
    if (state.firstCard === null || state.firstCard < 0 || state.inView === null || state.inView < 0) throw new RunError('the probe recorded no time');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
    const iframes = page.frames().length - 1;
    // Requests cancelled by closing the page are not the page's problems.
    const seen = [...problems];
    await context.close();
    const tally = server.take();
    if (tally.unexpected.length > 0) seen.push(`unexpected requests: ${tally.unexpected.slice(0, 5).join(', ')}`);
    if (seen.length > 0) throw new RunError(seen.slice(0, 5).join('; '));

    const tasks = state.longTasks;
    const isJs = (resource: ProbeResources) => /\.m?js$/.test(new URL(resource.name).pathname);
    return {
      inViewMs: state.inView,
      allCardsMs: state.allCards ?? Number.NaN,
      cardsShown: state.shown,
      firstCardMs: state.firstCard,
      fcpMs: state.fcp ?? Number.NaN,
      longTasks: tasks.length,
      longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
      tbtMs: tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      cls: state.shifts.reduce((sum, shift) => sum + shift.value, 0),
      heapMB: metric('JSHeapUsedSize') / 1e6,
      domNodes: metric('Nodes'),
      apiRequests: Object.values(tally.api).reduce((sum, value) => sum + value, 0),
      preflights: tally.preflights,
      iframes,
      jsGzipBytes: tally.js.reduce((sum, file) => sum + file.encoded, 0),
      jsDecodedBytes: tally.js.reduce((sum, file) => sum + file.decoded, 0),
      jsBeforeFirstCardBytes: resources
        .filter((resource) => isJs(resource) && resource.responseEnd <= state.firstCard!)
        .reduce((sum, resource) => sum + resource.encodedBodySize, 0),
      taskMs: metric('TaskDuration') * 1000,
      scriptMs: metric('ScriptDuration') * 1000,
      styleLayoutMs: (metric('RecalcStyleDuration') + metric('LayoutDuration')) * 1000,
    };
  } catch (error) {
    await context.close().catch(() => {});
    server.take();
    if (error instanceof RunError) throw new RunError(`${library} at N = ${count}: ${error.message}`);
    throw error;
  }
}

/** The page with every Vitrine element, the buy sheet and the cart drawer opened: the JavaScript it loads. */
async function measureAllElements(browser: Browser, server: BenchServer): Promise<{ jsGzipBytes: number; files: string[] }> {
  server.take();
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  try {
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(server.pageUrl('all-elements', 1), { waitUntil: 'load' });
    await page.locator('vitrine-card [part~="title"]').first().waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.evaluate(async () => {
      type Opens = HTMLElement & { open?(): void; show?(): void | Promise<void> };
      (document.querySelector('vitrine-card') as Opens | null)?.open?.();
      await (document.querySelector('vitrine-cart-button') as Opens | null)?.show?.();
    });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(SETTLE_MS);
    const undefinedTags = await page.evaluate((tags) => tags.filter((tag) => !customElements.get(tag)), ALL_ELEMENTS);
    if (undefinedTags.length > 0) problems.push(`not defined: ${undefinedTags.join(', ')}`);
    if (problems.length > 0) throw new RunError(`the all-elements page: ${problems.slice(0, 5).join('; ')}`);
    await context.close();
    const tally = server.take();
    return { jsGzipBytes: tally.js.reduce((sum, file) => sum + file.encoded, 0), files: tally.js.map((file) => file.path) };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

function figures(staticBytes: StaticBytes, results: ConfigurationResult[], allElements: { jsGzipBytes: number }): Figure[] {
  const of = (library: ConfigurationResult['library'], count: number) => results.find((result) => result.library === library && result.count === count);
  const list: Figure[] = [];
  const size = (id: string, label: string, value: number, goal?: number) =>
    list.push({ id, label, kind: 'size', unit: 'B', value, stable: true, ...(goal === undefined ? {} : { goal }) });

  const cardPage = of('vitrine', 1);
  if (cardPage) {
    size('bytes.scriptTag.beforeFirstCard', 'script-tag JS a card-only page (N = 1) loads before its first card is shown (gzip -9, in Chromium)', cardPage.median.jsBeforeFirstCardBytes, 18_000);
  }
  size('bytes.scriptTag.entry', '`dist/vitrine.js`, the file the script tag loads (gzip -9)', staticBytes.scriptTag);
  size('bytes.scriptTag.allElements', 'all elements: JS a page with every element loads, buy sheet and cart opened (gzip -9, in Chromium)', allElements.jsGzipBytes, 40_000);
  size('bytes.app.createVitrine', "`import { createVitrine } from 'vitrine'` bundled by an app (esbuild --bundle --minify, zod included, gzip -9)", staticBytes.createVitrine.gzip, 12_000);
  size('bytes.app.card', "`import 'vitrine/components/card'` bundled by an app (gzip -9)", staticBytes.card.gzip, 20_000);
  if (!staticBytes.card.registersCard) list[list.length - 1]!.invalid = 'the bundler dropped the registration: <vitrine-card> is not defined';

  for (const count of [1, 10, 100]) {
    const result = of('vitrine', count);
    if (result) list.push({ id: `cls.vitrine.${count}`, label: `cumulative layout shift, N = ${count}`, kind: 'score', unit: '', value: result.median.cls, goal: 0, stable: false });
  }
  const hundred = of('vitrine', 100);
  if (hundred) {
    list.push(
      { id: 'longTasks.vitrine.100', label: 'long tasks > 50 ms at N = 100', kind: 'count', unit: 'tasks', value: hundred.median.longTasks, goal: 0, stable: false },
      { id: 'longestTask.vitrine.100', label: 'longest task at N = 100', kind: 'time', unit: 'ms', value: hundred.median.longestTaskMs, goal: 50, stable: false },
      { id: 'tbt.vitrine.100', label: 'total blocking time at N = 100', kind: 'time', unit: 'ms', value: hundred.median.tbtMs, goal: 0, stable: false },
      { id: 'apiRequests.vitrine.100', label: 'API requests, N = 100 (no scrolling)', kind: 'count', unit: 'requests', value: hundred.median.apiRequests, goal: 1, stable: true },
    );
  }
  const thousand = of('vitrine', 1000);
  if (thousand) {
    list.push(
      { id: 'apiRequests.vitrine.1000', label: 'API requests, N = 1,000 (no scrolling; goal: only cards near the viewport)', kind: 'count', unit: 'requests', value: thousand.median.apiRequests, stable: true },
      { id: 'cardsShown.vitrine.1000', label: 'cards shown without scrolling, N = 1,000', kind: 'count', unit: '', value: thousand.median.cardsShown, stable: false },
      { id: 'longTasks.vitrine.1000', label: 'long tasks > 50 ms at N = 1,000', kind: 'count', unit: 'tasks', value: thousand.median.longTasks, goal: 0, stable: false },
      { id: 'longestTask.vitrine.1000', label: 'longest task at N = 1,000', kind: 'time', unit: 'ms', value: thousand.median.longestTaskMs, goal: 50, stable: false },
    );
  }
  const buyButton = of('buy-button', 100);
  if (hundred && buyButton) {
    for (const [metric, what] of [['allCardsMs', 'all cards'], ['inViewMs', 'cards in view']] as const) {
      const value = ratio(hundred.median[metric], buyButton.median[metric]);
      if (value !== null) list.push({ id: `ratio.${metric}.100`, label: `time to ${what}, N = 100, Vitrine ÷ Buy Button`, kind: 'ratio', unit: '', value, goal: 0.1, stable: false });
    }
  }
  for (const count of [1, 10, 100]) {
    const result = of('vitrine', count);
    if (result) list.push({ id: `iframes.vitrine.${count}`, label: `iframes, N = ${count}`, kind: 'count', unit: 'iframes', value: result.median.iframes, goal: 0, stable: true });
  }
  return list;
}

async function main(): Promise<void> {
  const started = performance.now();
  for (const file of ['dist/vitrine.js', 'dist/src/index.js']) {
    if (!existsSync(new URL(file, ROOT))) throw new Error(`${file} is missing: run \`npm run build:js\` first (\`npm run bench\` does)`);
  }
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('The side-by-side bench needs Chromium: install Debian\'s "chromium" or set CHROMIUM_PATH.');
  const loadAtStart = loadavg();

  console.log('bytes (no browser)…');
  const staticBytes = await measureStaticBytes();

  const largest = Math.max(...COUNTS, ...ALONE, 1);
  const server = await startBenchServer({ catalog: (images) => benchCatalog(largest, images), latencyMs: LATENCY_MS });
  const browser = await launchChromium(chromiumPath, [
    `--ignore-certificate-errors-spki-list=${server.spki}`,
    // Nothing leaves the machine: any other host fails at once.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ]);
  const chromium = browser.version();
  const byConfiguration = new Map<string, RunMetrics[]>();
  let allElements: Awaited<ReturnType<typeof measureAllElements>>;
  try {
    // One discarded warm-up of each library (server JIT, disk cache of the binaries).
    for (const library of ['vitrine', 'buy-button'] as const) await measureRun(browser, server, { library, count: Math.min(10, largest) });
    const order = schedule(RUNS, COUNTS, ALONE, ALONE_RUNS);
    for (const [index, configuration] of order.entries()) {
      const began = performance.now();
      const metrics = await measureRun(browser, server, configuration);
      const key = `${configuration.library}@${configuration.count}`;
      byConfiguration.set(key, [...(byConfiguration.get(key) ?? []), metrics]);
      const wall = ((performance.now() - began) / 1000).toFixed(1);
      process.stdout.write(`\r${index + 1}/${order.length} runs (${key}: cards in view ${Math.round(metrics.inViewMs)} ms, all ${Math.round(metrics.allCardsMs)} ms; run ${wall} s)        `);
    }
    process.stdout.write('\n');
    allElements = await measureAllElements(browser, server);
  } finally {
    await browser.close();
    await server.close();
  }

  const results = [...byConfiguration.entries()].map(([key, runs]) => {
    const [library, count] = key.split('@') as [ConfigurationResult['library'], string];
    return summarize({ library, count: Number(count) }, runs);
  });
  const list = figures(staticBytes, results, allElements);
  const machine = {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(totalmem() / 1e9),
    os: type(),
    node: process.version,
    chromium,
    loadAverage: { start: loadAtStart.map((value) => Number(value.toFixed(2))), end: loadavg().map((value) => Number(value.toFixed(2))) },
  };
  const versions = { vitrine: await packageVersion('package.json'), buyButton: await packageVersion('node_modules/@shopify/buy-button-js/package.json') };
  const durationS = Math.round((performance.now() - started) / 1000);

  const header = [
    `Vitrine ${versions.vitrine} vs Shopify Buy Button JS ${versions.buyButton}: medians of ${RUNS} interleaved runs per configuration (${ALONE_RUNS} for Vitrine alone),`,
    `stubbed API latency ${LATENCY_MS} ms, HTTPS + HTTP/2 on 127.0.0.1, fresh context per run, viewport ${VIEWPORT.width}×${VIEWPORT.height}.`,
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), Chromium ${chromium}, load average ${machine.loadAverage.start.join(' ')} → ${machine.loadAverage.end.join(' ')}; ${durationS} s.`,
  ].join('\n');
  const markdown = `${header}\n\n${comparisonTable(results)}\n\nFigures of issue 10:\n\n${figuresTable(list)}\n`;
  console.log(`\n${markdown}`);
  const missed = list.filter((figure) => meetsGoal(figure) === false).length;
  if (!staticBytes.card.registersCard) console.log("warning: an app bundling `import 'vitrine/components/card'` does not get <vitrine-card> defined");
  console.log(`${missed} of ${list.filter((figure) => figure.goal !== undefined).length} goals of issue 10 not met (reported, never a failure: timings and goals are not a test).`);

  const out = args.out;
  await mkdir(out, { recursive: true });
  const json = {
    schema: 'vitrine-bench/side-by-side@1',
    createdAt: new Date().toISOString(),
    command: 'npm run bench',
    durationS,
    machine,
    versions,
    settings: {
      runs: RUNS,
      counts: COUNTS,
      alone: ALONE,
      latencyMs: LATENCY_MS,
      aloneRuns: ALONE_RUNS,
      settleMs: SETTLE_MS,
      quietMs: QUIET_MS,
      viewport: VIEWPORT,
      transport: 'HTTPS, HTTP/2, 127.0.0.1; pages and API on two origins',
      jsBytes: 'gzip -9 bodies as served (Content-Encoding: gzip; Node zlib), headers excluded; decoded sizes beside them',
      heap: 'JSHeapUsedSize (CDP Performance.getMetrics) after HeapProfiler.collectGarbage, MB = 10^6 B',
      window: `long tasks, TBT and CLS from navigation start to ${SETTLE_MS} ms after all cards are shown (or, when some are never shown without scrolling, ${QUIET_MS} ms after the last one that was)`,
    },
    figures: list.map((figure) => ({ ...figure, met: meetsGoal(figure) })),
    appBundles: staticBytes,
    allElements,
    configurations: results,
  };
  await writeFile(join(out, 'side-by-side.json'), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(join(out, 'side-by-side.md'), markdown);
  console.log(`wrote ${join(out, 'side-by-side.json')} and side-by-side.md`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
