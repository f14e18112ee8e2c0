/**
 * Wires a running test to the REST API: implements RunControl over the
 * scheduler, the VU pool and the metric store, and starts the server on
 * the requested address. A busy default address only costs the API (with a
 * warning); a busy address the user asked for is exit 106, as in k6.
 */
import { startApiServer, RunStatusCode, type ApiAddress, type ApiServer, type RunControl, type StatusChange } from '../api/index.ts';
import type { Scheduler, VuPool } from '../execution/index.ts';
import type { MetricStore, ThresholdResult } from '../metrics/index.ts';
import { buildSummaryData, type SummaryData } from '../reports/index.ts';
import { StampedeError, ExitCode } from '../errors/index.ts';

export interface ApiRequest {
  address: ApiAddress;
  /** the user passed --address (a failure to bind is then fatal) */
  explicit: boolean;
  token?: string;
}

/** The run's state the API reads and changes; test-run.ts fills it in as the run goes. */
export class LiveRun implements RunControl {
  phase: number = RunStatusCode.initDone;
  scheduler?: Scheduler;
  /** the VUs as the API sees them: the local VU pool, or the agents' sum in a distributed run */
  pool?: Pick<VuPool, 'active' | 'paused' | 'setPaused'>;
  setup: unknown = undefined;
  thresholds: ThresholdResult[] = [];
  vusMax = 0;
  /** set when a PATCH asked the test to stop */
  stoppedByApi = false;
  /** how the running scenarios stop (gracefully, with the run's bookkeeping); set once they run */
  stopScenarios?: () => void;
  #pausedBeforeRun = false;
  #resume?: () => void;
  readonly #store: MetricStore;
  readonly #testStart: () => number;
  readonly #trendStats: readonly string[];
  readonly #log: (line: string) => void;

  constructor(store: MetricStore, testStart: () => number, trendStats: readonly string[], log: (line: string) => void) {
    this.#store = store;
    this.#testStart = testStart;
    this.#trendStats = trendStats;
    this.#log = log;
  }

  /** --paused: resolves once the API resumes the test (or it is stopped). */
  waitForResume(): Promise<void> {
    this.#pausedBeforeRun = true;
    this.phase = RunStatusCode.pausedBeforeRun;
    return new Promise((resolve) => { this.#resume = resolve; });
  }

  status() {
    const pool = this.pool;
    return {
      status: this.phase,
      paused: this.#pausedBeforeRun || Boolean(pool?.paused),
      vus: pool?.active ?? 0,
      vusMax: this.vusMax,
      stopped: Boolean(this.scheduler?.stopped) || this.stoppedByApi,
      running: this.phase === RunStatusCode.running,
      tainted: this.thresholds.some((t) => !t.ok),
    };
  }

  update(change: StatusChange): void {
    if (change.stopped) {
      this.stoppedByApi = true;
      this.#log('test stopped through the REST API');
      if (this.stopScenarios) this.stopScenarios();
      else this.scheduler?.stop();
      this.#releasePause();
      return;
    }
    if (change.vus !== undefined || change.vusMax !== undefined) {
      if (!this.scheduler) throw new Error('the scenarios have not started yet');
      const current = this.scheduler.external;
      this.scheduler.scale(change.vus ?? current?.vus ?? 0, change.vusMax);
    }
    if (change.paused === false) {
      this.#releasePause();
      this.pool?.setPaused(false);
    } else if (change.paused === true) {
      if (!this.pool && !this.#pausedBeforeRun) throw new Error('the scenarios have not started yet');
      this.pool?.setPaused(true);
    }
  }

  summary(): SummaryData {
    return buildSummaryData(this.#store, {
      durationMs: Date.now() - this.#testStart(),
      options: { summaryTrendStats: this.#trendStats },
      thresholds: this.thresholds,
      isStdOutTTY: false,
      isStdErrTTY: false,
    });
  }

  setupData(): unknown {
    return this.setup;
  }

  #releasePause(): void {
    if (!this.#pausedBeforeRun) return;
    this.#pausedBeforeRun = false;
    this.phase = RunStatusCode.started;
    this.#resume?.();
  }
}

/** Starts the API for `live`; undefined when the default address was busy (warned). */
export async function startRunApi(live: LiveRun, req: ApiRequest, log: (line: string) => void): Promise<ApiServer | undefined> {
  try {
    const server = await startApiServer(live, req.address, req.token);
    if (!req.address.loopback && !req.token) log(`WARN[0000] the REST API listens on ${server.address} without a token: anyone who can reach it can stop or scale this test; set --api-token`);
    return server;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    if (!req.explicit) {
      log(`WARN[0000] REST API not started: ${reason} on ${req.address.host}:${req.address.port} (another test running?); pass --address to pick another port`);
      return undefined;
    }
    throw new StampedeError('E_API_LISTEN', `cannot start the REST API on ${req.address.host}:${req.address.port}: ${reason}`, {
      exitCode: ExitCode.cannotStartRestApi,
      hint: 'choose a free port with --address host:port',
    });
  }
}
