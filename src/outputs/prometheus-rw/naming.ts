/**
 * k6's Prometheus names for its metrics, so existing dashboards keep
 * working: every series is prefixed `k6_`; a counter ends in `_total`, a rate
 * in `_rate`, a gauge keeps its name; a trend becomes one gauge per stat
 * (`_p99`, `_p95`, `_avg`, `_min`, `_max`, `_med`, `_count`, `_sum`; p(99.9)
 * → `_p999`) or, as a native histogram, takes its base unit (`_seconds`,
 * `_bytes`). Time values travel in seconds, as Prometheus prefers. Tags
 * become labels: names sanitised to Prometheus' grammar, empty values
 * dropped, sorted (the remote-write spec asks for sorted labels).
 */
import type { MetricDefinition, Tags, ValueType } from '../../metrics/index.ts';

export const METRIC_PREFIX = 'k6_';

/** One remote-write label. */
export interface Label {
  name: string;
  value: string;
}

/**
 * The series-name suffix of a trend stat: `p(99)` → `p99`, `p(99.9)` →
 * `p999`, `p(0.5)` → `p05` (k6 drops the parentheses and the dot); the
 * other stats keep their names.
 */
export function statSuffix(stat: string): string {
  if (stat.startsWith('p(') && stat.endsWith(')')) return `p${stat.slice(2, -1).replaceAll('.', '')}`;
  return stat;
}

/** The Prometheus base unit k6 names a native histogram after. */
export function baseUnitSuffix(contains: ValueType): string {
  switch (contains) {
    case 'time': return 'seconds';
    case 'data': return 'bytes';
    default: return '';
  }
}

/** Milliseconds become seconds; bytes and plain numbers stay as they are. */
export function toBaseUnit(contains: ValueType, value: number): number {
  return contains === 'time' ? value / 1000 : value;
}

/** Prometheus' metric and label name grammar: [a-zA-Z_][a-zA-Z0-9_]*; anything else becomes `_`. */
export function sanitizeName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean || '_';
}

/** `k6_<metric>[_<suffix>]`, sanitised. */
export function seriesName(metric: string, suffix: string): string {
  return sanitizeName(`${METRIC_PREFIX}${metric}${suffix === '' ? '' : `_${suffix}`}`);
}

/** The `__name__` suffix per metric type (trend stats and histograms pick their own). */
export function typeSuffix(def: MetricDefinition): string {
  switch (def.type) {
    case 'counter': return 'total';
    case 'rate': return 'rate';
    default: return '';
  }
}

/**
 * A tag set as Prometheus will see it: names sanitised, empty values and
 * `__`-prefixed names left out (when two names sanitise alike, the later in
 * sorted order wins). Two k6 tag sets that normalise alike are one
 * Prometheus series, so their values must be combined before sending.
 */
export function normalizeTags(tags: Tags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags).sort()) {
    const value = tags[k];
    if (value === '') continue;
    const n = sanitizeName(k);
    if (n.startsWith('__')) continue;
    out[n] = value;
  }
  return out;
}

/**
 * The label set of one series: `__name__`, the static labels, then the
 * sample's tags (a tag wins over a static label of the same name). Names
 * starting with `__` are Prometheus' own and are skipped; so are empty
 * values, which Prometheus treats as absent anyway. Sorted by name.
 */
export function labelsOf(name: string, tags: Tags, staticLabels: Readonly<Record<string, string>> = {}): Label[] {
  const byName = new Map<string, string>(Object.entries(normalizeTags(staticLabels)));
  for (const [k, v] of Object.entries(normalizeTags(tags))) byName.set(k, v);
  byName.set('__name__', name);
  return [...byName].map(([n, value]) => ({ name: n, value })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
