/** What a caller asks of a run, and what it gets back. */
import type { SecretSources } from '../config/index.ts';
import type { ProbeSpec } from '../probes/index.ts';
import type { Options } from '../config/options.ts';
import type { ThresholdResult } from '../metrics/index.ts';
import type { SummaryData } from '../reports/index.ts';
import type { StampedeError, ExitCodeValue } from '../errors/index.ts';
import type { OutputSpec } from '../outputs/index.ts';
import type { ApiRequest } from './run-api.ts';
import type { RunProgress } from './progress-snapshot.ts';
import type { ArtifactRequest } from './run-artifacts.ts';
import type { DistributedRequest } from './remote-load.ts';

export interface RunIO {
  stdout(text: string): void;
  stderr(text: string): void;
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
}

/** What the run does when a VU worker dies: stop the test (default) or go on with the others. */
export type WorkerLossPolicy = 'stop' | 'continue';

export interface RunRequest {
  scriptPath: string;
  /** options from CLI flags (highest precedence) */
  cliOptions: Options;
  /** `-e K=V` values, merged over the process environment when includeSystemEnv */
  env: Record<string, string>;
  /** environment used for K6_* / STAMPEDE_* option variables */
  processEnv: Record<string, string | undefined>;
  summaryExport?: string;
  noSummary?: boolean;
  noThresholds?: boolean;
  /** VU worker threads; default: one per available core (never more than the test's VUs) */
  workers?: number;
  /** a threshold whose metric got no samples fails (k6 passes it) */
  thresholdsRequireData?: boolean;
  /** --on-worker-loss; default 'stop' */
  onWorkerLoss?: WorkerLossPolicy;
  httpDebug?: '' | 'headers' | 'full';
  /** --verbose: debug log lines (console.debug) on; the CLI drops the DEBU lines it gets without it */
  verbose?: boolean;
  /** --probe flags (or a JSON file of them): replace the script's probes of the same name */
  probes?: ProbeSpec[];
  /** --allow-exec: chaos `exec` steps may run commands */
  allowExec?: boolean;
  /** --chaos-api: the run's proxies on Toxiproxy's HTTP API there */
  chaosApi?: { host: string; port: number };
  /** --probes-required: a probe that cannot connect at the start is exit 104 (else a warning) */
  probesRequired?: boolean;
  /** --secret-source: the values k6/secrets serves (redacted from the workers' log lines) */
  secrets?: SecretSources;
  /** the REST API's address and token; undefined: no API (programmatic runs) */
  api?: ApiRequest;
  /** aborted on Ctrl-C / SIGTERM: running iterations are interrupted, teardown runs, the data is kept, exit 105 */
  signal?: AbortSignal;
  io: RunIO;
  /** --out / K6_OUT outputs, already parsed */
  outputs?: OutputSpec[];
  /** the HTML report, JUnit file, run history and baseline comparison */
  artifacts?: ArtifactRequest;
  /** --dashboard: the live dashboard's address */
  dashboard?: { host: string; port: number };
  /** the script as the user named it (reports show it) */
  scriptLabel?: string;
  /** `stampede coordinator`: the scenarios run on agents that join over the network */
  distributed?: DistributedRequest;
  /** called about once a second while scenarios run */
  onProgress?: (p: RunProgress) => void;
}

export interface RunResult {
  exitCode: ExitCodeValue;
  summary?: SummaryData;
  thresholds?: ThresholdResult[];
  error?: StampedeError;
}
