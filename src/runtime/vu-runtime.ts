/**
 * What a k6 module instance sees of the VU it belongs to. One VuRuntime per
 * VU; modules are created with it and must keep no state outside it, since
 * many VUs share one event loop (DESIGN.md, Per-VU state).
 */
import type { Tags } from '../metrics/types.ts';
import type { ExemplarKeeper } from '../metrics/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { Logger } from '../lib/index.ts';

/** Where the VU is now; mutated by the iteration loop and by group(). */
export interface VuState {
  /** `__VU`: 1-based; 0 in setup/teardown/handleSummary */
  readonly id: number;
  /** current scenario name ('' outside scenarios, e.g. setup) */
  scenario: string;
  /** 0-based iteration number of this VU in the current scenario (`__ITER`) */
  iteration: number;
  /** k6 group path: '' for the root group, '::a::b' for nested groups */
  groupPath: string;
  /**
   * Tags every sample of this VU carries: options.tags, scenario tags,
   * `exec.vu.tags` set by the script, plus `scenario`. Replace, don't mutate:
   * samples may hold a reference.
   */
  tags: Tags;
  /** true while running init code (open() is allowed, http is not) */
  inInit: boolean;
  /**
   * k6 sample metadata every sample of this VU carries (`exec.vu.metrics.metadata`):
   * not tags, so no new series. Undefined when there is none; replace, don't mutate.
   */
  metadata?: Tags;
}

/** Receives samples; must not block and never throws. */
export interface SampleSink {
  /**
   * time defaults to Date.now(); `metadata` is k6's sample metadata (raw
   * points only, never part of the series)
   */
  add(metric: string, tags: Tags, value: number, time?: number, metadata?: Tags): void;
  /**
   * `values[i]` for `metrics[i]`, all with the same tags (and metadata), now:
   * the samples of one HTTP round trip resolve their tag set once. The arrays are not kept.
   */
  addAll(metrics: readonly string[], tags: Tags, values: readonly number[], metadata?: Tags): void;
  /** the worker's exemplar lists (metrics/exemplars.ts): k6/http offers each request; absent where nothing keeps them */
  readonly exemplars?: ExemplarKeeper;
  /** register a metric (idempotent); throws on a type conflict */
  define(name: string, type: 'counter' | 'gauge' | 'rate' | 'trend', contains?: 'default' | 'time' | 'data'): void;
}

/** The one Logger (lib/logger.ts): k6's `LEVL[ssss] message` lines on the test's clock. */
export type { Logger };

export interface VuRuntime {
  readonly state: VuState;
  readonly samples: SampleSink;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  /** directory of the entry script, for open() and http.file paths */
  readonly scriptDir: string;
  /** k6 system tags that are enabled (options.systemTags or k6's default set) */
  readonly systemTags: ReadonlySet<string>;
  /** `--http-debug` value: '' (off), 'headers' or 'full' */
  readonly httpDebug: '' | 'headers' | 'full';
  /** called when the VU is torn down (close connection pools etc.) */
  onClose(fn: () => void | Promise<void>): void;
  /**
   * Keeps the current iteration open until the returned function is called
   * (open sockets, timers): k6 ends an iteration only when its event loop is
   * empty.
   */
  hold(): () => void;
  /**
   * An exception thrown outside the iteration's own call chain (an event
   * handler of a socket or stream): logged with the script's file:line and
   * counted in `script_errors` like an iteration error; exec.test.abort()
   * aborts the test.
   */
  reportError(err: unknown): void;
  /** `fn` runs whenever the VU is interrupted (gracefulStop over, test stopped at once): close sockets, stop timers */
  onInterrupt(fn: () => void): void;
  /** `fn` runs when each iteration of this VU has ended (k6/browser closes the iteration's browser context) */
  onIterationEnd(fn: () => void): void;
}
