/**
 * The typed messages between the main thread and a VU worker thread. This
 * file is the only thing both sides share (DESIGN.md principle 5): every
 * value is structured-cloneable plain data.
 */
import type { PipeBatch } from '../metrics/types.ts';
import type { Options, ResolvedOptions } from '../config/options.ts';
import type { SecretSources } from '../config/secret-sources.ts';
import type { Stripe } from '../config/execution-segment.ts';

/** The compiled script as the worker needs it (see src/script). */
export interface ScriptPayload {
  path: string;
  code: string;
  filename: string;
  sourceMap: object;
}

/** An error made plain for postMessage; `file/line/column` are the user's. */
export interface SerializedError {
  message: string;
  name?: string;
  code?: string;
  hint?: string;
  stack?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** How a VU started for a scenario decides when to stop iterating. */
export type LoopSpec =
  /** per-vu-iterations: this many iterations each */
  | { kind: 'per-vu'; iterations: number }
  /** shared-iterations: stop once the scenario's iteration counter (ScenarioRun.iterationCounter) reaches `total` */
  | { kind: 'shared'; total: number }
  /** constant-vus, ramping-vus, externally-controlled: until stopped */
  | { kind: 'until-stopped' }
  /**
   * constant- and ramping-arrival-rate: the worker starts iterations on this
   * schedule (rates per timeUnit; constant = one stage at `rate` from `rate`);
   * the VU ids sent are the scenario's maxVUs, pre-allocated ones first
   */
  | {
    kind: 'arrival'; startRate: number; stages: { durationMs: number; target: number }[]; timeUnitMs: number; preAllocatedVUs: number;
    /** this worker starts iterations offset, offset + stride, offset + 2·stride, … of the schedule */
    offset: number; stride: number;
  };

/** What a worker needs to run VUs for one scenario. */
export interface ScenarioRun {
  name: string;
  executor: string;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  loop: LoopSpec;
  /**
   * The scenario's iteration counter (one Uint32 at index 0), shared by every
   * VU of every worker: each iteration claims its number with one Atomics.add
   * when it starts (exec.scenario.iterationInTest, unique in the scenario)
   */
  iterationCounter: SharedArrayBuffer;
  /** epoch ms after which no new iteration starts (scenario duration / maxDuration) */
  deadline: number;
  /** how long running iterations may finish after the deadline or a stop */
  gracefulStopMs: number;
  /**
   * On an execution segment: which of the test's iteration numbers this
   * instance's claims stand for (and, for arrival rates, which iterations
   * of the schedule it starts)
   */
  iterationStripe?: Stripe;
}

/**
 * Commands the worker answers. Each carries an `id` the main thread chose;
 * the answer carries it back as `replyTo`, so a late answer to an earlier
 * request (one that timed out) is never taken for the answer to a newer one.
 */
export type WorkerRequest =
  /** `sharedArrays`: SharedArrays worker 0 built, adopted before the init code runs; answered by `ready` or `init-error` */
  | { type: 'init'; id: number; workerIndex: number; script: ScriptPayload; env: Record<string, string>; keepPoints: boolean; sharedArrays?: Record<string, SharedArrayBuffer>; /** --verbose: console.debug lines are sent */ verbose?: boolean; /** --secret-source: for k6/secrets, and redacted from log lines */ secrets?: SecretSources }
  /** run `iterations` HTTP iterations against an in-worker server before the clock starts (runtime/warm-up.ts); answered by `warmed-up` */
  | { type: 'warm-up'; id: number; options: ResolvedOptions; iterations: number }
  | { type: 'setup'; id: number; timeoutMs: number }
  | { type: 'teardown'; id: number; timeoutMs: number; setupData: unknown }
  | { type: 'handle-summary'; id: number; data: unknown }
  /** post the metrics gathered so far (and with `final`, the load report), then answer `flushed` */
  | { type: 'flush'; id: number; final?: boolean };

/** What answers each request. */
export interface AnswersTo {
  init: 'ready' | 'init-error';
  'warm-up': 'warmed-up';
  setup: 'setup-done' | 'setup-error';
  teardown: 'teardown-done' | 'teardown-error';
  'handle-summary': 'summary-done' | 'summary-error';
  flush: 'flushed';
}

export type WorkerCommand =
  | WorkerRequest
  /** `control` is the worker's shared control block (control-block.ts) */
  | { type: 'configure'; options: ResolvedOptions; httpDebug: '' | 'headers' | 'full'; testStart: number; control: Int32Array; keepPoints: boolean }
  | { type: 'start-vus'; scenario: ScenarioRun; vuIds: number[]; setupData: unknown }
  /** graceful: finish the current iteration within gracefulMs; else drop at once */
  | { type: 'stop-vus'; scenario: string; vuIds: number[]; gracefulMs: number }
  /** an arrival-rate scenario: stop starting iterations; running ones get gracefulMs */
  | { type: 'stop-scenario'; scenario: string; gracefulMs: number }
  /** the chaos faults' names by bit (options.chaos, then the ones scripts opened): `fault=<name>` tags */
  | { type: 'fault-names'; names: string[] }
  /** the main thread is done with a script's `chaos-request` (the window ended, or it failed with `error`) */
  | { type: 'chaos-done'; replyTo: number; error?: string }
  | { type: 'shutdown' };

export type WorkerEvent =
  /**
   * `sharedArrays`: the SharedArrays the init code built, for the other workers;
   * `metrics`: every metric defined once the init code ran (built-in and custom), for threshold checks
   */
  | { type: 'ready'; replyTo: number; exports: string[]; options: Options; sharedArrays: Record<string, SharedArrayBuffer>; metrics: string[] }
  /** `replyTo` when it answers `init`; without it, a VU's own init code threw while the test runs */
  | { type: 'init-error'; replyTo?: number; error: SerializedError }
  /** `iterations` is 0 when the script does not use k6/http (nothing to warm) */
  | { type: 'warmed-up'; replyTo: number; iterations: number; ms: number }
  | { type: 'setup-done'; replyTo: number; data: unknown }
  | { type: 'setup-error'; replyTo: number; error: SerializedError; timedOut: boolean }
  | { type: 'teardown-done'; replyTo: number }
  | { type: 'teardown-error'; replyTo: number; error: SerializedError; timedOut: boolean }
  | { type: 'summary-done'; replyTo: number; output: Record<string, string> | null }
  | { type: 'summary-error'; replyTo: number; error: SerializedError }
  /** tag sets by number: the main side's TagSetTable resolves them (configureWorker) */
  | { type: 'metrics'; batch: PipeBatch }
  /** a VU finished its work in a scenario (iterations done, stopped, or deadline) */
  | { type: 'vu-done'; scenario: string; vuId: number }
  /** how many VUs an arrival-rate scenario has in this worker (sent when it changes: start, growth, end) */
  | { type: 'scenario-vus'; scenario: string; vus: number }
  /** an arrival-rate scenario is over in this worker (schedule done, VUs finished or abandoned) */
  | { type: 'scenario-done'; scenario: string }
  | { type: 'flushed'; replyTo: number }
  /** the worker's own load over the test (sent before `flushed` on the final flush) */
  | { type: 'load-report'; worker: number; p99DelayMs: number; maxDelayMs: number; cpuShare: number }
  /** exec.test.abort() or fail() outside an iteration */
  | { type: 'abort'; reason: string }
  /**
   * stampede/chaos from a VU: open `fault` on `proxy` (for `durationMs`, 0 =
   * until cleared), or clear the script's faults on `proxy`; answered by
   * `chaos-done` when the window is over (or at once for clear)
   */
  | { type: 'chaos-request'; id: number; op: 'inject' | 'clear'; proxy: string; fault?: unknown; durationMs: number; name?: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; line: string }
  /** k6/browser started a browser process (its own process group): the main thread kills it if this worker dies first */
  | { type: 'browser-process'; pid: number };
