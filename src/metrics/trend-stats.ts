/**
 * k6's `summaryTrendStats` grammar: avg, min, med, max, count and p(N) with
 * N in 0..100, decimals allowed (p(99.9)). Each stat resolves to a function
 * of a Histogram.
 */
import type { Histogram } from './histogram.ts';

/** Reads one statistic from a histogram. */
export type TrendStatResolver = (h: Histogram) => number;

const FIXED: Record<string, TrendStatResolver> = {
  avg: (h) => h.mean(),
  min: (h) => h.min,
  med: (h) => h.percentile(50),
  max: (h) => h.max,
  count: (h) => h.count,
};

const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;

/** The percentile N of a `p(N)` stat, or undefined when `stat` is not one (or N > 100). */
export function percentileOf(stat: string): number | undefined {
  const m = PERCENTILE.exec(stat);
  if (!m) return undefined;
  const p = Number(m[1]);
  return p <= 100 ? p : undefined;
}

/** The resolver for a trend stat name, or undefined when the name is not valid k6 grammar. */
export function trendStatResolver(stat: string): TrendStatResolver | undefined {
  if (Object.hasOwn(FIXED, stat)) return FIXED[stat];
  const p = percentileOf(stat);
  return p === undefined ? undefined : (h) => h.percentile(p);
}

/** True when `stat` is a valid summaryTrendStats entry (for option validation). */
export function isValidTrendStat(stat: string): boolean {
  return trendStatResolver(stat) !== undefined;
}

/** k6's default summaryTrendStats. */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
