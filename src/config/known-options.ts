/** Every top-level option name k6 knows, with the kind of value Stampede checks it for. */

export type OptionKind =
  | 'execution' | 'thresholds' | 'duration' | 'count' | 'bool' | 'string'
  | 'stringList' | 'stringMap' | 'trendStats' | 'timeUnit' | 'summaryMode'
  /** a k6 option Stampede accepts without checking its value */
  | 'passThrough';

/** Option name → kind. Names missing here are unknown: k6 ignores them, Stampede warns. */
export const OPTION_KINDS: Readonly<Record<string, OptionKind>> = {
  vus: 'execution', duration: 'execution', iterations: 'execution', stages: 'execution', scenarios: 'execution',
  thresholds: 'thresholds',
  setupTimeout: 'duration', teardownTimeout: 'duration', minIterationDuration: 'duration',
  maxRedirects: 'count', batch: 'count', batchPerHost: 'count', rps: 'count',
  noSummary: 'bool', noThresholds: 'bool', noSetup: 'bool', noTeardown: 'bool', paused: 'bool', throw: 'bool',
  discardResponseBodies: 'bool', insecureSkipTLSVerify: 'bool', noConnectionReuse: 'bool',
  noVUConnectionReuse: 'bool', noCookiesReset: 'bool',
  userAgent: 'string', httpDebug: 'string', summaryExport: 'string',
  blockHostnames: 'stringList', systemTags: 'stringList',
  tags: 'stringMap', hosts: 'stringMap',
  summaryTrendStats: 'trendStats', summaryTimeUnit: 'timeUnit', summaryMode: 'summaryMode',
  dns: 'passThrough', tlsAuth: 'passThrough', tlsCipherSuites: 'passThrough', tlsVersion: 'passThrough',
  blacklistIPs: 'passThrough', localIPs: 'passThrough', ext: 'passThrough', cloud: 'passThrough',
  executionSegment: 'passThrough', executionSegmentSequence: 'passThrough', metricSamplesBufferSize: 'passThrough',
  consoleOutput: 'passThrough', linger: 'passThrough', noUsageReport: 'passThrough', noColor: 'passThrough',
  address: 'passThrough', logOutput: 'passThrough', logFormat: 'passThrough', out: 'passThrough',
  includeSystemEnvVars: 'passThrough', compatibilityMode: 'passThrough', quiet: 'passThrough', verbose: 'passThrough',
};

/** k6's summary stats for Trend metrics, besides `p(N)`. */
export const TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'count'];
/** Allowed `summaryTimeUnit` values. */
export const SUMMARY_TIME_UNITS: readonly string[] = ['s', 'ms', 'us'];
/** Allowed `summaryMode` values. */
export const SUMMARY_MODES: readonly string[] = ['compact', 'full', 'disabled', 'legacy'];

/** k6's defaults for options that have one (the lowest layer of mergeOptions). */
export const DEFAULT_OPTIONS = Object.freeze({
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
  setupTimeout: '60s',
  teardownTimeout: '60s',
  batch: 20,
  batchPerHost: 6,
  maxRedirects: 10,
  systemTags: ['proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code',
    'tls_version', 'scenario', 'service', 'expected_response'],
});
