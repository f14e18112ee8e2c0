/**
 * One test run from script path to result, in named steps: compile, start
 * workers (start-workers.ts), start outputs, setup, scenarios
 * (scenario-phase.ts), finish (finish-phase.ts: teardown, summary, exit
 * code), artifacts. Returns the k6 exit code and the summary data; never
 * touches process.* (the CLI does). A dead or stuck worker is handled in
 * one place, worker-watch.ts.
 */
import path from 'node:path';
import type { CompiledScript } from '../script/index.ts';
import { maxVUsOf, initialVUsOf, testMaxDurationMs, isScalable } from '../config/index.ts';
import { compileInWorker, type WorkerHost } from '../workers/index.ts';
import { Scheduler } from '../execution/index.ts';
import { parseThresholds, type ParsedThreshold } from '../metrics/index.ts';
import { buildSummaryData, TimelineCollector, periodFor, statusOfExitCode, type RunReport, type SummaryData } from '../reports/index.ts';
import { ExitCode, StampedeError } from '../errors/index.ts';
import { RunStatusCode } from '../api/index.ts';
import { OutputSet, type OutputReport } from '../outputs/index.ts';
import { startDashboard, type Dashboard } from '../dashboard/index.ts';
import { startRunApi } from './run-api.ts';
import { writeRunArtifacts, gitCommit } from './run-artifacts.ts';
import { RunLog } from './run-log.ts';
import { BesideLoad } from './beside-load.ts';
import { initAndResolve, newWorker, startVuWorkers, userFacingOptions } from './start-workers.ts';
import { configureWorker } from './lifecycle-worker.ts';
import { runScenarios } from './scenario-phase.ts';
import { finishRun, runSetup } from './finish-phase.ts';
import type { RunRequest, RunResult } from './run-request.ts';
import { newRunState } from './run-state.ts';
import { RemoteLoad, type DistributedRequest } from './remote-load.ts';

/** Runs a whole test. Errors the user can fix come back as `error` with k6's exit code. */
export async function runTest(req: RunRequest): Promise<RunResult> {
  const scriptPath = path.resolve(req.scriptPath);
  let compiled;
  try {
    compiled = await compileInWorker(scriptPath);
  } catch (err) {
    return failure(err);
  }
  const log = new RunLog((line) => req.io.stderr(`${line}\n`));
  // One worker first: its init code yields the options, which decide how many more are worth starting.
  const workers = [newWorker(0, log)];
  try {
    return await runWithWorkers(req, workers, compiled, log);
  } catch (err) {
    return failure(err);
  } finally {
    await Promise.all(workers.map((w) => w.shutdown()));
  }
}

/** Starts the workers and the outputs, then runs the test with them. */
async function runWithWorkers(req: RunRequest, workers: WorkerHost[], compiled: CompiledScript, log: RunLog): Promise<RunResult> {
  const { options, sharedArrays, exports: scriptExports, probes: probeSpecs, chaos: chaosPlan } = await initAndResolve(workers[0], compiled, req, log);
  Scheduler.check(options.scenarioConfigs);
  // k6 initialises every scenario's VUs (arrival-rate: the pre-allocated ones) before the start;
  // arrival-rate scenarios may grow beyond that up to maxVUs.
  const vusInitial = options.scenarioConfigs.reduce((sum, s) => sum + initialVUsOf(s), 0);
  const thresholdDefs = req.noThresholds ? [] : parseThresholds(options.thresholds);
  // a coordinator's VUs run on its agents: worker 0 stays for setup(), teardown() and handleSummary()
  if (!req.distributed) await startVuWorkers(req, workers, compiled, sharedArrays, options, vusInitial, log);

  // Outputs start once the options are known and before any sample is taken (setup's included).
  const outputs = req.outputs && req.outputs.length > 0
    ? await OutputSet.create(req.outputs, {
      env: req.processEnv, testStart: Date.now(), systemTags: options.systemTags ?? [], thresholds: thresholdSources(thresholdDefs),
      exemplarsPerName: options.exemplars,
      log: (level, line) => log.line(level, line),
    })
    : OutputSet.empty();
  if (outputs.size > 0) log.info(`output: ${outputs.descriptions.join(', ')}`);

  let timeline: TimelineCollector | undefined;
  const run = newRunState({
    req, compiled, options, sharedArrays, scriptExports, workers, log, outputs, thresholdDefs, vusInitial,
    externalInitial: options.scenarioConfigs.filter(isScalable).reduce((sum, s) => sum + maxVUsOf(s), 0),
  }, (batch) => { outputs.write(batch); timeline?.add(batch); beside.observe(batch); });
  const { store } = run;
  const beside = new BesideLoad({
    probes: probeSpecs, chaos: chaosPlan, merge: (batch) => run.merge(batch), log, keepPoints: outputs.needsPoints, watch: run.watch,
    probesRequired: req.probesRequired === true, allowExec: req.allowExec === true, chaosApi: req.chaosApi,
  });
  run.live.vusMax = vusInitial;
  let outputsStopped: Promise<readonly OutputReport[]> | undefined;
  const stopOutputs = () => (outputsStopped ??= outputs.stop());
  const api = req.api ? await startRunApi(run.live, req.api, (line) => log.raw(line)).catch(async (err: unknown) => { await stopOutputs(); throw err; }) : undefined;
  let dashboard: Dashboard | undefined;
  try {
    if (req.distributed) run.remote = await gatherAgents(req, req.distributed, outputs.needsPoints, log);
    beside.listen(workers);
    await beside.prepare();
    if (req.dashboard) {
      dashboard = await startDashboard({ ...req.dashboard, log: (line) => log.raw(line) });
      log.info(`web dashboard: ${dashboard.url}`);
    }
    return await runFromSetupToArtifacts();
  } catch (err) {
    // a run that failed (setup() threw …) ends its agents with its own code
    await run.remote?.close(err instanceof StampedeError ? err.exitCode : ExitCode.generic);
    throw err;
  } finally {
    run.watch.stop();
    await run.remote?.close(ExitCode.generic);
    await beside.close();
    await dashboard?.close();
    await api?.close();
    for (const line of outputDropLines(await stopOutputs())) log.warn(line);
  }

  /** setup(), the scenarios, the finish and the artifacts, once the outputs, API and dashboard are up. */
  async function runFromSetupToArtifacts(): Promise<RunResult> {
    const { live } = run;
    if (options.paused) {
      if (!api) throw new StampedeError('E_PAUSED_NO_API', 'the test starts paused but no REST API is listening to resume it', { exitCode: ExitCode.cannotStartRestApi, hint: 'free the port or pass --address host:port' });
      log.info(`paused: resume with \`stampede resume --address ${api.address}\``);
      const stopped = new Promise<void>((r) => req.signal?.addEventListener('abort', () => r(), { once: true }));
      await Promise.race([live.waitForResume(), stopped]);
    }
    // before the clock starts: `git rev-parse` alone takes milliseconds a short smoke test's rates would count
    const commit = req.artifacts?.history || req.dashboard || req.artifacts?.reportFile ? gitCommit(path.dirname(path.resolve(req.scriptPath))) : undefined;
    const jsonSafeOptions = JSON.parse(JSON.stringify(userFacingOptions(options), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) as Record<string, unknown>;
    run.testStart = Date.now();
    log.started(run.testStart);
    timeline = new TimelineCollector(run.testStart, periodFor(testMaxDurationMs(options.scenarioConfigs)));
    /** The run as the report, the dashboard and the history see it; `summary` while running is the live one. */
    const runReport = (status: RunReport['status'], summary?: SummaryData, exitCode?: number): RunReport => {
      const { setup_data: _setupData, ...summaryWithoutSetup } = summary ?? ({} as SummaryData);
      return {
        format: 'stampede-run/1', script: req.scriptLabel ?? req.scriptPath, startedAt: run.testStart, durationMs: Date.now() - run.testStart,
        status, exitCode, tags: { ...(options.tags ?? {}) }, commit,
        scenarios: options.scenarioConfigs.map((c) => c.name), options: jsonSafeOptions,
        definitions: timeline?.definitions ?? [],
        timeline: status === 'running' ? timeline!.snapshot() : timeline!.finish(Date.now()),
        summary: summary ? summaryWithoutSetup : undefined,
        exemplars: store.exemplarReport(),
      };
    };
    if (dashboard) {
      const board = dashboard;
      // live thresholds and checks: the summary as it stands (thresholds as last evaluated)
      timeline.onPeriod(() => board.update(runReport('running', buildSummaryData(store, {
        durationMs: Date.now() - run.testStart,
        options: { summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: true },
        thresholds: live.thresholds,
      }))));
    }
    for (const w of run.watch.alive) configureWorker(run, w);

    live.phase = RunStatusCode.setup;
    // probes and fault windows on the same clock as the load (before setup(): the system as it was)
    await beside.start(run.testStart);
    const setupData = await runSetup(run);
    const scenarios = run.remote ? await run.remote.runScenarios(run, setupData) : await runScenarios(run, setupData);
    await beside.afterLoad(req.signal);
    // Ctrl-C while a drain waited (after the load) ends the run as Ctrl-C during the load does: exit 105
    if (req.signal?.aborted) scenarios.interrupted = true;
    run.faultReports = beside.faultReports();
    const finished = await finishRun(run, setupData, scenarios, stopOutputs);
    let exitCode = finished.exitCode;
    const report = runReport(statusOfExitCode(exitCode), finished.summary, exitCode);
    dashboard?.finish(report);
    const artifactsExit = req.artifacts ? await writeRunArtifacts(report, req.artifacts, log) : undefined;
    if (artifactsExit !== undefined && exitCode === ExitCode.ok) exitCode = artifactsExit;
    // the agents exit with the run's final code (a baseline regression included)
    await run.remote?.close(exitCode);
    live.phase = RunStatusCode.ended;
    return { exitCode, summary: finished.summary, thresholds: finished.thresholds };
  }
}

/** `stampede coordinator`: every agent joined, holding the archive and its segment, initialised. */
function gatherAgents(req: RunRequest, distributed: DistributedRequest, keepPoints: boolean, log: RunLog): Promise<RemoteLoad> {
  return RemoteLoad.gather(distributed, {
    scriptPath: path.resolve(req.scriptPath), cliOptions: req.cliOptions, processEnv: req.processEnv, env: req.env, keepPoints,
    httpDebug: req.httpDebug ?? '', verbose: req.verbose === true, onWorkerLoss: req.onWorkerLoss ?? 'stop', log, signal: req.signal,
  });
}

/** Threshold expressions by metric key, for outputs that announce them (json). */
function thresholdSources(defs: readonly ParsedThreshold[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of defs) (out[d.metric] ??= []).push(d.source);
  return out;
}

/** One line per output that lost samples: how many, and the last error. */
export function outputDropLines(reports: readonly OutputReport[]): string[] {
  return reports.filter((r) => r.dropped > 0).map((r) => `output ${r.description} dropped ${r.dropped} samples${r.lastError ? ` (last error: ${r.lastError})` : ''}; ${r.sent} were sent`);
}

function failure(err: unknown): RunResult {
  if (err instanceof StampedeError) return { exitCode: err.exitCode, error: err };
  const wrapped = new StampedeError('E_INTERNAL', `internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`, {
    hint: 'this is a bug in Stampede; please report it with the script that triggered it',
  });
  return { exitCode: ExitCode.generic, error: wrapped };
}
