/**
 * `stampede agent`: one instance of a distributed run. It joins the
 * coordinator, unpacks the archive it is given, initialises its workers on
 * its execution segment, and runs the scenarios from the coordinator's
 * barrier with the coordinator's setup data. Every metric batch goes to the
 * coordinator, which judges thresholds and writes the one summary; the
 * agent keeps no verdict of its own. A lost coordinator interrupts the load
 * at once: an agent never goes on loading a system nobody is measuring.
 */
import path from 'node:path';
import { initialVUsOf, type Options } from '../config/index.ts';
import { CoordinatorLink, AgentRefusedError, LinkEndedError, type AgentLoadReport, type CoordinatorMessage } from '../distributed/index.ts';
import { unpackArchive } from '../script/archive.ts';
import { compileInWorker } from '../workers/index.ts';
import type { MetricBatch } from '../metrics/index.ts';
import { OutputSet } from '../outputs/index.ts';
import { ExitCode, StampedeError, type ExitCodeValue } from '../errors/index.ts';
import { VERSION } from '../lib/index.ts';
import { RunLog } from './run-log.ts';
import { initAndResolve, newWorker, startVuWorkers } from './start-workers.ts';
import { configureWorker } from './lifecycle-worker.ts';
import { runScenarios } from './scenario-phase.ts';
import { finalFlush } from './finish-phase.ts';
import type { RunIO, RunRequest } from './run-request.ts';
import { newRunState, type RunState } from './run-state.ts';

export interface AgentRequest {
  /** ws://host:port/agent (or wss://) */
  coordinator: string;
  token?: string;
  /** a CA certificate to trust for wss:// */
  ca?: Buffer;
  /** the segment slot to ask for; default: the next free one */
  index?: number;
  /** VU worker threads; default: one per core */
  workers?: number;
  /** how long to keep trying to reach the coordinator */
  connectTimeoutMs: number;
  io: RunIO;
  /** Ctrl-C on the agent: its load stops; the coordinator loses this agent */
  signal?: AbortSignal;
}

/** Joins, runs its segment, and returns the exit code the coordinator gave (or its own failure's). */
export async function runAgent(req: AgentRequest): Promise<{ exitCode: ExitCodeValue; error?: StampedeError }> {
  const localLog = new RunLog((line) => req.io.stderr(`${line}\n`));
  let link: CoordinatorLink;
  try {
    link = await CoordinatorLink.connect({
      url: req.coordinator, token: req.token, ca: req.ca, index: req.index, version: VERSION,
      connectTimeoutMs: req.connectTimeoutMs, log: (l) => localLog.info(l), signal: req.signal,
    });
  } catch (err) {
    const refused = err instanceof AgentRefusedError;
    return { exitCode: refused ? ExitCode.invalidConfig : ExitCode.generic, error: new StampedeError(refused ? 'E_AGENT_REFUSED' : 'E_COORDINATOR_UNREACHABLE', (err as Error).message) };
  }
  // Ctrl-C before the test started: leave at once (the coordinator counts this agent as lost);
  // once it runs, Ctrl-C interrupts the iterations and the last metrics still go out
  const phase = { started: false };
  const leave = () => { if (!phase.started) void link.close(); };
  req.signal?.addEventListener('abort', leave, { once: true });
  try {
    const assign = await link.next('assign');
    localLog.info(`joined ${req.coordinator} as agent ${assign.index} of ${assign.instances}, segment ${assign.segment}`);
    return await runAssigned(req, link, assign, phase);
  } catch (err) {
    if (err instanceof LinkEndedError) {
      if (err.bye) return { exitCode: err.bye.exitCode as ExitCodeValue, error: err.bye.exitCode === 0 ? undefined : new StampedeError('E_COORDINATOR_BYE', `the coordinator ended the run: ${err.bye.reason ?? `exit code ${err.bye.exitCode}`}`, { exitCode: err.bye.exitCode as ExitCodeValue }) };
      if (req.signal?.aborted) return { exitCode: ExitCode.externalAbort, error: new StampedeError('E_INTERRUPTED', 'interrupted before the test started', { exitCode: ExitCode.externalAbort }) };
      return { exitCode: ExitCode.generic, error: new StampedeError('E_COORDINATOR_LOST', `lost the coordinator: ${err.message}`) };
    }
    throw err;
  } finally {
    req.signal?.removeEventListener('abort', leave);
    await link.close();
  }
}

async function runAssigned(req: AgentRequest, link: CoordinatorLink, assign: Extract<CoordinatorMessage, { type: 'assign' }>, phase: { started: boolean }): Promise<{ exitCode: ExitCodeValue; error?: StampedeError }> {
  const archive = unpackArchive(Buffer.from(assign.archive), 'the coordinator\'s archive');
  // every line is shown here and sent to the coordinator, which prints it tagged agent=N
  const log = new RunLog((line) => { req.io.stderr(`${line}\n`); link.send({ type: 'log', line }); });
  const workers = [newWorker(0, log)];
  const interrupted = new AbortController();
  req.signal?.addEventListener('abort', () => interrupted.abort(), { once: true });
  try {
    let run: RunState;
    try {
      run = await initialise(req, link, assign, archive.entryPath, workers, log, interrupted.signal);
    } catch (err) {
      const error = err instanceof StampedeError ? err : new StampedeError('E_AGENT_INIT', String((err as Error).stack ?? err));
      link.send({ type: 'init-failed', message: `${error.message}${error.hint ? ` (${error.hint})` : ''}`, exitCode: error.exitCode });
      return { exitCode: error.exitCode, error };
    }
    // the coordinator's word from here on: stop, Ctrl-C, pause (a stop or pause that comes before
    // the scenarios start is kept for them); its loss interrupts the load
    let pausedEarly: boolean | undefined;
    link.on('stop', () => { run.live.stoppedByApi = true; run.live.stopScenarios?.(); });
    link.on('interrupt', () => interrupted.abort());
    link.on('pause', (m) => { if (run.live.pool) run.live.pool.setPaused(m.paused); else pausedEarly = m.paused; });
    void link.closed.then(({ bye, reason }) => {
      if (bye) return;
      log.error(`lost the coordinator (${reason}): interrupting the load`);
      interrupted.abort();
    });
    for (const w of workers) w.on('abort', (e) => link.send({ type: 'abort', reason: e.reason }));

    const start = await link.next('start');
    phase.started = true;
    await new Promise((r) => setTimeout(r, start.startInMs));
    run.testStart = Date.now();
    log.started(run.testStart);
    for (const w of run.watch.alive) configureWorker(run, w, assign.keepPoints);
    const running = runScenarios(run, start.setupData); // the VU pool exists once this returns
    if (pausedEarly !== undefined) run.live.pool?.setPaused(pausedEarly);
    const outcome = await running;
    const { reports } = await finalFlush(run);
    run.watch.stop();
    link.send({
      type: 'done', reports: reports.map((r): AgentLoadReport => ({ worker: r.worker, p99DelayMs: r.p99DelayMs, maxDelayMs: r.maxDelayMs, cpuShare: r.cpuShare })),
      interrupted: outcome.interrupted, abortReason: outcome.abortReason,
      workerLosses: run.watch.losses.map((l) => `agent ${assign.index} worker ${l.death.worker}: ${l.death.cause}`),
    });
    const { bye, reason } = await link.closed;
    if (!bye) return { exitCode: ExitCode.generic, error: new StampedeError('E_COORDINATOR_LOST', `lost the coordinator before the end of the run: ${reason}`) };
    log.info(`the coordinator ended the run with exit code ${bye.exitCode}`);
    return { exitCode: bye.exitCode as ExitCodeValue };
  } finally {
    await Promise.all(workers.map((w) => w.shutdown()));
    archive.cleanup();
  }
}

/** Compiles the archive's script, initialises the workers on this agent's segment, and tells the coordinator it is ready. */
async function initialise(req: AgentRequest, link: CoordinatorLink, assign: Extract<CoordinatorMessage, { type: 'assign' }>, entryPath: string, workers: ReturnType<typeof newWorker>[], log: RunLog, signal: AbortSignal): Promise<RunState> {
  const compiled = await compileInWorker(path.resolve(entryPath));
  const cliOptions: Options = { ...assign.cliOptions, executionSegment: assign.segment, executionSegmentSequence: assign.sequence };
  const runReq: RunRequest = {
    scriptPath: entryPath, cliOptions, env: assign.env, processEnv: {}, io: req.io, workers: req.workers,
    // thresholds are the coordinator's: it judges them on everyone's data
    noThresholds: true, noSummary: true,
    httpDebug: assign.httpDebug, verbose: assign.verbose, onWorkerLoss: assign.onWorkerLoss, signal,
    onProgress: (p) => link.send({ type: 'progress', progress: { vus: p.vus, vusMax: p.vusMax, iterations: p.iterations, scenarios: p.scenarios } }),
  };
  const { options, sharedArrays, exports: scriptExports } = await initAndResolve(workers[0], compiled, runReq, log);
  const vusInitial = options.scenarioConfigs.reduce((sum, s) => sum + initialVUsOf(s), 0);
  const maxVUs = await startVuWorkers(runReq, workers, compiled, sharedArrays, options, vusInitial, log);
  // the scenario phase samples its gauges into the run's main batcher; they stay on the agent (withoutGauges)
  const run = newRunState({
    req: runReq, compiled, options, sharedArrays, scriptExports, workers, log, outputs: OutputSet.empty(), thresholdDefs: [], vusInitial, externalInitial: 0,
  }, (batch) => {
    // the store has it for this agent's progress (iterations per scenario); the vus gauges are the
    // coordinator's (the sum of every agent's progress); everything else goes as it came
    const forward = withoutGauges(batch);
    if (forward) link.send({ type: 'metrics', batch: forward });
  });
  link.send({ type: 'ready', vusMax: maxVUs, workers: workers.length });
  return run;
}

/** The batch without this agent's own vus / vus_max / generator_memory samples (gauges of the coordinator's); undefined when nothing is left. */
function withoutGauges(batch: MetricBatch): MetricBatch | undefined {
  const local = (m: string) => m === 'vus' || m === 'vus_max' || m === 'generator_memory';
  if (!batch.series.some((s) => local(s.metric))) return batch;
  const series = batch.series.filter((s) => !local(s.metric));
  const points = batch.points?.filter((p) => !local(p.metric));
  if (series.length === 0 && batch.definitions.length === 0 && (points?.length ?? 0) === 0 && batch.exemplars === undefined) return undefined;
  return { ...batch, series, points };
}
