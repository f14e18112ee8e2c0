/**
 * resolveOptions: merged options → validated ResolvedOptions, or one
 * ConfigError listing every problem (`path: message`) at once.
 */
import { ExecutionTuple, SegmentError, parseSegment, parseSegmentSequence } from './execution-segment.ts';
import { segmentScenario, SegmentScenarioError } from './segment-scenarios.ts';
import { ConfigError } from '../errors/index.ts';
import type { Options, ResolvedOptions, ScenarioConfig } from './options.ts';
import { DEFAULT_OPTIONS, IGNORED_OPTIONS, OPTION_KINDS, SUMMARY_MODES, SUMMARY_TIME_UNITS, type OptionKind } from './known-options.ts';
import { isValidTrendStat } from '../metrics/index.ts';
import { formatDuration, tryParseDuration } from './duration.ts';
import { mergeOptions } from './merge.ts';
import { deriveScenarios } from './scenarios.ts';
import { didYouMean } from '../lib/index.ts';
import { normalizeThresholds } from './thresholds.ts';
import { isSet, readBool, readCount, readString, readStringList, readStringMap, show } from './values.ts';
import { tlsSettingsFrom } from './tls.ts';
import { dnsSettingsFrom } from './dns.ts';
import { newRateLimitBuffer } from '../lib/rate-limit.ts';

const HINT = 'option names, formats and defaults follow k6: https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/';

function checkTrendStats(value: unknown, problems: string[]): void {
  const stats = readStringList(value, 'summaryTrendStats', problems);
  stats?.forEach((stat, i) => {
    if (isValidTrendStat(stat)) return;
    problems.push(`summaryTrendStats[${i}]: unknown stat ${show(stat)}; use avg, min, med, max, count or p(N) such as p(99.9)`);
  });
}

function checkOneOf(key: string, value: unknown, allowed: readonly string[], problems: string[]): void {
  const text = readString(value, key, problems);
  if (text !== undefined && !allowed.includes(text)) problems.push(`${key}: must be one of ${allowed.join(', ')}, got ${show(text)}`);
}

const CHECKS: Partial<Record<OptionKind, (key: string, value: unknown, problems: string[]) => void>> = {
  count: (key, value, problems) => { readCount(value, key, problems); },
  bool: (key, value, problems) => { readBool(value, key, problems); },
  string: (key, value, problems) => { readString(value, key, problems); },
  stringList: (key, value, problems) => { readStringList(value, key, problems); },
  stringMap: (key, value, problems) => { readStringMap(value, key, problems); },
  trendStats: (_key, value, problems) => checkTrendStats(value, problems),
  timeUnit: (key, value, problems) => checkOneOf(key, value, SUMMARY_TIME_UNITS, problems),
  summaryMode: (key, value, problems) => checkOneOf(key, value, SUMMARY_MODES, problems),
};

/** Type checks for every known top-level option; unknown names become warnings. */
function checkTopLevel(opts: Options, problems: string[], warnings: string[]): void {
  const known = Object.keys(OPTION_KINDS);
  for (const [key, value] of Object.entries(opts)) {
    if (!isSet(value)) continue;
    const kind = OPTION_KINDS[key];
    if (kind === undefined) { warnings.push(`${key}: unknown option, ignored${didYouMean(key, known)}`); continue; }
    if (kind === 'ignored') { warnings.push(`${key}: ${IGNORED_OPTIONS[key]}`); continue; }
    CHECKS[kind]?.(key, value, problems);
  }
  readCount(opts.vus, 'vus', problems);
  readCount(opts.iterations, 'iterations', problems);
  // each kept request is inserted in order: a list of thousands would cost every slow request that much
  if (typeof opts.exemplars === 'number' && opts.exemplars > MAX_EXEMPLARS) problems.push(`exemplars: at most ${MAX_EXEMPLARS} per request name, got ${opts.exemplars}`);
}

/** The most exemplars per request name and list (`--exemplars`). */
const MAX_EXEMPLARS = 100;

/** A duration option in ms: `fallback` when unset, and it must be > 0 (or >= 0). */
function durationOption(opts: Options, key: string, fallbackMs: number, positive: boolean, problems: string[]): number {
  if (!isSet(opts[key])) return fallbackMs;
  const ms = tryParseDuration(opts[key], key, problems);
  if (ms === undefined) return fallbackMs;
  if (positive ? ms <= 0 : ms < 0) problems.push(`${key}: must be ${positive ? '>' : '>='} 0, got ${formatDuration(ms)}`);
  return ms;
}

/**
 * The scenarios as this instance runs them under `executionSegment` and
 * `executionSegmentSequence` (k6's): each its share, those it has no part in
 * left out. A bad segment is a problem on its option path.
 */
function segmentedScenarios(configs: ScenarioConfig[], opts: Options, problems: string[]): ScenarioConfig[] {
  const parsed = <T>(key: 'executionSegment' | 'executionSegmentSequence', parse: (text: string) => T): T | undefined => {
    try {
      return parse(typeof opts[key] === 'string' ? opts[key] : '');
    } catch (err) {
      if (!(err instanceof SegmentError)) throw err;
      problems.push(`${key}: ${err.message}`);
      return undefined;
    }
  };
  const before = problems.length;
  const segment = parsed('executionSegment', parseSegment);
  const sequence = parsed('executionSegmentSequence', parseSegmentSequence);
  if (problems.length > before) return configs;
  const tuple = parsed('executionSegment', () => ExecutionTuple.of(segment, sequence));
  if (tuple === undefined) return configs;
  const out: ScenarioConfig[] = [];
  for (const c of configs) {
    try {
      const mine = segmentScenario(c, tuple);
      if (mine) out.push(mine);
    } catch (err) {
      if (!(err instanceof SegmentScenarioError)) throw err;
      problems.push(`${err.message} (executionSegment ${tuple})`);
    }
  }
  return out;
}

/**
 * Validates merged options (see mergeOptions), fills k6's defaults and
 * derives the scenarios. `extraProblems` (e.g. from optionsFromEnv or CLI
 * parsing) are reported in the same error. Throws one ConfigError (exit 104)
 * listing every problem, each `path: message`, duplicates removed. Things k6
 * would silently ignore come back in `warnings` instead.
 */
export function resolveOptions(merged: Options, extraProblems: readonly string[] = []): ResolvedOptions {
  const problems: string[] = [...extraProblems];
  const warnings: string[] = [];
  const opts = mergeOptions(structuredClone(DEFAULT_OPTIONS) as Options, merged);
  checkTopLevel(merged, problems, warnings); // the defaults are valid; this keeps the user's order
  const thresholds = normalizeThresholds(opts.thresholds, problems, warnings);
  const derived = deriveScenarios(opts, problems, warnings);
  const { scenarios } = derived;
  const configs = segmentedScenarios(derived.configs, opts, problems);
  const setupTimeoutMs = durationOption(opts, 'setupTimeout', 60_000, true, problems);
  const teardownTimeoutMs = durationOption(opts, 'teardownTimeout', 60_000, true, problems);
  const minIterationDurationMs = durationOption(opts, 'minIterationDuration', 0, false, problems);
  // parsed here, so a bad value exits 104 before anything runs; the runtime uses the parsed settings
  const tlsSettings = tlsSettingsFrom(opts, problems, warnings);
  const dnsSettings = dnsSettingsFrom(opts.dns, problems, warnings);
  const summary = summaryConsumers(opts, warnings);
  if (problems.length > 0) throw new ConfigError([...new Set(problems)], HINT);
  return {
    ...opts,
    ...summary,
    scenarios,
    scenarioConfigs: configs,
    // k6's noThresholds: the thresholds are checked (above) but not evaluated
    thresholds: opts.noThresholds === true ? {} : thresholds,
    summaryTrendStats: opts.summaryTrendStats as string[],
    setupTimeoutMs,
    teardownTimeoutMs,
    minIterationDurationMs,
    ...(tlsSettings && { tlsSettings }),
    ...(dnsSettings && { dnsSettings }),
    // k6's global request rate: one shared limiter for every worker (runtime/modules/k6/http)
    ...(typeof opts.rps === 'number' && opts.rps > 0 && { rpsLimiter: newRateLimitBuffer() }),
    warnings: [...new Set(warnings)],
  };
}

/**
 * summaryMode and summaryExport as far as the run acts on them:
 * `disabled` turns the summary off (text, handleSummary and export, as in
 * k6); `full` and `legacy` are not rendered yet and say so;
 * summaryExport is written only from the --summary-export flag.
 */
function summaryConsumers(opts: Options, warnings: string[]): Partial<Options> {
  if (isSet(opts.summaryExport)) warnings.push(`summaryExport: not written from options or K6_SUMMARY_EXPORT; use --summary-export ${show(opts.summaryExport)}`);
  if (opts.summaryMode === 'disabled') return { noSummary: true };
  if (opts.summaryMode === 'full' || opts.summaryMode === 'legacy') warnings.push(`summaryMode: ${show(opts.summaryMode)} is not supported yet; the compact summary is printed`);
  return {};
}
