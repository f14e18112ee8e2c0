/**
 * The end of a run: teardown(), the last metrics of every living worker,
 * thresholds, the summary (handleSummary or the text one), --summary-export,
 * the exit code, and the artifacts (report, JUnit, history). Everything that
 * was measured is written even when workers died or files cannot be written.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluateThresholds, type ThresholdResult } from '../metrics/index.ts';
import { buildSummaryData, renderTextSummary, renderOutputsSummary, buildSummaryExport, type OutputOutcome, type SummaryData } from '../reports/index.ts';
import { ExitCode, StampedeError, type ExitCodeValue } from '../errors/index.ts';
import { WorkerUnresponsiveError, WorkerLostError, type WorkerEvent, type WorkerHost } from '../workers/index.ts';
import { RunStatusCode } from '../api/index.ts';
import { scriptErrorFrom } from './script-error.ts';
import { lifecycleWorker } from './lifecycle-worker.ts';
import type { RunState } from './run-state.ts';
import type { ScenarioOutcome } from './scenario-phase.ts';

/** Beyond a lifecycle function's own timeout, how long its worker may take to answer before it counts as stuck. */
const ANSWER_SLACK_MS = 5000;
/** handleSummary() has no timeout of its own in k6; one that does not answer in this long is given up. */
const HANDLE_SUMMARY_MS = 120_000;
/** A worker's final flush: its metrics are a message away. */
const FLUSH_MS = 10_000;

type LoadReportEvent = Extract<WorkerEvent, { type: 'load-report' }>;

/** Runs setup() in a lifecycle worker; a setup that never answers is stopped after setupTimeout. */
export async function runSetup(run: RunState): Promise<unknown> {
  const { options } = run;
  if (options.noSetup) return undefined; // k6 --no-setup / noSetup: the scenarios get no setup data
  if (!run.scriptExports.includes('setup')) return undefined; // no round trip to a worker inside the measured time
  const timedOut = () => new StampedeError('E_SETUP_TIMEOUT', `setup() did not finish within ${options.setupTimeoutMs} ms`, { exitCode: ExitCode.setupTimeout, hint: 'raise options.setupTimeout' });
  const w = await lifecycleWorker(run);
  const answer = w.ask({ type: 'setup', timeoutMs: options.setupTimeoutMs }, options.setupTimeoutMs + ANSWER_SLACK_MS);
  let setup;
  try {
    setup = await answer;
  } catch (err) {
    if (err instanceof WorkerUnresponsiveError) {
      await w.kill('unresponsive', 'did not come back from setup() (an endless loop?): terminated it');
      throw timedOut();
    }
    throw err;
  }
  if (setup.type === 'setup-error') {
    if (setup.timedOut) throw timedOut();
    throw scriptErrorFrom(setup.error, 'E_SETUP', 'setup() failed');
  }
  return setup.data;
}

/** teardown(); its error (or timeout) is logged and returned, the run goes on. */
async function runTeardown(run: RunState, setupData: unknown): Promise<StampedeError | undefined> {
  const { options, log } = run;
  if (options.noTeardown || !run.scriptExports.includes('teardown')) return undefined; // k6 --no-teardown / noTeardown
  run.live.phase = RunStatusCode.teardown;
  const timedOut = () => new StampedeError('E_TEARDOWN_TIMEOUT', `teardown() did not finish within ${options.teardownTimeoutMs} ms`, { exitCode: ExitCode.teardownTimeout });
  let error: StampedeError | undefined;
  try {
    const w = await lifecycleWorker(run);
    const answer = w.ask({ type: 'teardown', timeoutMs: options.teardownTimeoutMs, setupData }, options.teardownTimeoutMs + ANSWER_SLACK_MS);
    const teardown = await answer.catch(async (err: unknown) => {
      if (!(err instanceof WorkerUnresponsiveError)) throw err;
      await w.kill('unresponsive', 'did not come back from teardown() (an endless loop?): terminated it');
      return { type: 'teardown-error' as const, timedOut: true, error: { message: '' } };
    });
    if (teardown.type === 'teardown-error') {
      error = teardown.timedOut ? timedOut() : scriptErrorFrom(teardown.error, 'E_TEARDOWN', 'teardown() failed');
    }
  } catch (err) {
    if (!(err instanceof StampedeError)) throw err;
    error = new StampedeError(err.code, `teardown() did not run: ${err.message}`, { exitCode: err.exitCode });
  }
  if (error) log.error(error.message);
  return error;
}

/**
 * The last metrics of every living worker (and its load report). A worker
 * that does not answer in time is terminated: what it posted before stays.
 */
/**
 * The last metrics of every living worker, with its load report. `metricsInAt`
 * is when the last of them arrived: workers close their VUs' connections
 * after that, and the closing is not part of the test.
 */
export async function finalFlush(run: RunState): Promise<{ reports: LoadReportEvent[]; metricsInAt: number }> {
  const reports: LoadReportEvent[] = [];
  let metricsInAt = 0;
  const alive = run.watch.alive;
  for (const w of alive) w.on('load-report', (e) => { reports.push(e); metricsInAt = Date.now(); });
  await Promise.all(alive.map((w) => w.ask({ type: 'flush', final: true }, FLUSH_MS).catch(async (err: unknown) => {
    if (err instanceof WorkerUnresponsiveError) await w.kill('unresponsive', `did not send its last metrics within ${FLUSH_MS / 1000} s: terminated it`);
    else if (!(err instanceof WorkerLostError)) throw err;
  })));
  return { reports, metricsInAt: metricsInAt || Date.now() };
}

export interface FinishResult {
  exitCode: ExitCodeValue;
  summary: SummaryData;
  thresholds: ThresholdResult[];
}

/** Everything after the scenarios: teardown, flush, thresholds, summary, exit code. */
export async function finishRun(run: RunState, setupData: unknown, scenarios: ScenarioOutcome, stopOutputs: () => Promise<readonly OutputOutcome[]>): Promise<FinishResult> {
  const { req, options, store, log, watch } = run;
  const teardownError = await runTeardown(run, setupData);
  // this process's workers (a coordinator's: the one that ran setup and teardown) send their last metrics;
  // a distributed run's agents sent theirs with their `done`, and their load is the test's
  const local = await finalFlush(run);
  const { reports: loadReports, metricsInAt } = run.remote ? await run.remote.flush() : local;
  watch.stop();
  const bottleneck = generatorBottleneck(loadReports);
  if (bottleneck) log.warn(bottleneck);
  scenarios.sampleVus(true); // after the flush, so the last progress report has every iteration
  // the test ran until its last metrics were in; closing the outputs is not part of it (rates count over this)
  const durationMs = metricsInAt - run.testStart;
  // outputs flush now, so the summary can say what each sent and dropped
  const outputOutcomes = await stopOutputs();

  const thresholds = evaluateThresholds(store, run.thresholdDefs, { durationMs, requireData: req.thresholdsRequireData });
  for (const t of thresholds.filter((r) => r.noData)) {
    log.warn(`threshold '${t.source}' on ${t.metric} had no data: ${t.ok ? 'it passes, as in k6; --thresholds-require-data makes it fail' : 'it fails (--thresholds-require-data)'}`);
  }
  const summary = buildSummaryData(store, {
    durationMs,
    options: { summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: !req.io.isStdOutTTY },
    thresholds,
    isStdOutTTY: req.io.isStdOutTTY,
    isStdErrTTY: req.io.isStdErrTTY,
    setupData,
    chaos: run.faultReports,
  });
  for (const warning of store.warnings()) log.warn(warning);

  if (!req.noSummary && !options.noSummary) await writeSummaries(run, summary, thresholds, outputOutcomes);

  const failed = thresholds.some((t) => !t.ok);
  let exitCode: ExitCodeValue = ExitCode.ok;
  const agentLosses = run.remote?.losses ?? [];
  if (watch.losses.length > 0 || agentLosses.length > 0) exitCode = ExitCode.workerLost;
  else if (run.live.stoppedByApi) exitCode = ExitCode.genericEngine;
  else if (scenarios.thresholdAbort) exitCode = ExitCode.thresholdsFailed;
  else if (scenarios.abortReason !== undefined) exitCode = ExitCode.scriptAborted;
  else if (scenarios.interrupted) exitCode = ExitCode.externalAbort;
  else if (failed) exitCode = ExitCode.thresholdsFailed;
  else if (teardownError) exitCode = teardownError.exitCode;
  if (scenarios.abortReason !== undefined) log.error(`test aborted${scenarios.abortReason ? `: ${scenarios.abortReason}` : ''}`);
  if (failed) log.error(`thresholds on metrics '${[...new Set(thresholds.filter((t) => !t.ok).map((t) => t.metric))].join("', '")}' have been crossed`);
  if (watch.losses.length > 0) {
    log.error(`${watch.losses.length} VU worker(s) lost during the test (${watch.losses.map((l) => `worker ${l.death.worker}: ${l.death.cause}`).join(', ')}); `
      + `the summary holds what was measured; exit code ${ExitCode.workerLost}`);
  }
  if (agentLosses.length > 0) {
    log.error(`${agentLosses.length} agent(s) or their VU workers lost during the test (${agentLosses.join('; ')}); the summary holds what was measured; exit code ${ExitCode.workerLost}`);
  }
  return { exitCode, summary, thresholds };
}

/** handleSummary() when the script exports it, else the text summary; then --summary-export. A file that cannot be written is reported, the rest still is. */
async function writeSummaries(run: RunState, summary: SummaryData, thresholdResults: ThresholdResult[], outputOutcomes: readonly OutputOutcome[]): Promise<void> {
  const { req, log } = run;
  let outputs: Record<string, string> | null = null;
  try {
    const w: WorkerHost = await lifecycleWorker(run);
    const result = await w.ask({ type: 'handle-summary', data: summary }, HANDLE_SUMMARY_MS);
    if (result.type === 'summary-error') {
      log.error(`handleSummary() failed: ${result.error.message}${result.error.file ? ` at ${result.error.file}:${result.error.line}:${result.error.column}` : ''}; printing the default summary`);
    } else outputs = result.output;
  } catch (err) {
    if (!(err instanceof StampedeError || err instanceof WorkerUnresponsiveError)) throw err;
    log.error(`handleSummary() did not run (${err.message}); printing the default summary`);
  }
  if (outputs === null) {
    req.io.stdout(`${renderTextSummary(summary, { indent: ' ', enableColors: req.io.isStdOutTTY, thresholdResults })}${renderOutputsSummary(outputOutcomes)}\n`);
  } else {
    for (const [target, content] of Object.entries(outputs)) {
      if (target === 'stdout') req.io.stdout(content);
      else if (target === 'stderr') req.io.stderr(content);
      else await writeOrReport(path.resolve(target), content, 'handleSummary() output', log);
    }
  }
  if (req.summaryExport) {
    await writeOrReport(path.resolve(req.summaryExport), `${JSON.stringify(buildSummaryExport(summary), null, 4)}\n`, 'the summary export', log);
  }
}

async function writeOrReport(file: string, content: string, what: string, log: RunState['log']): Promise<void> {
  try {
    await writeFile(file, content);
  } catch (err) {
    log.error(`${what} was not written to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; the summary above and the run's history have the same numbers`);
  }
}

/** Event-loop lateness (p99, ms) from which reported latencies are noticeably inflated by the generator. */
const LATE_LOOP_P99_MS = 20;

/**
 * The honest-latency warning: when a VU worker's event loop ran late, the
 * load generator itself was a bottleneck and the latencies it measured are
 * too high by up to that much (and the load too low). Undefined when all
 * workers kept up.
 */
export function generatorBottleneck(reports: readonly Omit<LoadReportEvent, 'type'>[]): string | undefined {
  const late = reports.filter((r) => r.p99DelayMs >= LATE_LOOP_P99_MS);
  if (late.length === 0) return undefined;
  const worst = late.reduce((a, b) => (b.p99DelayMs > a.p99DelayMs ? b : a));
  const cpu = Math.round(worst.cpuShare * 100);
  return `results understate latency: the event loop of VU worker ${worst.worker} was delayed up to ${Math.round(worst.maxDelayMs)} ms `
    + `(p99 ${Math.round(worst.p99DelayMs)} ms; process CPU ${cpu}% of a core), so the load generator itself was a bottleneck; `
    + 'use more --workers or cores, or fewer VUs per machine';
}
