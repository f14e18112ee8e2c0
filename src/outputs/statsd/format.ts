/**
 * One raw sample → one StatsD line, the way k6's statsd output wrote it:
 * `<namespace><metric>:<value>|<type>[|#tag:value,…]`. Counters are `c`,
 * gauges `g`, trends `ms` (timings), rates `c` with 1 or 0; a rate sample
 * carrying a `check` tag (the `checks` metric) becomes a count of
 * `check.<name>.pass` or `check.<name>.fail`. Tags follow DogStatsD and
 * are written only when enabled, without the blocklisted ones and without
 * empty values. Characters that would break the line are replaced by `_`.
 */
import type { MetricType, RawPoint } from '../../metrics/index.ts';

export interface LineOptions {
  namespace: string;
  enableTags: boolean;
  tagBlocklist: ReadonlySet<string>;
}

const TYPE_CODE: Record<MetricType, string> = { counter: 'c', gauge: 'g', trend: 'ms', rate: 'c' };

/** A number as Go's strconv.FormatFloat(v, 'f', -1, 64) prints it: shortest digits, never an exponent. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const text = String(v);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = v < 0;
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** A metric name may not hold the `:` or `|` that frame the line, nor a line break. */
function cleanName(name: string): string {
  return /[:|\n\r]/.test(name) ? name.replace(/[:|\n\r]/g, '_') : name;
}

/** A tag may not hold the `,` and `|` that frame the tag list, nor a line break; a key may not hold the `:` that ends it. */
function cleanTag(text: string, isKey: boolean): string {
  const bad = isKey ? /[:,|\n\r]/g : /[,|\n\r]/g;
  return text.replace(bad, '_');
}

/** `|#k:v,…` for the tags that are sent, or '' when none is. */
export function tagSuffix(tags: Readonly<Record<string, string>>, blocklist: ReadonlySet<string>): string {
  let out = '';
  for (const key in tags) {
    const value = tags[key];
    if (value === '' || blocklist.has(key)) continue;
    out += `${out === '' ? '|#' : ','}${cleanTag(key, true)}:${cleanTag(value, false)}`;
  }
  return out;
}

/** The StatsD line for one sample of a metric of type `type`. */
export function statsdLine(p: RawPoint, type: MetricType, o: LineOptions): string {
  let name = p.metric;
  let value = p.value;
  if (type === 'rate') {
    const check = p.tags.check;
    if (check !== undefined) {
      name = `check.${check}.${p.value === 0 ? 'fail' : 'pass'}`;
      value = 1;
    } else {
      value = p.value === 0 ? 0 : 1;
    }
  }
  const tags = o.enableTags ? tagSuffix(p.tags, o.tagBlocklist) : '';
  return `${cleanName(o.namespace + name)}:${formatValue(value)}|${TYPE_CODE[type]}${tags}`;
}
