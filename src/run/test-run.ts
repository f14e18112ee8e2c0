/**
 * One test run from script path to result: compile, start workers, resolve
 * options, setup, scenarios, teardown, thresholds, summary. Returns the k6
 * exit code and the summary data; never touches process.* (the CLI does).
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { CompiledScript } from '../script/index.ts';
import { mergeOptions, optionsFromEnv, resolveOptions, maxVUsOf, initialVUsOf, testMaxDurationMs } from '../config/index.ts';
import type { Options, ResolvedOptions } from '../config/options.ts';
import { WorkerHost, compileInWorker, tuneHeapForVUs } from '../workers/index.ts';
import { Scheduler, VuPool, warmUpIterations } from '../execution/index.ts';
import { MetricStore, Batcher, parseThresholds, evaluateThresholds, type MetricBatch, type ParsedThreshold, type ThresholdResult } from '../metrics/index.ts';
import { buildSummaryData, renderTextSummary, renderOutputsSummary, buildSummaryExport, TimelineCollector, periodFor, statusOfExitCode, type OutputOutcome, type RunReport, type SummaryData } from '../reports/index.ts';
import { ExitCode, StampedeError, ScriptError, ConfigError, type ExitCodeValue } from '../errors/index.ts';
import type { SerializedError, WorkerEvent } from '../workers/protocol.ts';
import { stackFrames } from '../lib/index.ts';
import { RunStatusCode } from '../api/index.ts';
import { LiveRun, startRunApi, type ApiRequest } from './run-api.ts';
import { scenarioProgress, type RunProgress } from './progress-snapshot.ts';
import { OutputSet, type OutputSpec, type OutputReport } from '../outputs/index.ts';
import { writeRunArtifacts, gitCommit, type ArtifactRequest } from './run-artifacts.ts';
import { startDashboard, type Dashboard } from '../dashboard/index.ts';

export interface RunIO {
  stdout(text: string): void;
  stderr(text: string): void;
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
}

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
  httpDebug?: '' | 'headers' | 'full';
  /** the REST API's address and token; undefined: no API (programmatic runs) */
  api?: ApiRequest;
  /** aborted on Ctrl-C: stop gracefully, keep the data, exit 105 */
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
  /** called about once a second while scenarios run */
  onProgress?: (p: RunProgress) => void;
}

export interface RunResult {
  exitCode: ExitCodeValue;
  summary?: SummaryData;
  thresholds?: ThresholdResult[];
  error?: StampedeError;
}

/** Runs a whole test. Errors the user can fix come back as `error` with k6's exit code. */
export async function runTest(req: RunRequest): Promise<RunResult> {
  const scriptPath = path.resolve(req.scriptPath);
  let compiled;
  try {
    compiled = await compileInWorker(scriptPath);
  } catch (err) {
    return failure(err);
  }
  // One worker first: its init code yields the options, which decide how many more are worth starting.
  const workers = [new WorkerHost(0)];
  try {
    return await runWithWorkers(req, workers, compiled);
  } catch (err) {
    return failure(err);
  } finally {
    await Promise.all(workers.map((w) => w.shutdown()));
  }
}

async function runWithWorkers(req: RunRequest, workers: WorkerHost[], compiled: Compiled): Promise<RunResult> {
  const [w0] = workers;
  const log = (line: string) => req.io.stderr(`${line}\n`);
  for (const w of workers) w.on('log', (e) => log(e.line));
  const { options, sharedArrays } = await initAndResolve(workers, compiled, req, log);
  Scheduler.check(options.scenarioConfigs);
  const wanted = workerCount(req.workers, options.scenarioConfigs.reduce((sum, s) => sum + maxVUsOf(s), 0));
  await addWorkers(workers, wanted, compiled, sharedArrays, req, log);
  // k6 initialises every scenario's VUs (arrival-rate: the pre-allocated ones) before the start;
  // arrival-rate scenarios may grow beyond that up to maxVUs.
  const vusInitial = options.scenarioConfigs.reduce((sum, s) => sum + initialVUsOf(s), 0);
  // by the VUs that exist from the start: arrival-rate maxVUs are a ceiling, rarely reached
  tuneHeapForVUs(vusInitial);
  const externalInitial = options.scenarioConfigs.filter((s) => s.executor === 'externally-controlled').reduce((sum, s) => sum + s.maxVUs, 0);
  const thresholdDefs = req.noThresholds ? [] : parseThresholds(options.thresholds);
  await warmUp(workers, options, warmUpIterations(options.scenarioConfigs, workers.length, req.processEnv.STAMPEDE_WARM_UP), log);

  // Outputs start once the options are known and before any sample is taken (setup's included).
  const outputs = req.outputs && req.outputs.length > 0
    ? await OutputSet.create(req.outputs, {
      env: req.processEnv, testStart: Date.now(), systemTags: options.systemTags ?? [], thresholds: thresholdSources(thresholdDefs),
      log: (level, line) => log(`${LOG_LEVEL[level]}[0000] ${line}`),
    })
    : OutputSet.empty();
  if (outputs.size > 0) log(`INFO[0000] output: ${outputs.descriptions.join(', ')}`);
  try {
    return await runWithOutputs(outputs);
  } finally {
    const reports = await outputs.stop();
    for (const line of outputDropLines(reports)) log(line);
  }

  async function runWithOutputs(outputs: OutputSet): Promise<RunResult> {
    const store = new MetricStore();
    let timeline: TimelineCollector | undefined;
    const merge = (batch: MetricBatch) => { store.merge(batch); outputs.write(batch); timeline?.add(batch); };
    for (const w of workers) w.on('metrics', (e) => merge(e.batch));
    const mainBatcher = new Batcher({ keepPoints: outputs.needsPoints });
    mainBatcher.define({ name: 'vus', type: 'gauge', contains: 'default' });
    mainBatcher.define({ name: 'vus_max', type: 'gauge', contains: 'default' });
    // as in k6, the test-wide gauges carry the run's tags (--tag, options.tags), so dashboards filtering on them see VUs
    const testTags = Object.freeze({ ...(options.tags ?? {}) });

    let testStart = Date.now();
    const live = new LiveRun(store, () => testStart, options.summaryTrendStats, (line) => log(`INFO[${clock(testStart)}] ${line}`));
    live.vusMax = vusInitial;
    const api = req.api ? await startRunApi(live, req.api, log) : undefined;
    const jsonSafeOptions = JSON.parse(JSON.stringify(options, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) as Record<string, unknown>;
    const commit = req.artifacts?.history || req.dashboard || req.artifacts?.reportFile ? gitCommit(path.dirname(path.resolve(req.scriptPath))) : undefined;
    let dashboard: Dashboard | undefined;
    try {
      if (req.dashboard) {
        dashboard = await startDashboard({ ...req.dashboard, log });
        log(`INFO[0000] web dashboard: ${dashboard.url}`);
      }
      return await runStarted();
    } finally {
      await dashboard?.close();
      await api?.close();
    }

    /** The run as the report, the dashboard and the history see it; `summary` while running is the live one. */
    function runReport(status: RunReport['status'], summary?: SummaryData, exitCode?: number): RunReport {
      const { setup_data: _setupData, ...summaryWithoutSetup } = summary ?? ({} as SummaryData);
      return {
        format: 'stampede-run/1',
        script: req.scriptLabel ?? req.scriptPath,
        startedAt: testStart,
        durationMs: Date.now() - testStart,
        status,
        exitCode,
        tags: { ...(options.tags ?? {}) },
        commit,
        scenarios: options.scenarioConfigs.map((c) => c.name),
        options: jsonSafeOptions,
        definitions: timeline?.definitions ?? [],
        timeline: status === 'running' ? timeline!.snapshot() : timeline!.finish(Date.now()),
        summary: summary ? summaryWithoutSetup : undefined,
      };
    }

    // The rest of the run, in a closure so the API server is closed however it ends.
    async function runStarted(): Promise<RunResult> {
      if (options.paused) {
        if (!api) throw new StampedeError('E_PAUSED_NO_API', 'the test starts paused but no REST API is listening to resume it', { exitCode: ExitCode.cannotStartRestApi, hint: 'free the port or pass --address host:port' });
        log(`INFO[0000] paused: resume with \`stampede resume --address ${api.address}\``);
        const stopped = new Promise<void>((r) => req.signal?.addEventListener('abort', () => r(), { once: true }));
        await Promise.race([live.waitForResume(), stopped]);
        testStart = Date.now();
      }
      timeline = new TimelineCollector(testStart, periodFor(testMaxDurationMs(options.scenarioConfigs)));
      if (dashboard) {
        const board = dashboard;
        // live thresholds and checks: the summary as it stands (thresholds as last evaluated)
        timeline.onPeriod(() => board.update(runReport('running', buildSummaryData(store, {
          durationMs: Date.now() - testStart,
          options: { summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: true },
          thresholds: live.thresholds,
        }))));
      }
      for (const w of workers) w.send({ type: 'configure', options, httpDebug: req.httpDebug ?? '', testStart, control: w.control, keepPoints: outputs.needsPoints });

      // setup()
      live.phase = RunStatusCode.setup;
      const setupAnswer = w0.next('setup-done', 'setup-error');
      w0.send({ type: 'setup', timeoutMs: options.setupTimeoutMs });
      const setup = await setupAnswer;
      if (setup.type === 'setup-error') {
        const err = scriptErrorFrom(setup.error, 'E_SETUP', 'setup() failed');
        if (setup.timedOut) throw new StampedeError('E_SETUP_TIMEOUT', `setup() did not finish within ${options.setupTimeoutMs} ms`, { exitCode: ExitCode.setupTimeout, hint: 'raise options.setupTimeout' });
        throw err;
      }
      const setupData = setup.data;

      // Scenarios
      const pool = new VuPool(workers);
      const scheduler = new Scheduler(pool);
      Object.assign(live, { setup: setupData, pool, scheduler, phase: RunStatusCode.running });
      if (live.stoppedByApi || req.signal?.aborted) scheduler.stop();
      let abortReason: string | undefined;
      for (const w of workers) w.on('abort', (e) => { abortReason ??= e.reason; scheduler.stop(); });
      const onSignal = () => scheduler.stop();
      req.signal?.addEventListener('abort', onSignal, { once: true });
      const sampleVus = (final = false) => {
        const now = Date.now();
        if (!final) mainBatcher.add('vus', testTags, pool.active, now);
        live.vusMax = vusInitial + pool.grown + Math.max(0, (scheduler.external?.maxVUs ?? 0) - externalInitial);
        mainBatcher.add('vus_max', testTags, live.vusMax, now);
        const b = mainBatcher.cut();
        if (b) merge(b);
        const iterations = store.total('iterations');
        req.onProgress?.({
          elapsedMs: now - testStart, vus: pool.active, vusMax: live.vusMax, iterations: iterations?.type === 'counter' ? iterations.sum : 0,
          scenarios: options.scenarioConfigs.map((s) => scenarioProgress(s, { scheduler, pool, store, testStart, now })),
          final,
        });
      };
      const vusTimer = setInterval(sampleVus, 1000);
      // Thresholds are evaluated while the test runs (the REST API shows them as `tainted`);
      // a crossed one with abortOnFail stops every scenario.
      let thresholdAbort: ThresholdResult | undefined;
      const watchThresholds = () => {
        if (thresholdAbort || scheduler.stopped) return;
        const results = evaluateThresholds(store, thresholdDefs, { durationMs: Date.now() - testStart });
        live.thresholds = results;
        thresholdAbort = results.find((t) => !t.ok && t.abortOnFail && Date.now() - testStart >= t.delayAbortEvalMs);
        if (thresholdAbort) {
          log(`ERRO[${clock(testStart)}] threshold '${thresholdAbort.source}' on ${thresholdAbort.metric} was crossed and has abortOnFail: stopping the test`);
          scheduler.stop();
        }
      };
      const thresholdTimer = thresholdDefs.length > 0 ? setInterval(watchThresholds, THRESHOLD_EVAL_MS) : undefined;
      if (thresholdTimer) watchThresholds(); // the API reports thresholds (as not tainted) from the start
      try {
        const running = scheduler.run(options.scenarioConfigs, setupData, testStart);
        sampleVus(); // scenarios starting at 0 have asked for their VUs by now
        await running;
      } finally {
        clearInterval(vusTimer);
        clearInterval(thresholdTimer);
        req.signal?.removeEventListener('abort', onSignal);
      }

      // teardown()
      live.phase = RunStatusCode.teardown;
      const teardownAnswer = w0.next('teardown-done', 'teardown-error');
      w0.send({ type: 'teardown', timeoutMs: options.teardownTimeoutMs, setupData });
      const teardown = await teardownAnswer;
      let teardownError: StampedeError | undefined;
      if (teardown.type === 'teardown-error') {
        teardownError = teardown.timedOut
          ? new StampedeError('E_TEARDOWN_TIMEOUT', `teardown() did not finish within ${options.teardownTimeoutMs} ms`, { exitCode: ExitCode.teardownTimeout })
          : scriptErrorFrom(teardown.error, 'E_TEARDOWN', 'teardown() failed');
        log(`ERRO[0000] ${teardownError.message}`);
      }

      let seq = 0;
      const loadReports: LoadReportEvent[] = [];
      for (const w of workers) w.on('load-report', (e) => loadReports.push(e));
      await Promise.all(workers.map((w) => w.flush(++seq, true)));
      const bottleneck = generatorBottleneck(loadReports);
      if (bottleneck) log(`WARN[${clock(testStart)}] ${bottleneck}`);
      sampleVus(true); // after the flush, so the last progress report has every iteration
      // outputs flush now, so the summary can say what each sent and dropped
      const outputOutcomes = outputs.size > 0 ? await outputs.stop() : [];
      const durationMs = Date.now() - testStart;

      const thresholds = evaluateThresholds(store, thresholdDefs, { durationMs, requireData: req.thresholdsRequireData });
      for (const t of thresholds.filter((r) => r.noData)) {
        log(`WARN[${clock(testStart)}] threshold '${t.source}' on ${t.metric} had no data: ${t.ok ? 'it passes, as in k6; --thresholds-require-data makes it fail' : 'it fails (--thresholds-require-data)'}`);
      }
      const summary = buildSummaryData(store, {
        durationMs,
        options: { summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: !req.io.isStdOutTTY },
        thresholds,
        isStdOutTTY: req.io.isStdOutTTY,
        isStdErrTTY: req.io.isStdErrTTY,
        setupData,
      });
      for (const warning of store.warnings()) log(`WARN[0000] ${warning}`);

      if (!req.noSummary && !options.noSummary) await writeSummaries(req, w0, summary, thresholds, outputOutcomes);

      const failed = thresholds.some((t) => !t.ok);
      let exitCode: ExitCodeValue = ExitCode.ok;
      if (live.stoppedByApi) exitCode = ExitCode.genericEngine;
      else if (thresholdAbort) exitCode = ExitCode.thresholdsFailed;
      else if (abortReason !== undefined) exitCode = ExitCode.scriptAborted;
      else if (req.signal?.aborted) exitCode = ExitCode.externalAbort;
      else if (failed) exitCode = ExitCode.thresholdsFailed;
      else if (teardownError) exitCode = teardownError.exitCode;
      if (abortReason !== undefined) log(`ERRO[0000] test aborted${abortReason ? `: ${abortReason}` : ''}`);
      if (failed) log(`ERRO[0000] thresholds on metrics '${[...new Set(thresholds.filter((t) => !t.ok).map((t) => t.metric))].join("', '")}' have been crossed`);
      const report = runReport(statusOfExitCode(exitCode), summary, exitCode);
      dashboard?.finish(report);
      const artifactsExit = req.artifacts ? await writeRunArtifacts(report, req.artifacts, log) : undefined;
      if (artifactsExit !== undefined) exitCode = artifactsExit;
      live.phase = RunStatusCode.ended;
      return { exitCode, summary, thresholds };
    }
  }
}

const LOG_LEVEL = { info: 'INFO', warn: 'WARN', error: 'ERRO' } as const;

/** Threshold expressions by metric key, for outputs that announce them (json). */
function thresholdSources(defs: readonly ParsedThreshold[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of defs) (out[d.metric] ??= []).push(d.source);
  return out;
}

/** One line per output that lost samples: how many, and the last error. */
export function outputDropLines(reports: readonly OutputReport[]): string[] {
  return reports.filter((r) => r.dropped > 0).map((r) => `WARN[0000] output ${r.description} dropped ${r.dropped} samples${r.lastError ? ` (last error: ${r.lastError})` : ''}; ${r.sent} were sent`);
}

type Compiled = CompiledScript;

type LoadReportEvent = Extract<WorkerEvent, { type: 'load-report' }>;

/** Event-loop lateness (p99, ms) from which reported latencies are noticeably inflated by the generator. */
const LATE_LOOP_P99_MS = 20;

/**
 * The honest-latency warning: when a VU worker's event loop ran late, the
 * load generator itself was a bottleneck and the latencies it measured are
 * too high by up to that much (and the load too low). Undefined when all
 * workers kept up.
 */
export function generatorBottleneck(reports: readonly LoadReportEvent[]): string | undefined {
  const late = reports.filter((r) => r.p99DelayMs >= LATE_LOOP_P99_MS);
  if (late.length === 0) return undefined;
  const worst = late.reduce((a, b) => (b.p99DelayMs > a.p99DelayMs ? b : a));
  const cpu = Math.round(worst.cpuShare * 100);
  return `results understate latency: the event loop of VU worker ${worst.worker} was delayed up to ${Math.round(worst.maxDelayMs)} ms `
    + `(p99 ${Math.round(worst.p99DelayMs)} ms; process CPU ${cpu}% of a core), so the load generator itself was a bottleneck; `
    + 'use more --workers or cores, or fewer VUs per machine';
}

/** How often thresholds with abortOnFail are checked during the run (k6: every 2 s). */
const THRESHOLD_EVAL_MS = 2000;

/**
 * JIT warm-up before a high-rate arrival-rate test (runtime/warm-up.ts): every
 * worker at once, before the clock starts, against its own in-process server.
 */
async function warmUp(workers: WorkerHost[], options: ResolvedOptions, iterations: number, log: (line: string) => void): Promise<void> {
  if (iterations <= 0) return;
  const results = await Promise.all(workers.map((w) => {
    const answer = w.next('warmed-up');
    w.send({ type: 'warm-up', options, iterations });
    return answer;
  }));
  const ran = results.filter((r) => r.iterations > 0);
  if (ran.length === 0) return;
  const ms = Math.max(...ran.map((r) => r.ms));
  const ranEach = Math.min(...ran.map((r) => r.iterations));
  log(`INFO[0000] warmed up the HTTP path for the arrival rate: ${ranEach} iterations per worker against an in-process server in ${Math.round(ms)} ms; nothing was sent to the target (STAMPEDE_WARM_UP=0 turns this off)`);
}

/** k6's log clock: whole seconds since the test started, 4 digits. */
function clock(testStart: number): string {
  return String(Math.floor((Date.now() - testStart) / 1000)).padStart(4, '0');
}

/**
 * How many VU workers to run: the --workers request (default: one per
 * available core), but never more than the test has VUs.
 */
export function workerCount(requested: number | undefined, maxVUs: number): number {
  const n = requested ?? availableParallelism();
  return Math.max(1, Math.min(n, maxVUs));
}

/** Asks a worker to evaluate the script's init code (adopting worker 0's SharedArrays when given). */
function sendInit(w: WorkerHost, compiled: Compiled, env: Record<string, string>, sharedArrays?: Record<string, SharedArrayBuffer>): void {
  const script = { path: compiled.path, code: compiled.code, filename: compiled.filename, sourceMap: compiled.sourceMap };
  w.send({ type: 'init', workerIndex: w.index, script, env, keepPoints: false, sharedArrays });
}

/** Starts workers up to `count`, each evaluating the init code; resolves when all are ready. */
async function addWorkers(workers: WorkerHost[], count: number, compiled: Compiled, sharedArrays: Record<string, SharedArrayBuffer>, req: Pick<RunRequest, 'env'>, log: (l: string) => void): Promise<void> {
  const added: WorkerHost[] = [];
  while (workers.length < count) {
    const w = new WorkerHost(workers.length);
    w.on('log', (e) => log(e.line));
    workers.push(w);
    added.push(w);
  }
  await Promise.all(added.map(async (w) => {
    const ready = w.next('ready', 'init-error');
    sendInit(w, compiled, req.env, sharedArrays);
    const answer = await ready;
    if (answer.type === 'init-error') throw scriptErrorFrom(answer.error, 'E_INIT', `the script threw in its init code (worker ${w.index})`);
  }));
}

/**
 * Evaluates the script's init code in every worker and resolves the options
 * of all layers; also returns the SharedArrays worker 0 built.
 */
async function initAndResolve(workers: WorkerHost[], compiled: Compiled, req: Pick<RunRequest, 'env' | 'processEnv' | 'cliOptions'>, log: (l: string) => void): Promise<{ options: ResolvedOptions; sharedArrays: Record<string, SharedArrayBuffer> }> {
  const ready = workers[0].next('ready', 'init-error');
  for (const w of workers) {
    sendInit(w, compiled, req.env);
  }
  const first = await ready;
  if (first.type === 'init-error') throw scriptErrorFrom(first.error, 'E_INIT', 'the script threw in its init code');
  const envLayer = optionsFromEnv(req.processEnv);
  const options = resolveOptions(mergeOptions(first.options as Options, envLayer.options, req.cliOptions), envLayer.problems);
  for (const w of options.warnings ?? []) log(`WARN[0000] ${w}`);
  const missing = options.scenarioConfigs.filter((s) => !first.exports.includes(s.exec));
  if (missing.length > 0) {
    throw new ConfigError(missing.map((s) => `scenarios.${s.name}.exec: the script exports no function "${s.exec}"`),
      `exported functions: ${first.exports.join(', ') || 'none'}`);
  }
  return { options, sharedArrays: first.sharedArrays };
}

/** `stampede inspect`: the options a run would use, without running anything. */
export async function inspectScript(req: Pick<RunRequest, 'scriptPath' | 'env' | 'processEnv' | 'cliOptions'> & { log: (l: string) => void }): Promise<Record<string, unknown>> {
  const compiled = await compileInWorker(path.resolve(req.scriptPath));
  const worker = new WorkerHost(0);
  try {
    const { scenarioConfigs: _s, warnings: _w, ...options } = (await initAndResolve([worker], compiled, req, req.log)).options as ResolvedOptions & { warnings?: string[] };
    return options;
  } finally {
    await worker.shutdown();
  }
}

/** handleSummary() when the script exports it, else the text summary; then --summary-export. */
async function writeSummaries(req: RunRequest, w0: WorkerHost, summary: SummaryData, thresholdResults: ThresholdResult[], outputOutcomes: readonly OutputOutcome[]): Promise<void> {
  const answer = w0.next('summary-done', 'summary-error');
  w0.send({ type: 'handle-summary', data: summary });
  const result = await answer;
  let outputs: Record<string, string> | null = null;
  if (result.type === 'summary-error') {
    req.io.stderr(`ERRO[0000] handleSummary() failed: ${result.error.message}${result.error.file ? ` at ${result.error.file}:${result.error.line}:${result.error.column}` : ''}; printing the default summary\n`);
  } else outputs = result.output;
  if (outputs === null) {
    req.io.stdout(`${renderTextSummary(summary, { indent: ' ', enableColors: req.io.isStdOutTTY, thresholdResults })}${renderOutputsSummary(outputOutcomes)}\n`);
  } else {
    for (const [target, content] of Object.entries(outputs)) {
      if (target === 'stdout') req.io.stdout(content);
      else if (target === 'stderr') req.io.stderr(content);
      else await writeFile(path.resolve(target), content);
    }
  }
  if (req.summaryExport) {
    await writeFile(path.resolve(req.summaryExport), `${JSON.stringify(buildSummaryExport(summary), null, 4)}\n`);
  }
}

function scriptErrorFrom(e: SerializedError, code: string, what: string): ScriptError {
  const stack = e.stack ? `\n${stackFrames(e.stack)}` : '';
  return new ScriptError(e.code ?? code, `${what}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}${stack}`, {
    hint: e.hint,
    location: e.file ? { file: e.file, line: e.line, column: e.column } : undefined,
  });
}

function failure(err: unknown): RunResult {
  if (err instanceof StampedeError) return { exitCode: err.exitCode, error: err };
  const wrapped = new StampedeError('E_INTERNAL', `internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`, {
    hint: 'this is a bug in Stampede; please report it with the script that triggered it',
  });
  return { exitCode: ExitCode.generic, error: wrapped };
}
