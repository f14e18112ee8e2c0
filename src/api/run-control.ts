/**
 * What the REST API needs from a running test; run/test-run.ts implements it.
 * Kept as an interface so the API knows nothing of workers or scheduling.
 */
import type { SummaryData } from '../reports/index.ts';

/** k6's execution status numbers, as GET /v1/status reports them. */
export const RunStatusCode = { created: 0, initVUs: 1, initExecutors: 2, initDone: 3, pausedBeforeRun: 4, started: 5, setup: 6, running: 7, teardown: 8, ended: 9 } as const;

export interface RunStatus {
  status: number;
  paused: boolean;
  vus: number;
  vusMax: number;
  stopped: boolean;
  running: boolean;
  /** some threshold is crossed right now */
  tainted: boolean;
}

/** A PATCH /v1/status: only the fields given change. */
export interface StatusChange {
  paused?: boolean;
  vus?: number;
  vusMax?: number;
  stopped?: boolean;
}

export interface RunControl {
  status(): RunStatus;
  /** Applies a change; throws an Error whose message the API returns with 400 when it cannot. */
  update(change: StatusChange): void;
  /** the metrics, groups and checks so far, with live threshold results */
  summary(): SummaryData;
  setupData(): unknown;
}
