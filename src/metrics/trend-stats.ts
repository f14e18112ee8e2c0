/**
 * k6's `summaryTrendStats` grammar: avg, min, med, max, count and p(N) with
 * N in 0..100, decimals allowed (p(99.9)). `parseTrendStat` is the one
 * parser of that grammar (option validation, the summary, outputs); a
 * parsed stat is read from a histogram with `trendStatOf`.
 */
import type { HistogramView } from './histogram.ts';

/** A parsed trend stat; `name` is the stat as written. */
export type TrendStat =
  | { readonly name: string; readonly kind: 'avg' | 'min' | 'med' | 'max' | 'count' }
  | { readonly name: string; readonly kind: 'percentile'; readonly p: number };

/** Reads one statistic from a histogram. */
export type TrendStatResolver = (h: HistogramView) => number;

const FIXED = new Set(['avg', 'min', 'med', 'max', 'count']);
const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;
/** parsed stats by name: option lists name a handful, read on every summary and dashboard period */
const parsed = new Map<string, TrendStat | undefined>();
const MAX_CACHED = 256;

/**
 * Parses a trend stat name: `avg`, `min`, `med`, `max`, `count` or `p(N)`
 * with N a decimal number in 0..100 (`p(95)`, `p(99.9)`). Undefined when
 * `name` is not valid k6 grammar (`p95`, `p(101)`, `median`, `p( 95 )`).
 */
export function parseTrendStat(name: string): TrendStat | undefined {
  if (parsed.has(name)) return parsed.get(name);
  let stat: TrendStat | undefined;
  if (FIXED.has(name)) stat = { name, kind: name as 'avg' | 'min' | 'med' | 'max' | 'count' };
  else {
    const m = PERCENTILE.exec(name);
    const p = m ? Number(m[1]) : NaN;
    if (p <= 100) stat = { name, kind: 'percentile', p };
  }
  if (parsed.size < MAX_CACHED) parsed.set(name, stat);
  return stat;
}

/** The value of `stat` over a histogram (0 for every stat but count of an empty one). */
export function trendStatOf(h: HistogramView, stat: TrendStat): number {
  switch (stat.kind) {
    case 'avg': return h.mean();
    case 'min': return h.min;
    case 'med': return h.percentile(50);
    case 'max': return h.max;
    case 'count': return h.count;
    case 'percentile': return h.percentile(stat.p);
  }
}

/** True when `stat` is a valid summaryTrendStats entry (for option validation). */
export function isValidTrendStat(stat: string): boolean {
  return parseTrendStat(stat) !== undefined;
}

/** The percentile N of a `p(N)` stat, or undefined when `stat` is not one (or N > 100). */
export function percentileOf(stat: string): number | undefined {
  const s = parseTrendStat(stat);
  return s?.kind === 'percentile' ? s.p : undefined;
}

/** The resolver for a trend stat name, or undefined when the name is not valid k6 grammar. */
export function trendStatResolver(stat: string): TrendStatResolver | undefined {
  const s = parseTrendStat(stat);
  return s === undefined ? undefined : (h) => trendStatOf(h, s);
}

/** k6's default summaryTrendStats. */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
