/**
 * k6's options as Stampede understands them. Durations are kept as the user
 * wrote them in `Options` (strings like "1m30s" or numbers of ms) and become
 * milliseconds in `ResolvedOptions` / `ScenarioConfig`.
 */

import type { Stripe } from './execution-segment.ts';
import type { SharedIterationsConfig } from './executors/shared-iterations.ts';
import type { PerVuIterationsConfig } from './executors/per-vu-iterations.ts';
import type { ConstantVusConfig } from './executors/constant-vus.ts';
import type { RampingVusConfig } from './executors/ramping-vus.ts';
import type { ConstantArrivalRateConfig } from './executors/constant-arrival-rate.ts';
import type { RampingArrivalRateConfig } from './executors/ramping-arrival-rate.ts';
import type { ExternallyControlledConfig } from './executors/externally-controlled.ts';
import type { TlsSettings } from './tls.ts';
import type { DnsSettings } from './dns.ts';

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
  /** Stampede's service probes by name (probes/spec.ts reads them) */
  probes?: Record<string, unknown>;
  /** Stampede's fault proxies by name (chaos/spec.ts reads them) */
  proxies?: Record<string, unknown>;
  /** Stampede's chaos faults by name, on the run's clock (chaos/spec.ts reads them) */
  chaos?: Record<string, unknown>;
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
  /** Stampede's exemplars: the slowest and the sampled failed requests kept per request name (default 5; 0 keeps none) */
  exemplars?: number;
  /** the response headers an exemplar records (default X-Request-Id, traceparent, X-Trace-Id, X-Amzn-Trace-Id) */
  exemplarHeaders?: string[];
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

/** What every scenario config has, whatever its executor (durations in ms). */
export interface ScenarioCommon {
  name: string;
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  /** the scenario's `options` object as written (e.g. `{ browser: { type: 'chromium' } }`) */
  options?: Record<string, unknown>;
  /**
   * On an execution segment: which of the test's iteration numbers this
   * instance's iterations take (exec.scenario.iterationInTest), and for
   * arrival rates which iterations of the schedule it starts
   */
  iterationStripe?: Stripe;
}

/**
 * Each executor's scenario config by executor name: the common fields plus
 * the executor's own (defined with the executor in config/executors/).
 * `durationMs` is the regular run time where an executor has one:
 * `duration`, or the sum of the stages for ramping ones; 0 = infinite for
 * externally-controlled. The iteration executors have `maxDurationMs`.
 */
export interface ScenarioConfigs {
  'shared-iterations': SharedIterationsConfig;
  'per-vu-iterations': PerVuIterationsConfig;
  'constant-vus': ConstantVusConfig;
  'ramping-vus': RampingVusConfig;
  'constant-arrival-rate': ConstantArrivalRateConfig;
  'ramping-arrival-rate': RampingArrivalRateConfig;
  'externally-controlled': ExternallyControlledConfig;
}

/** An executor name, e.g. `ramping-vus`. */
export type ExecutorName = keyof ScenarioConfigs;

type KeysOfAny<U> = U extends unknown ? keyof U : never;
/** Each member of U, with the other members' fields declared absent, so any field can be read off the union (undefined when not its executor's). */
type Exclusive<U, All = U> = U extends unknown ? U & { readonly [K in Exclude<KeysOfAny<All>, keyof U>]?: undefined } : never;

/**
 * A scenario after defaults and duration parsing, everything in ms: a union
 * discriminated by `executor`, each member with its executor's fields only.
 */
export type ScenarioConfig = Exclusive<ScenarioConfigs[ExecutorName]>;

/** The scenario config of one executor. */
export type ScenarioConfigOf<E extends ExecutorName> = Extract<ScenarioConfig, { executor: E }>;

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
  /** tlsVersion, tlsCipherSuites, tlsAuth, read before the run (config/tls.ts); undefined when none is set */
  tlsSettings?: TlsSettings;
  /** the `dns` option, read before the run (config/dns.ts): the fields the user set */
  dnsSettings?: DnsSettings;
  /** with `rps` > 0: the rate-limit state every worker's VUs share (lib/rate-limit.ts) */
  rpsLimiter?: SharedArrayBuffer;
  /** things k6 would silently ignore (unknown option names, vus next to scenarios…), each `path: message` */
  warnings: string[];
}
