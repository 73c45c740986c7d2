/**
 * Medians, ratios, the printed tables and the JSON of the side-by-side bench.
 * Pure functions: unit-tested in report.test.ts (no timing involved).
 */

export type Library = 'vitrine' | 'buy-button';

/** The figures of one run of one page. */
export interface RunMetrics {
  /** ms from navigation start until every card in the viewport shows its title and price (see probe.ts). */
  inViewMs: number;
  /** ms from navigation start until all N cards are shown; NaN when some were never shown without scrolling. */
  allCardsMs: number;
  /** How many of the N cards were shown when the run ended. */
  cardsShown: number;
  /** ms from navigation start until the first card is shown. */
  firstCardMs: number;
  /** First contentful paint, ms from navigation start. */
  fcpMs: number;
  /** Long tasks (> 50 ms) from navigation start to the end of the settle window. */
  longTasks: number;
  longestTaskMs: number;
  /** Total blocking time: the sum of (duration − 50 ms) over those long tasks. */
  tbtMs: number;
  /** Sum of the host document's layout-shift values (none follow input). */
  cls: number;
  /** `JSHeapUsedSize` (CDP Performance.getMetrics) after a forced GC, in MB (10^6 B). */
  heapMB: number;
  /** DOM nodes (CDP `Nodes`, iframes' documents included). */
  domNodes: number;
  /** Requests to the API origin, CORS preflights excluded. */
  apiRequests: number;
  /** CORS preflights (OPTIONS) to the API origin. */
  preflights: number;
  /** Frames in the page besides the top document. */
  iframes: number;
  /** JavaScript bytes on the wire: gzip -9 bodies as served, headers excluded. */
  jsGzipBytes: number;
  /** The same JavaScript, decoded. */
  jsDecodedBytes: number;
  /** gzip -9 bytes of the JavaScript whose response ended before the first card was shown. */
  jsBeforeFirstCardBytes: number;
  /** Main-thread time of the whole run (CDP TaskDuration), script and style + layout shares of it, ms. */
  taskMs: number;
  scriptMs: number;
  styleLayoutMs: number;
}

export type MetricName = keyof RunMetrics;

export interface Configuration {
  library: Library;
  count: number;
}

export interface ConfigurationResult extends Configuration {
  runs: RunMetrics[];
  median: RunMetrics;
  min: RunMetrics;
  max: RunMetrics;
}

/** The median of the values that are numbers (NaN, "not measured", is left out); NaN when none is. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `a / b`, or `null` when it has no meaning (b is 0 or not a number). */
export function ratio(a: number, b: number): number | null {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : null;
}

function reduce(runs: readonly RunMetrics[], pick: (values: number[]) => number): RunMetrics {
  const keys = Object.keys(runs[0] ?? {}) as MetricName[];
  return Object.fromEntries(keys.map((key) => [key, pick(runs.map((run) => run[key]))])) as unknown as RunMetrics;
}

function extreme(values: readonly number[], pick: (...values: number[]) => number): number {
  const numbers = values.filter((value) => !Number.isNaN(value));
  return numbers.length === 0 ? Number.NaN : pick(...numbers);
}

export function summarize(configuration: Configuration, runs: readonly RunMetrics[]): ConfigurationResult {
  if (runs.length === 0) throw new Error(`no runs for ${configuration.library} at N = ${configuration.count}`);
  return {
    ...configuration,
    runs: [...runs],
    median: reduce(runs, median),
    min: reduce(runs, (values) => extreme(values, Math.min)),
    max: reduce(runs, (values) => extreme(values, Math.max)),
  };
}

/**
 * Interleaved order of the runs: round after round, every N; within an N the
 * two libraries alternate which goes first (ABBA), so slow drift of a shared
 * machine falls on both. The Vitrine-only sizes run in `aloneRounds` of the
 * rounds, spread evenly (they are the slowest runs and have no ratio).
 */
export function schedule(rounds: number, counts: readonly number[], aloneCounts: readonly number[], aloneRounds = rounds): Configuration[] {
  const order: Configuration[] = [];
  const alone = Math.min(aloneRounds, rounds);
  for (let round = 0; round < rounds; round++) {
    counts.forEach((count, index) => {
      const pair: Library[] = (round + index) % 2 === 0 ? ['vitrine', 'buy-button'] : ['buy-button', 'vitrine'];
      for (const library of pair) order.push({ library, count });
    });
    if (Math.floor(((round + 1) * alone) / rounds) > Math.floor((round * alone) / rounds)) {
      for (const count of aloneCounts) order.push({ library: 'vitrine', count });
    }
  }
  return order;
}

const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');
const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const ratioText = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);

interface Column {
  title: string;
  metric: MetricName;
  format: (value: number) => string;
  /** Shows min–max after the median. */
  range?: boolean;
}

const COLUMNS: Column[] = [
  { title: 'cards in view shown, ms (min–max)', metric: 'inViewMs', format: integer, range: true },
  { title: 'all N cards shown, ms (min–max)', metric: 'allCardsMs', format: integer, range: true },
  { title: 'long tasks', metric: 'longTasks', format: fixed(0) },
  { title: 'longest, ms', metric: 'longestTaskMs', format: integer },
  { title: 'TBT, ms', metric: 'tbtMs', format: integer },
  { title: 'CLS', metric: 'cls', format: fixed(3) },
  { title: 'JS heap, MB', metric: 'heapMB', format: fixed(1) },
  { title: 'API requests', metric: 'apiRequests', format: fixed(0) },
  { title: 'preflights', metric: 'preflights', format: fixed(0) },
  { title: 'iframes', metric: 'iframes', format: fixed(0) },
  { title: 'JS, B gzip', metric: 'jsGzipBytes', format: integer },
];

const LABEL: Record<Library, string> = { vitrine: 'Vitrine', 'buy-button': 'Buy Button' };

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The side-by-side table (Markdown): per N, Vitrine, Buy Button and the ratio of their medians. */
export function comparisonTable(results: readonly ConfigurationResult[]): string {
  const lines = [row(['N', 'library', ...COLUMNS.map((column) => column.title)]), row(['---:', '---', ...COLUMNS.map(() => '---:')])];
  const counts = [...new Set(results.map((result) => result.count))].sort((a, b) => a - b);
  for (const count of counts) {
    const vitrine = results.find((result) => result.count === count && result.library === 'vitrine');
    const buyButton = results.find((result) => result.count === count && result.library === 'buy-button');
    for (const result of [vitrine, buyButton]) {
      if (!result) continue;
      lines.push(
        row([
          integer(count),
          LABEL[result.library],
          ...COLUMNS.map((column) => {
            const value = column.format(result.median[column.metric]);
            const range = column.range && result.runs.length > 1 && Number.isFinite(result.median[column.metric]) ? ` (${column.format(result.min[column.metric])}–${column.format(result.max[column.metric])})` : '';
            const partial = column.metric === 'allCardsMs' && result.min.cardsShown < count ? ` [${integer(result.min.cardsShown)}–${integer(result.max.cardsShown)} of ${integer(count)} shown]` : '';
            return `${value}${range}${partial}`;
          }),
        ]),
      );
    }
    if (vitrine && buyButton) {
      lines.push(row(['', '*Vitrine ÷ Buy Button*', ...COLUMNS.map((column) => ratioText(ratio(vitrine.median[column.metric], buyButton.median[column.metric])))]));
    }
  }
  return lines.join('\n');
}

/**
 * One figure of issue 10's table, with its goal. Sizes and counts are what CI
 * budgets can be made of; `stable` is false for figures that depend on the
 * machine's speed (times, ratios of times, long-task counts), which never should.
 */
export interface Figure {
  id: string;
  label: string;
  kind: 'size' | 'count' | 'score' | 'time' | 'ratio';
  unit: 'B' | '' | 'requests' | 'iframes' | 'tasks' | 'ms';
  value: number;
  /** The goal of issue 10, when it set one: the figure should be at most this. */
  goal?: number;
  stable: boolean;
  /** Why the value does not measure what the label says (it is then never compared with its goal). */
  invalid?: string;
}

export function meetsGoal(figure: Figure): boolean | null {
  return figure.goal === undefined || figure.invalid !== undefined ? null : figure.value <= figure.goal;
}

export function figuresTable(figures: readonly Figure[]): string {
  const lines = [row(['figure', 'measured', 'goal (issue 10)', 'met']), row(['---', '---:', '---:', '---'])];
  for (const figure of figures) {
    const format = figure.kind === 'score' ? fixed(3) : figure.kind === 'ratio' ? fixed(2) : integer;
    const unit = figure.unit === 'B' ? ' B' : figure.unit === 'ms' ? ' ms' : figure.kind === 'ratio' ? '×' : '';
    const value = format(figure.value);
    const goal = figure.goal === undefined ? '' : `≤ ${format(figure.goal)}${unit}`;
    const met = meetsGoal(figure);
    const verdict = figure.invalid !== undefined ? `n/a: ${figure.invalid}` : met === null ? '' : met ? 'yes' : '**no**';
    lines.push(row([figure.label, `${value}${unit}`, goal, verdict]));
  }
  return lines.join('\n');
}
