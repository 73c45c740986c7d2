/**
 * Medians, ratios, the printed tables and the JSON of the side-by-side bench.
 * Pure functions: unit-tested in report.test.ts (no timing involved).
 */

export type Library = 'vitrine' | 'buy-button';

/** The figures of one run of one page. */
export interface RunMetrics {
  /** ms from navigation start until every card's title and price are shown (see probe.ts). */
  allCardsMs: number;
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

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
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

export function summarize(configuration: Configuration, runs: readonly RunMetrics[]): ConfigurationResult {
  if (runs.length === 0) throw new Error(`no runs for ${configuration.library} at N = ${configuration.count}`);
  return {
    ...configuration,
    runs: [...runs],
    median: reduce(runs, median),
    min: reduce(runs, (values) => Math.min(...values)),
    max: reduce(runs, (values) => Math.max(...values)),
  };
}

/**
 * Interleaved order of the runs: round after round, every N; within an N the
 * two libraries alternate which goes first (ABBA), so slow drift of a shared
 * machine falls on both.
 */
export function schedule(rounds: number, counts: readonly number[], aloneCounts: readonly number[]): Configuration[] {
  const order: Configuration[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const count of counts) {
      const pair: Library[] = (round + counts.indexOf(count)) % 2 === 0 ? ['vitrine', 'buy-button'] : ['buy-button', 'vitrine'];
      for (const library of pair) order.push({ library, count });
    }
    for (const count of aloneCounts) order.push({ library: 'vitrine', count });
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
  { title: 'all cards shown, ms (min–max)', metric: 'allCardsMs', format: integer, range: true },
  { title: 'first card, ms', metric: 'firstCardMs', format: integer },
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
            return column.range && result.runs.length > 1 ? `${value} (${column.format(result.min[column.metric])}–${column.format(result.max[column.metric])})` : value;
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
 * A figure that is a size, a count or a score: what CI budgets can be made of.
 * `stable` is false for counts that depend on the machine's speed (long tasks).
 */
export interface Figure {
  id: string;
  label: string;
  kind: 'size' | 'count' | 'score';
  unit: 'B' | '' | 'requests' | 'iframes' | 'tasks';
  value: number;
  /** The goal of issue 10, when it set one: the figure should be at most this. */
  goal?: number;
  stable: boolean;
}

export function meetsGoal(figure: Figure): boolean | null {
  return figure.goal === undefined ? null : figure.value <= figure.goal;
}

export function figuresTable(figures: readonly Figure[]): string {
  const lines = [row(['figure', 'measured', 'goal (issue 10)', 'met']), row(['---', '---:', '---:', '---'])];
  for (const figure of figures) {
    const value = figure.kind === 'score' ? figure.value.toFixed(3) : integer(figure.value);
    const unit = figure.unit === 'B' ? ' B' : '';
    const goal = figure.goal === undefined ? '' : `≤ ${figure.kind === 'score' ? figure.goal.toFixed(3) : integer(figure.goal)}${unit}`;
    const met = meetsGoal(figure);
    lines.push(row([figure.label, `${value}${unit}`, goal, met === null ? '' : met ? 'yes' : '**no**']));
  }
  return lines.join('\n');
}
