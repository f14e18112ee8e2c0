/**
 * The one list of built-in metrics: k6's (core, k6/ws, k6/net/grpc,
 * k6/browser) and Stampede's own, each with its type, `contains` and the
 * section of k6's end-of-test summary it shows under. Everything else
 * derives from it: the metrics a worker defines before the script runs, the
 * threshold type checks made before the run, the summary's sections and
 * the HTML report's built-in/custom split.
 */
import type { MetricDefinition, MetricType } from './types.ts';

/** A section of k6's (compact) end-of-test summary; CHECKS is the checks block above the metrics. */
export type SummarySection = 'CUSTOM' | 'CHECKS' | 'HTTP' | 'EXECUTION' | 'NETWORK' | 'BROWSER' | 'WEBVITALS' | 'GRPC' | 'WEBSOCKET' | 'PROBES';

/** The order of the metric sections in the summary (CHECKS has its own block). */
export const SUMMARY_SECTION_ORDER: readonly SummarySection[] = ['CUSTOM', 'HTTP', 'EXECUTION', 'NETWORK', 'BROWSER', 'WEBVITALS', 'GRPC', 'WEBSOCKET', 'PROBES'];

/** One built-in metric. */
export interface BuiltinMetric extends MetricDefinition {
  section: SummarySection;
  /** `k6`: one of k6's metrics; `stampede`: Stampede's own, unknown to k6 */
  origin: 'k6' | 'stampede';
  /**
   * Stampede records it: every VU worker defines it before the script runs.
   * False for k6/browser's, which the module defines when a script imports
   * it (known here so that thresholds on them are accepted as k6 accepts them).
   */
  emitted: boolean;
  /** the compact summary leaves it out of the metric sections (k6's list; matched as a name prefix) */
  hiddenInSummary?: boolean;
}

type Row = [name: string, type: MetricType, contains: MetricDefinition['contains'], section: SummarySection, flags?: { hidden?: boolean; stampede?: boolean; notEmitted?: boolean }];

const HIDDEN = { hidden: true };
const ROWS: readonly Row[] = [
  ['checks', 'rate', 'default', 'CHECKS', HIDDEN],
  ['data_received', 'counter', 'data', 'NETWORK'],
  ['data_sent', 'counter', 'data', 'NETWORK'],
  ['group_duration', 'trend', 'time', 'EXECUTION', HIDDEN],
  ['http_req_blocked', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_req_connecting', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_req_duration', 'trend', 'time', 'HTTP'],
  ['http_req_failed', 'rate', 'default', 'HTTP'],
  ['http_req_receiving', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_req_sending', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_req_tls_handshaking', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_req_waiting', 'trend', 'time', 'HTTP', HIDDEN],
  ['http_reqs', 'counter', 'default', 'HTTP'],
  ['iteration_duration', 'trend', 'time', 'EXECUTION'],
  ['iterations', 'counter', 'default', 'EXECUTION'],
  ['dropped_iterations', 'counter', 'default', 'EXECUTION'],
  ['vus', 'gauge', 'default', 'EXECUTION'],
  ['vus_max', 'gauge', 'default', 'EXECUTION'],
  ['ws_connecting', 'trend', 'time', 'WEBSOCKET'],
  ['ws_msgs_received', 'counter', 'default', 'WEBSOCKET'],
  ['ws_msgs_sent', 'counter', 'default', 'WEBSOCKET'],
  ['ws_ping', 'trend', 'time', 'WEBSOCKET'],
  ['ws_session_duration', 'trend', 'time', 'WEBSOCKET'],
  ['ws_sessions', 'counter', 'default', 'WEBSOCKET'],
  ['grpc_req_duration', 'trend', 'time', 'GRPC'],
  ['grpc_streams', 'counter', 'default', 'GRPC'],
  ['grpc_streams_msgs_received', 'counter', 'default', 'GRPC'],
  ['grpc_streams_msgs_sent', 'counter', 'default', 'GRPC'],
  // Stampede's own: script exceptions (each ends its iteration) …
  ['script_errors', 'counter', 'default', 'EXECUTION', { stampede: true }],
  // … and how late arrival-rate iterations started against their schedule
  ['iteration_lateness', 'trend', 'time', 'EXECUTION', { stampede: true }],
  // … and how much later than asked closed-model VUs woke from sleep()
  ['sleep_lateness', 'trend', 'time', 'EXECUTION', { stampede: true }],
  // … and the generator's memory: this process and the browsers it started
  ['generator_memory', 'gauge', 'data', 'EXECUTION', { stampede: true }],
  ['browser_data_received', 'counter', 'data', 'BROWSER', { notEmitted: true }],
  ['browser_data_sent', 'counter', 'data', 'BROWSER', { notEmitted: true }],
  ['browser_http_req_duration', 'trend', 'time', 'BROWSER', { notEmitted: true }],
  ['browser_http_req_failed', 'rate', 'default', 'BROWSER', { notEmitted: true }],
  ['browser_web_vital_cls', 'trend', 'default', 'WEBVITALS', { notEmitted: true }],
  ['browser_web_vital_fcp', 'trend', 'time', 'WEBVITALS', { notEmitted: true }],
  ['browser_web_vital_fid', 'trend', 'time', 'WEBVITALS', { notEmitted: true }],
  ['browser_web_vital_inp', 'trend', 'time', 'WEBVITALS', { notEmitted: true }],
  ['browser_web_vital_lcp', 'trend', 'time', 'WEBVITALS', { notEmitted: true }],
  ['browser_web_vital_ttfb', 'trend', 'time', 'WEBVITALS', { notEmitted: true }],
];

/** Every built-in metric: k6's and Stampede's own. */
export const BUILTIN_METRICS: readonly BuiltinMetric[] = Object.freeze(ROWS.map(([name, type, contains, section, flags = {}]): BuiltinMetric => {
  const m: BuiltinMetric = { name, type, contains, section, origin: flags.stampede ? 'stampede' : 'k6', emitted: !flags.notEmitted };
  if (flags.hidden) m.hiddenInSummary = true;
  return Object.freeze(m);
}));

const BY_NAME: ReadonlyMap<string, BuiltinMetric> = new Map(BUILTIN_METRICS.map((m) => [m.name, m]));

/** The built-in metric `name`, or undefined for a custom one. */
export function builtinMetric(name: string): BuiltinMetric | undefined {
  return BY_NAME.get(name);
}

/** The definitions a VU worker makes before the script runs: every built-in Stampede records. */
export const EMITTED_BUILTIN_METRICS: readonly MetricDefinition[] = Object.freeze(
  BUILTIN_METRICS.filter((m) => m.emitted).map(({ name, type, contains }) => Object.freeze({ name, type, contains })),
);

/**
 * k6 built-in metric name → metric type: the core's, and those of the
 * k6/ws, k6/net/grpc and k6/browser modules, so a threshold on any of them
 * is checked and accepted before the run, even when the script does not
 * import that module.
 */
export const K6_BUILTIN_METRIC_TYPES: Readonly<Record<string, MetricType>> = Object.freeze(
  Object.fromEntries(BUILTIN_METRICS.filter((m) => m.origin === 'k6').map((m) => [m.name, m.type])),
);

/** Name prefixes k6 sorts a metric by when it is not a built-in (a custom `ws_foo` shows under WEBSOCKET). */
const SECTION_PREFIXES: readonly [string, SummarySection][] = [
  ['browser_web_vital_', 'WEBVITALS'], ['browser_', 'BROWSER'], ['grpc_', 'GRPC'], ['ws_', 'WEBSOCKET'],
  // Stampede's service probes (probe_<name>, probe_<name>_drain, probe_errors)
  ['probe_', 'PROBES'],
];

/** The summary section a metric (by name, without a submetric selector) shows under. */
export function summarySection(name: string): SummarySection {
  const builtin = BY_NAME.get(name);
  if (builtin) return builtin.section;
  for (const [prefix, section] of SECTION_PREFIXES) if (name.startsWith(prefix)) return section;
  return 'CUSTOM';
}

/** Names the compact summary leaves out of its metric sections; a metric key starting with one is hidden (k6's rule). */
export const SUMMARY_HIDDEN_PREFIXES: readonly string[] = Object.freeze(BUILTIN_METRICS.filter((m) => m.hiddenInSummary).map((m) => m.name));
