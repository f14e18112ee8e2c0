/**
 * Shape checks for `options.thresholds`, normalised to arrays. The
 * expressions themselves (`p(95)<500`) are parsed by metrics/thresholds.
 */
import type { ThresholdSpec } from './options.ts';
import { tryParseDuration } from './duration.ts';
import { didYouMean } from '../lib/index.ts';
import { childPath, isPlainObject, isSet, readBool, show } from './values.ts';

const LONG_FORM_KEYS = ['threshold', 'abortOnFail', 'delayAbortEval'];

function readSpec(spec: unknown, path: string, problems: string[], warnings: string[]): ThresholdSpec | undefined {
  if (typeof spec === 'string') {
    if (spec.trim() !== '') return spec;
    problems.push(`${path}: must not be empty; write an expression like "p(95)<500"`);
    return undefined;
  }
  if (!isPlainObject(spec)) {
    problems.push(`${path}: must be an expression like "p(95)<500" or { threshold, abortOnFail?, delayAbortEval? }, got ${show(spec)}`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(spec)) {
    if (!LONG_FORM_KEYS.includes(key)) warnings.push(`${path}.${key}: unknown threshold option, ignored${didYouMean(key, LONG_FORM_KEYS)}`);
  }
  if (typeof spec.threshold !== 'string' || spec.threshold.trim() === '') {
    problems.push(`${path}.threshold: must be an expression like "p(95)<500", got ${show(spec.threshold)}`);
  }
  readBool(spec.abortOnFail, `${path}.abortOnFail`, problems);
  if (isSet(spec.delayAbortEval)) {
    const ms = tryParseDuration(spec.delayAbortEval, `${path}.delayAbortEval`, problems);
    if (ms !== undefined && ms < 0) problems.push(`${path}.delayAbortEval: must be >= 0`);
  }
  return problems.length === before ? (spec as unknown as ThresholdSpec) : undefined;
}

/**
 * Checks `thresholds` and returns it with every entry as an array
 * (`{ http_req_duration: 'p(95)<500' }` → `{ http_req_duration: ['p(95)<500'] }`).
 * Unset gives `{}`. Problems and warnings are pushed as `path: message`.
 */
export function normalizeThresholds(value: unknown, problems: string[], warnings: string[]): Record<string, ThresholdSpec[]> {
  const out: Record<string, ThresholdSpec[]> = {};
  if (!isSet(value)) return out;
  if (!isPlainObject(value)) {
    problems.push(`thresholds: must be an object mapping metric names to threshold expressions, got ${show(value)}`);
    return out;
  }
  for (const [metric, entry] of Object.entries(value)) {
    const path = childPath('thresholds', metric);
    if (metric.trim() === '') { problems.push(`${path}: the metric name must not be empty`); continue; }
    const specs = Array.isArray(entry)
      ? entry.map((spec, i) => readSpec(spec, `${path}[${i}]`, problems, warnings))
      : [readSpec(entry, path, problems, warnings)];
    out[metric] = specs.filter((s): s is ThresholdSpec => s !== undefined);
  }
  return out;
}
