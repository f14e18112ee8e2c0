/**
 * k6's options as Stampede understands them. Durations are kept as the user
 * wrote them in `Options` (strings like "1m30s" or numbers of ms) and become
 * milliseconds in `ResolvedOptions` / `ScenarioConfig`.
 */

export type Duration = string | number;

export interface Stage { duration: Duration; target: number }

export interface ThresholdLongForm { threshold: string; abortOnFail?: boolean; delayAbortEval?: Duration }
export type ThresholdSpec = string | ThresholdLongForm;

/** One entry of `options.scenarios`, as written by the user. */
export interface ScenarioOptions {
  executor: string;
  startTime?: Duration;
  gracefulStop?: Duration;
  exec?: string;
  env?: Record<string, string>;
  tags?: Record<string, string>;
  options?: Record<string, unknown>;
  // executor-specific
  vus?: number;
  iterations?: number;
  maxDuration?: Duration;
  duration?: Duration;
  stages?: Stage[];
  startVUs?: number;
  gracefulRampDown?: Duration;
  rate?: number;
  startRate?: number;
  timeUnit?: Duration;
  preAllocatedVUs?: number;
  maxVUs?: number;
}

export interface Options {
  vus?: number;
  duration?: Duration;
  iterations?: number;
  stages?: Stage[];
  scenarios?: Record<string, ScenarioOptions>;
  thresholds?: Record<string, ThresholdSpec[] | ThresholdSpec>;
  setupTimeout?: Duration;
  teardownTimeout?: Duration;
  tags?: Record<string, string>;
  summaryTrendStats?: string[];
  summaryTimeUnit?: string;
  noSummary?: boolean;
  discardResponseBodies?: boolean;
  userAgent?: string;
  maxRedirects?: number;
  insecureSkipTLSVerify?: boolean;
  noConnectionReuse?: boolean;
  noVUConnectionReuse?: boolean;
  noCookiesReset?: boolean;
  throw?: boolean;
  batch?: number;
  batchPerHost?: number;
  httpDebug?: string;
  hosts?: Record<string, string>;
  blockHostnames?: string[];
  systemTags?: string[];
  minIterationDuration?: Duration;
  rps?: number;
  paused?: boolean;
  noSetup?: boolean;
  noTeardown?: boolean;
  noThresholds?: boolean;
  /** file to write the end-of-test summary JSON to (k6 `--summary-export`) */
  summaryExport?: string;
  /** compact | full | disabled | legacy (k6 `--summary-mode`) */
  summaryMode?: string;
  [key: string]: unknown;
}

/**
 * A scenario after defaults and duration parsing: everything in ms. Fields
 * that do not apply to the executor are 0 (or empty). `durationMs` is the
 * regular run time: `duration` for duration-based executors, the sum of the
 * stages for ramping ones, 0 for iteration-based ones (they use
 * `maxDurationMs`), and 0 = infinite for externally-controlled.
 */
export interface ScenarioConfig {
  name: string;
  executor: 'shared-iterations' | 'per-vu-iterations' | 'constant-vus' | 'ramping-vus'
    | 'constant-arrival-rate' | 'ramping-arrival-rate' | 'externally-controlled';
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  vus: number;
  iterations: number;
  maxDurationMs: number;
  durationMs: number;
  stages: { durationMs: number; target: number }[];
  startVUs: number;
  gracefulRampDownMs: number;
  rate: number;
  startRate: number;
  timeUnitMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
  /** the scenario's `options` object as written (e.g. `{ browser: { type: 'chromium' } }`) */
  options?: Record<string, unknown>;
}

/** Options after merging every layer, validating, and deriving scenarios. */
export interface ResolvedOptions extends Options {
  scenarios: Record<string, ScenarioOptions>;
  /** parsed scenarios, in declaration order */
  scenarioConfigs: ScenarioConfig[];
  thresholds: Record<string, ThresholdSpec[]>;
  summaryTrendStats: string[];
  summaryTimeUnit?: string;
  setupTimeoutMs: number;
  teardownTimeoutMs: number;
  /** 0 when unset */
  minIterationDurationMs: number;
  /** things k6 would silently ignore (unknown option names, vus next to scenarios…), each `path: message` */
  warnings: string[];
}
