/** What the steps of one run share once the workers are up and the options known, and the one place it is put together. */
import type { CompiledScript } from '../script/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { WorkerHost } from '../workers/index.ts';
import { MetricStore, type Batcher, type MetricBatch, type ParsedThreshold } from '../metrics/index.ts';
import type { OutputSet } from '../outputs/index.ts';
import type { FaultReport } from '../chaos/index.ts';
import { LiveRun } from './run-api.ts';
import type { RunLog } from './run-log.ts';
import type { RunRequest } from './run-request.ts';
import { WorkerWatch } from './worker-watch.ts';
import { newMainBatcher } from './scenario-phase.ts';
import type { RemoteLoad } from './remote-load.ts';

export interface RunState {
  readonly req: RunRequest;
  readonly compiled: CompiledScript;
  readonly options: ResolvedOptions;
  readonly sharedArrays: Record<string, SharedArrayBuffer>;
  /** the functions the script exports (setup, teardown, default, …) */
  readonly scriptExports: readonly string[];
  /** every worker started, dead ones included (their index is their place) */
  readonly workers: WorkerHost[];
  readonly watch: WorkerWatch;
  readonly log: RunLog;
  readonly store: MetricStore;
  readonly outputs: OutputSet;
  readonly live: LiveRun;
  readonly thresholdDefs: ParsedThreshold[];
  /** the main thread's own samples (vus, vus_max) */
  readonly mainBatcher: Batcher;
  /** the run's tags (--tag, options.tags), carried by the test-wide gauges */
  readonly testTags: Readonly<Record<string, string>>;
  /** VUs that exist from the start (arrival rate: the pre-allocated ones) */
  readonly vusInitial: number;
  /** max VUs of externally-controlled scenarios at the start */
  readonly externalInitial: number;
  testStart: number;
  /** the chaos faults' windows and the load around them, for the summary (set once the load ended) */
  faultReports?: FaultReport[];
  /** a distributed run's agents, which run the scenarios instead of this process's workers */
  remote?: RemoteLoad;
  /** a batch into the store, the outputs and the timeline */
  merge(batch: MetricBatch): void;
}

/** What a run (a whole test, or an agent's share of one) brings; the rest follows from it. */
export type RunStateParts = Pick<RunState, 'req' | 'compiled' | 'options' | 'sharedArrays' | 'scriptExports' | 'workers' | 'log' | 'outputs' | 'thresholdDefs' | 'vusInitial' | 'externalInitial'>;

/**
 * The run's state: the store (with the options' exemplars), the main
 * thread's gauges' batcher (keeping raw points when an output needs them),
 * the worker watch, the live run for the REST API, the test-wide tags.
 * `merge` takes each batch once the store has it (outputs, timeline, an
 * agent's link to its coordinator).
 */
export function newRunState(parts: RunStateParts, merge: (batch: MetricBatch) => void): RunState {
  const { options, log } = parts;
  const store = new MetricStore({ exemplarsPerName: options.exemplars });
  const run: RunState = {
    ...parts,
    store,
    mainBatcher: newMainBatcher(parts.outputs.needsPoints),
    watch: new WorkerWatch(parts.workers, log),
    live: new LiveRun(store, () => run.testStart, options.summaryTrendStats, (line) => log.info(line)),
    // as in k6, the test-wide gauges carry the run's tags (--tag, options.tags), so dashboards filtering on them see VUs
    testTags: Object.freeze({ ...(options.tags ?? {}) }),
    testStart: Date.now(),
    merge: (batch) => { store.merge(batch); merge(batch); },
  };
  return run;
}
