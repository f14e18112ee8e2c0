/**
 * k6's exit codes, one table (k6: errext/exitcodes). The CLI maps every
 * result to one of these; nothing else chooses an exit code.
 */
export const ExitCode = {
  ok: 0,
  /** a generic failure that has no k6 code of its own */
  generic: 1,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  genericTimeout: 102,
  /** the run was stopped through the REST API */
  genericEngine: 103,
  invalidConfig: 104,
  externalAbort: 105,
  cannotStartRestApi: 106,
  scriptException: 107,
  scriptAborted: 108,
  markedAsFailed: 110,
  /** Stampede's own: --baseline with --max-regression found p95 or the error rate regressed beyond the bound */
  baselineRegression: 111,
  /**
   * Stampede's own: a VU worker thread was lost during the test (it ran out
   * of memory, crashed or exited); the summary holds what the others measured
   */
  workerLost: 112,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
