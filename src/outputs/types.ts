/**
 * What every output implements, and what it is given. Outputs run on the
 * main thread and read the sample pipe only: each merged batch (raw points
 * when any output asked for them, aggregated series always) is handed to
 * `write`, which must return at once; an output buffers and sends on its
 * own period, and its failures never reach the test.
 */
import type { ExemplarDelta, MetricDefinition, RawPoint, SeriesState } from '../metrics/index.ts';

/** One `--out name=arg` (or a K6_OUT entry), parsed. */
export interface OutputSpec {
  /** the output's name as typed: json, csv, influxdb, experimental-prometheus-rw, … */
  name: string;
  /** what follows `name=` ('' when nothing does) */
  arg: string;
}

export interface OutputContext {
  /** what follows `name=` in --out ('' when nothing does) */
  arg: string;
  /** the environment that configures outputs (K6_INFLUXDB_*, K6_PROMETHEUS_RW_*, …; STAMPEDE_* beats K6_*) */
  env: Readonly<Record<string, string | undefined>>;
  /** when the run started (wall-clock ms) */
  testStart: number;
  /** the enabled k6 system tags (options.systemTags) */
  systemTags: readonly string[];
  /** threshold expressions by metric name, as the script wrote them (`http_req_duration{status:200}` keys included) */
  thresholds: Readonly<Record<string, readonly string[]>>;
  /** exemplars kept per request name and list (options.exemplars; default 5) */
  exemplarsPerName?: number;
  /** a line for the run's log (`WARN[0003] …`) */
  log(level: 'info' | 'warn' | 'error', line: string): void;
}

/** What the main thread hands an output every ~100 ms. */
export interface OutputBatch {
  /** every metric known so far (new ones appear as they are first used) */
  definitions: ReadonlyMap<string, MetricDefinition>;
  /** raw samples since the last batch, in arrival order; empty unless some output has `needsPoints` */
  points: readonly RawPoint[];
  /** aggregated changes since the last batch (deltas: counters add, trends merge) */
  series: readonly SeriesState[];
  /** the requests that entered a worker's exemplar lists since its last batch (metrics/exemplars.ts) */
  exemplars?: ExemplarDelta;
  /** wall-clock ms when the batch was merged */
  time: number;
}

/** How an output fared; the summary prints `dropped` when it is not zero. */
export interface OutputStats {
  /** samples (or series points) the backend accepted */
  sent: number;
  /** samples given up on: backend down past the retries, or the buffer full */
  dropped: number;
  /** the last error, if any (for the end-of-test line) */
  lastError?: string;
}

export interface Output {
  /** printed at the start as `output: <description>` */
  readonly description: string;
  /** true when the output needs every raw sample (json, csv, influxdb, statsd) */
  readonly needsPoints: boolean;
  /** opens files or checks the backend; a rejection stops the test before it starts (exit 104-style config error) */
  start(): Promise<void>;
  /** must not block or throw */
  write(batch: OutputBatch): void;
  /** sends what is buffered (within its own deadline) and closes; also after Ctrl-C; a second call waits for the first and changes nothing */
  stop(): Promise<void>;
  stats(): OutputStats;
}

export type OutputFactory = (ctx: OutputContext) => Output | Promise<Output>;
