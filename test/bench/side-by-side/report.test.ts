/**
 * The bench's arithmetic and tables (no browser, no timing): medians, ratios,
 * the interleaved schedule, goals.
 */
import { describe, expect, test } from 'vitest';
import { comparisonTable, figuresTable, median, meetsGoal, ratio, schedule, summarize, type Figure, type RunMetrics } from './report.ts';

const run = (overrides: Partial<RunMetrics>): RunMetrics => ({
  inViewMs: 80,
  allCardsMs: 100,
  cardsShown: 10,
  firstCardMs: 90,
  fcpMs: 50,
  longTasks: 0,
  longestTaskMs: 0,
  tbtMs: 0,
  cls: 0,
  heapMB: 2,
  domNodes: 100,
  apiRequests: 1,
  preflights: 0,
  iframes: 0,
  jsGzipBytes: 1000,
  jsDecodedBytes: 3000,
  jsBeforeFirstCardBytes: 1000,
  taskMs: 200,
  scriptMs: 100,
  styleLayoutMs: 50,
  ...overrides,
});

describe('median and ratio', () => {
  test('odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    // NaN is "not measured" (all cards never shown without scrolling): left out.
    expect(median([Number.NaN, 7, 9, Number.NaN])).toBe(8);
    expect(median([Number.NaN])).toBeNaN();
  });

  test('a ratio needs a finite, non-zero divisor', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 102)).toBe(0);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });
});

describe('schedule', () => {
  test('interleaves the libraries, alternating which goes first, then the Vitrine-only sizes', () => {
    const order = schedule(2, [1, 10], [1000]).map(({ library, count }) => `${library}@${count}`);
    expect(order).toEqual([
      'vitrine@1',
      'buy-button@1',
      'buy-button@10',
      'vitrine@10',
      'vitrine@1000',
      'buy-button@1',
      'vitrine@1',
      'vitrine@10',
      'buy-button@10',
      'vitrine@1000',
    ]);
  });

  test('spreads the Vitrine-only sizes over the rounds when they run fewer times', () => {
    const order = schedule(7, [1], [1000], 3);
    expect(order.filter((run) => run.count === 1000)).toHaveLength(3);
    expect(order.filter((run) => run.count === 1)).toHaveLength(14);
    // rounds 3, 5 and 7 (each round is two N = 1 runs, then the N = 1000 run when it has one)
    expect(order.map((run) => run.count).join(' ')).toBe('1 1 1 1 1 1 1000 1 1 1 1 1000 1 1 1 1 1000');
  });
});

describe('summaries and tables', () => {
  const vitrine = summarize({ library: 'vitrine', count: 10 }, [run({ allCardsMs: 300 }), run({ allCardsMs: 100 }), run({ allCardsMs: 200 })]);
  const buyButton = summarize({ library: 'buy-button', count: 10 }, [run({ allCardsMs: 1000, iframes: 12, apiRequests: 10 })]);

  test('median, min and max per metric', () => {
    expect(vitrine.median.allCardsMs).toBe(200);
    expect(vitrine.min.allCardsMs).toBe(100);
    expect(vitrine.max.allCardsMs).toBe(300);
    expect(() => summarize({ library: 'vitrine', count: 1 }, [])).toThrow(/no runs/);
  });

  test('the comparison has a ratio row of the medians', () => {
    const table = comparisonTable([buyButton, vitrine]);
    const lines = table.split('\n');
    expect(lines[2]).toMatch(/^\| 10 \| Vitrine \| 80 \(80–80\) \| 200 \(100–300\) \|/);
    expect(lines[3]).toMatch(/^\| 10 \| Buy Button \| 80 \| 1,000 \|/);
    expect(lines[4]).toContain('| 0.20× |');
    // 0 iframes against 12: a ratio of 0; 1 request against 10: 0.10.
    expect(lines[4]).toContain('| 0.10× |');
    expect(lines[4]).toContain('| 0.00× |');
  });

  test('a library that never showed all cards (loaded on scroll) says how many it showed', () => {
    const lazy = summarize({ library: 'vitrine', count: 100 }, [run({ allCardsMs: Number.NaN, cardsShown: 4 }), run({ allCardsMs: Number.NaN, cardsShown: 6 })]);
    expect(comparisonTable([lazy]).split('\n')[2]).toContain('| — [4–6 of 100 shown] |');
  });

  test('goals: met, missed, or none set', () => {
    const figure = (value: number, goal?: number): Figure => ({ id: 'x', label: 'x', kind: 'size', unit: 'B', value, stable: true, ...(goal === undefined ? {} : { goal }) });
    expect(meetsGoal(figure(18_000, 18_000))).toBe(true);
    expect(meetsGoal(figure(18_001, 18_000))).toBe(false);
    expect(meetsGoal(figure(5))).toBeNull();
    expect(meetsGoal({ ...figure(5, 20_000), invalid: 'registration dropped' })).toBeNull();
    expect(figuresTable([{ ...figure(5, 20_000), invalid: 'registration dropped' }])).toContain('| 5 B | ≤ 20,000 B | n/a: registration dropped |');
    const table = figuresTable([figure(43_853, 18_000), { ...figure(0.1, 0), kind: 'score', unit: '', label: 'cls' }]);
    expect(table).toContain('| x | 43,853 B | ≤ 18,000 B | **no** |');
    expect(table).toContain('| cls | 0.100 | ≤ 0.000 | **no** |');
  });
});
