/** Every top-level option name k6 knows, with the kind of value Stampede checks it for. */

export type OptionKind =
  | 'execution' | 'thresholds' | 'duration' | 'count' | 'bool' | 'string'
  | 'stringList' | 'stringMap' | 'trendStats' | 'timeUnit' | 'summaryMode'
  /** tlsVersion, tlsCipherSuites, tlsAuth: read by config/tls.ts */
  | 'tls'
  /** read by config/dns.ts */
  | 'dns'
  /** Stampede's service probes and chaos drills: read by probes/spec.ts and chaos/spec.ts when the run starts */
  | 'stampede'
  /** Grafana Cloud settings (cloud, ext): `k6 run` does not act on them either (only k6 cloud and --out cloud do) */
  | 'cloud'
  /** a k6 option Stampede does not act on: setting it warns with IGNORED_OPTIONS' reason */
  | 'ignored';

/** Option name → kind. Names missing here are unknown: k6 ignores them, Stampede warns. */
export const OPTION_KINDS: Readonly<Record<string, OptionKind>> = {
  vus: 'execution', duration: 'execution', iterations: 'execution', stages: 'execution', scenarios: 'execution',
  thresholds: 'thresholds',
  probes: 'stampede', proxies: 'stampede', chaos: 'stampede',
  // Stampede's exemplars: requests kept per name and list (0: none), and the response headers they record
  exemplars: 'count', exemplarHeaders: 'stringList',
  setupTimeout: 'duration', teardownTimeout: 'duration', minIterationDuration: 'duration',
  maxRedirects: 'count', batch: 'count', batchPerHost: 'count', rps: 'count',
  noSummary: 'bool', noThresholds: 'bool', noSetup: 'bool', noTeardown: 'bool', paused: 'bool', throw: 'bool',
  discardResponseBodies: 'bool', insecureSkipTLSVerify: 'bool', noConnectionReuse: 'bool',
  noVUConnectionReuse: 'bool', noCookiesReset: 'bool',
  userAgent: 'string', httpDebug: 'string', summaryExport: 'string',
  blockHostnames: 'stringList', systemTags: 'stringList',
  tags: 'stringMap', hosts: 'stringMap',
  summaryTrendStats: 'trendStats', summaryTimeUnit: 'timeUnit', summaryMode: 'summaryMode',
  dns: 'dns', tlsAuth: 'tls', tlsCipherSuites: 'tls', tlsVersion: 'tls',
  // Stampede sends no usage report, which is all the option asks for
  noUsageReport: 'bool',
  ext: 'cloud', cloud: 'cloud',
  blacklistIPs: 'ignored', localIPs: 'ignored',
  executionSegment: 'string', executionSegmentSequence: 'string', metricSamplesBufferSize: 'ignored',
  consoleOutput: 'ignored', linger: 'ignored', noColor: 'ignored',
  address: 'ignored', logOutput: 'ignored', logFormat: 'ignored', out: 'ignored',
  includeSystemEnvVars: 'ignored', compatibilityMode: 'ignored', quiet: 'ignored', verbose: 'ignored',
};

/**
 * Why each 'ignored' option has no effect, printed as a warning when it is
 * set (so a script relying on one never silently runs differently from k6).
 */
export const IGNORED_OPTIONS: Readonly<Record<string, string>> = {
  blacklistIPs: 'not supported: requests to these IP ranges are not blocked (blockHostnames is)',
  localIPs: 'not supported: requests leave from the system\'s default address',
  metricSamplesBufferSize: 'k6\'s internal buffer size; no effect in Stampede (each worker aggregates its samples)',
  consoleOutput: 'read from the command line only: use --console-output FILE',
  linger: 'not supported: Stampede exits when the test ends',
  noColor: 'read from the command line only: use --no-color (or NO_COLOR); colours are only used on a terminal',
  address: 'read from the command line only: use --address HOST:PORT',
  logOutput: 'read from the command line only: use --log-output (or K6_LOG_OUTPUT)',
  logFormat: 'read from the command line only: use --log-format (or K6_LOG_FORMAT)',
  out: 'read from the command line only: use --out NAME=ARG or K6_OUT',
  includeSystemEnvVars: 'read from the command line only: use --include-system-env-vars',
  compatibilityMode: 'no effect: scripts are bundled as ES modules (and TypeScript) whatever the mode',
  quiet: 'read from the command line only: use --quiet',
  verbose: 'read from the command line only: use --verbose',
};

/** Allowed `summaryTimeUnit` values. */
export const SUMMARY_TIME_UNITS: readonly string[] = ['s', 'ms', 'us'];
/** Allowed `summaryMode` values. */
export const SUMMARY_MODES: readonly string[] = ['compact', 'full', 'disabled', 'legacy'];

/**
 * k6's defaults for options that have one (the lowest layer of mergeOptions).
 * Not maxRedirects: k6 warns when its default limit stops a redirect chain
 * and is silent when the user set one, even 10, so the option stays unset
 * (http/engine.ts follows 10 then).
 */
export const DEFAULT_OPTIONS = Object.freeze({
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
  setupTimeout: '60s',
  teardownTimeout: '60s',
  batch: 20,
  batchPerHost: 6,
  systemTags: ['proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code',
    'tls_version', 'scenario', 'service', 'expected_response'],
});
