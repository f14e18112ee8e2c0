/** What the steps of one run share once the workers are up and the options known. */
import type { CompiledScript } from '../script/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { WorkerHost } from '../workers/index.ts';
import type { Batcher, MetricBatch, MetricStore, ParsedThreshold } from '../metrics/index.ts';
import type { OutputSet } from '../outputs/index.ts';
import type { FaultReport } from '../chaos/index.ts';
import type { LiveRun } from './run-api.ts';
import type { RunLog } from './run-log.ts';
import type { RunRequest } from './run-request.ts';
import type { WorkerWatch } from './worker-watch.ts';
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
