/**
 * Parses k6's `thresholds` option: metric keys with optional submetric
 * selectors (`http_req_duration{status:200}`), expressions
 * (`p(95) < 500`) and the long form `{ threshold, abortOnFail,
 * delayAbortEval }`. Every problem is collected and reported together as
 * one ConfigError whose lines start with the option path.
 */
import { ConfigError } from '../../errors/index.ts';
import { parseDurationMs } from './duration.ts';
import { K6_BUILTIN_METRIC_TYPES } from '../builtin.ts';
import type { MetricType, Tags } from '../types.ts';

/** k6's threshold comparison operators. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

/** One parsed expression such as `p(95)<500`. */
export interface ThresholdExpression {
  /** `avg`, `min`, `max`, `med`, `count`, `rate`, `value` or `p(N)` as written (without spaces) */
  aggregation: string;
  /** N of `p(N)`, else undefined */
  percentile: number | undefined;
  operator: ThresholdOperator;
  value: number;
}

/** A metric key as written in `thresholds`, split into metric name and submetric filter. */
export interface MetricKey {
  name: string;
  /** tag filter of the submetric; empty for the metric itself */
  filter: Tags;
}

/** One threshold, ready for `evaluateThresholds`. */
export interface ParsedThreshold extends ThresholdExpression, MetricKey {
  /** the metric key exactly as written, e.g. `http_req_duration{status:200}` */
  metric: string;
  /** the expression exactly as written */
  source: string;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

/** The long form of a threshold (same shape as config's ThresholdLongForm). */
export interface ThresholdLongFormInput {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string | number;
}
/** A threshold as users write it: an expression or the long form. */
export type ThresholdInput = string | ThresholdLongFormInput;

/** Options for `parseThresholds`. */
export interface ParseThresholdsOptions {
  /**
   * The type of a metric by name, to check that each aggregation fits it.
   * k6's built-in metrics are known without it; a metric unknown to both
   * is checked later, by `evaluateThresholds`.
   */
  metricType?: (name: string) => MetricType | undefined;
}

const OPERATORS: readonly ThresholdOperator[] = ['===', '==', '!=', '<=', '>=', '<', '>'];
const FIXED_METHODS = ['count', 'rate', 'value', 'avg', 'min', 'max', 'med'];

/** Which aggregation methods each metric type accepts (k6's table). */
export const METHODS_BY_TYPE: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['count', 'rate'],
  // min and max are Stampede's documented addition (k6 takes value only): a probe's peak is what a plan gates on
  gauge: ['value', 'min', 'max'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

/** Problem text when `aggregation` does not fit a metric of `type`, else undefined. */
export function aggregationMismatch(aggregation: string, type: MetricType, metricName: string): string | undefined {
  const allowed = METHODS_BY_TYPE[type];
  const method = aggregation.startsWith('p(') ? 'p(N)' : aggregation;
  if (allowed.includes(method)) return undefined;
  return `aggregation method "${aggregation}" does not apply to ${type} metric "${metricName}"; use ${allowed.join(' or ')}`;
}

/** Parses one expression; returns it or a problem message (without the option path). */
export function tryParseExpression(source: string): ThresholdExpression | string {
  const text = source.trim();
  let opAt = -1;
  let operator: ThresholdOperator | undefined;
  for (let i = 0; i < text.length && operator === undefined; i++) {
    for (const op of OPERATORS) {
      if (text.startsWith(op, i)) {
        opAt = i;
        operator = op;
        break;
      }
    }
  }
  if (operator === undefined) {
    return `"${source}" is not a threshold expression; write <aggregation> <operator> <number>, e.g. "p(95)<500" (operators: < <= > >= == === !=)`;
  }
  if ((operator === '<' || operator === '>') && text[opAt - 1] === '=') {
    return `"=${operator}" in "${source}" is not an operator; use ${operator}=`;
  }
  const aggregation = text.slice(0, opAt).replace(/\s+/g, '');
  const valueText = text.slice(opAt + operator.length).trim();
  const method = parseAggregation(aggregation);
  if (typeof method === 'string') return method;
  const value = valueText === '' ? NaN : Number(valueText);
  if (!Number.isFinite(value)) return `"${valueText}" in "${source}" is not a number`;
  return { aggregation, percentile: method.percentile, operator, value };
}

function parseAggregation(aggregation: string): { percentile: number | undefined } | string {
  if (aggregation === '') return 'the aggregation method is missing; e.g. "p(95)<500" or "rate<0.01"';
  if (FIXED_METHODS.includes(aggregation)) return { percentile: undefined };
  const p = /^p\(([^)]*)\)$/.exec(aggregation);
  if (p) {
    const n = p[1] === '' ? NaN : Number(p[1]);
    if (!Number.isFinite(n) || n < 0 || n > 100) return `percentile "${aggregation}" must be p(N) with N between 0 and 100`;
    return { percentile: n };
  }
  const shorthand = /^p(\d+(?:\.\d+)?)$/.exec(aggregation);
  if (shorthand) return `unknown aggregation method "${aggregation}"; use p(${shorthand[1]})`;
  return `unknown aggregation method "${aggregation}"; use one of ${FIXED_METHODS.join(', ')}, p(N)`;
}

const QUOTES = /^["'`]+|["'`]+$/g;

/** Parses a metric key with an optional `{tag:value,…}` selector; returns it or a problem message. */
export function tryParseMetricKey(key: string): MetricKey | string {
  const open = key.indexOf('{');
  if (open === -1) {
    const name = key.trim();
    return name === '' ? 'the metric name is empty' : { name, filter: {} };
  }
  const name = key.slice(0, open).trim();
  if (name === '') return `"${key}" has no metric name before "{"`;
  const close = key.lastIndexOf('}');
  if (close < open || key.slice(close + 1).trim() !== '') return `"${key}": the submetric selector must end with "}"`;
  const inner = key.slice(open + 1, close).trim();
  if (inner === '') return `"${key}": the submetric selector is empty; write tags as {name:value}`;
  const filter: Record<string, string> = {};
  for (const pair of inner.split(',')) {
    const colon = pair.indexOf(':');
    if (colon === -1) return `"${key}": "${pair.trim()}" is not a tag filter; write it as name:value`;
    const tag = pair.slice(0, colon).trim().replace(QUOTES, '').trim();
    const value = pair.slice(colon + 1).trim().replace(QUOTES, '');
    if (tag === '') return `"${key}": a tag name is empty`;
    filter[tag] = value;
  }
  return { name, filter };
}

/** Parses one expression; throws ConfigError when it is not valid. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  const r = tryParseExpression(source);
  if (typeof r === 'string') throw new ConfigError([r]);
  return r;
}

/** Parses one metric key; throws ConfigError when it is not valid. */
export function parseMetricKey(key: string): MetricKey {
  const r = tryParseMetricKey(key);
  if (typeof r === 'string') throw new ConfigError([r]);
  return r;
}

/**
 * Parses the whole `thresholds` option (each key's value may be one
 * threshold or a list). Returns thresholds in option order; throws one
 * ConfigError listing every problem, each prefixed with its option path,
 * e.g. `thresholds["http_req_duration"][0]: unknown aggregation method "p95"; use p(95)`.
 */
export function parseThresholds(
  spec: Readonly<Record<string, ThresholdInput | readonly ThresholdInput[]>> | undefined,
  opts: ParseThresholdsOptions = {},
): ParsedThreshold[] {
  const out: ParsedThreshold[] = [];
  const problems: string[] = [];
  for (const [metric, value] of Object.entries(spec ?? {})) {
    const keyPath = `thresholds[${JSON.stringify(metric)}]`;
    const key = tryParseMetricKey(metric);
    if (typeof key === 'string') {
      problems.push(`${keyPath}: ${key}`);
      continue;
    }
    const type = opts.metricType?.(key.name) ?? K6_BUILTIN_METRIC_TYPES[key.name];
    const list: readonly unknown[] = Array.isArray(value) ? value : [value];
    list.forEach((item, i) => {
      const t = parseOne(item, `${keyPath}[${i}]`, metric, key, type, problems);
      if (t) out.push(t);
    });
  }
  if (problems.length > 0) throw new ConfigError(problems, 'see https://grafana.com/docs/k6/latest/using-k6/thresholds/');
  return out;
}

function parseOne(item: unknown, path: string, metric: string, key: MetricKey, type: MetricType | undefined, problems: string[]): ParsedThreshold | undefined {
  const long = typeof item === 'object' && item !== null ? item as Record<string, unknown> : undefined;
  const source = long ? long.threshold : item;
  if (typeof source !== 'string') {
    problems.push(long ? `${path}.threshold: must be a string such as "p(95)<500"` : `${path}: must be a string such as "p(95)<500" or an object { threshold, abortOnFail, delayAbortEval }`);
    return undefined;
  }
  const expr = tryParseExpression(source);
  if (typeof expr === 'string') {
    problems.push(`${path}: ${expr}`);
    return undefined;
  }
  const mismatch = type && aggregationMismatch(expr.aggregation, type, key.name);
  if (mismatch) {
    problems.push(`${path}: ${mismatch}`);
    return undefined;
  }
  const abortOnFail = long?.abortOnFail ?? false;
  if (typeof abortOnFail !== 'boolean') problems.push(`${path}.abortOnFail: must be true or false`);
  const delay = long?.delayAbortEval ?? 0;
  const delayAbortEvalMs = typeof delay === 'string' || typeof delay === 'number' ? parseDurationMs(delay) : undefined;
  if (delayAbortEvalMs === undefined) problems.push(`${path}.delayAbortEval: ${JSON.stringify(delay)} is not a duration; write e.g. "10s" or "1m30s"`);
  return { ...expr, ...key, metric, source, abortOnFail: abortOnFail === true, delayAbortEvalMs: delayAbortEvalMs ?? 0 };
}
