/**
 * Thresholds on metrics that do not exist. k6 refuses them before the run
 * (exit 104: `no metric name "…" found`): a metric exists once the init code
 * has run — k6's built-ins, whether or not their module was imported, and
 * the custom metrics the init code created. A metric created later (inside
 * an iteration) does not count, in k6 either.
 */
import { ConfigError } from '../../errors/index.ts';
import { closestName } from '../../lib/index.ts';
import { K6_BUILTIN_METRIC_TYPES } from '../builtin.ts';
import type { ParsedThreshold } from './parse.ts';

/** The hint shown with unknown-metric problems. */
export const UNKNOWN_METRIC_HINT = 'a threshold needs a metric that exists once the init code has run: one of k6\'s built-in metrics, '
  + 'or a custom metric created in init code (e.g. `const myTrend = new Trend(\'my_trend\')` at the top level of the script, not inside a function)';

/**
 * One problem (`thresholds["key"]: …`) per threshold key whose metric name
 * (without the submetric selector) is neither in `knownMetrics` nor one of
 * k6's built-in metrics, with a "did you mean" when a known name is close.
 * Several expressions on the same key give one problem.
 */
export function unknownThresholdMetrics(thresholds: readonly Pick<ParsedThreshold, 'metric' | 'name'>[], knownMetrics: readonly string[]): string[] {
  const known = new Set([...knownMetrics, ...Object.keys(K6_BUILTIN_METRIC_TYPES)]);
  const candidates = [...known];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of thresholds) {
    if (known.has(t.name) || seen.has(t.metric)) continue;
    seen.add(t.metric);
    const match = closestName(t.name, candidates);
    const suggestion = match === undefined ? '' : `; did you mean ${JSON.stringify(t.metric === t.name ? match : match + t.metric.slice(t.metric.indexOf('{')))}?`;
    problems.push(`thresholds[${JSON.stringify(t.metric)}]: no metric name ${JSON.stringify(t.name)} found${suggestion}`);
  }
  return problems;
}

/** The ConfigError (exit 104) for thresholds on unknown metrics, or undefined when every metric exists. */
export function unknownThresholdMetricsError(thresholds: readonly Pick<ParsedThreshold, 'metric' | 'name'>[], knownMetrics: readonly string[]): ConfigError | undefined {
  const problems = unknownThresholdMetrics(thresholds, knownMetrics);
  return problems.length === 0 ? undefined : new ConfigError(problems, UNKNOWN_METRIC_HINT);
}
