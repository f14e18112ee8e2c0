/**
 * Starting a run's VU workers: worker 0 evaluates the init code first (its
 * options decide how many more are worth starting), the options of every
 * layer are resolved, the other workers evaluate the init code too, and the
 * HTTP path is warmed up for high arrival rates. Also the spare worker that
 * runs teardown() and handleSummary() when every test worker is gone.
 */
import path from 'node:path';
import { availableParallelism } from 'node:os';
import type { CompiledScript } from '../script/index.ts';
import { mergeOptions, optionsFromEnv, resolveOptions } from '../config/index.ts';
import type { Options, ResolvedOptions } from '../config/options.ts';
import { WorkerHost, compileInWorker } from '../workers/index.ts';
import { parseThresholds, unknownThresholdMetricsError } from '../metrics/index.ts';
import { ConfigError } from '../errors/index.ts';
import { scriptErrorFrom } from './script-error.ts';
import { RunLog } from './run-log.ts';

export interface InitRequest {
  env: Record<string, string>;
  processEnv: Record<string, string | undefined>;
  cliOptions: Options;
  noThresholds?: boolean;
  /** --verbose: the script's console.debug lines are logged */
  verbose?: boolean;
}

/**
 * How many VU workers to run: the --workers request (default: one per
 * available core), but never more than the test has VUs.
 */
export function workerCount(requested: number | undefined, maxVUs: number): number {
  const n = requested ?? availableParallelism();
  return Math.max(1, Math.min(n, maxVUs));
}

/** A new worker whose log lines go to the run's log. */
export function newWorker(index: number, log: RunLog): WorkerHost {
  const w = new WorkerHost(index);
  w.on('log', (e) => log.raw(e.line));
  return w;
}

/**
 * Evaluates the init code in `w` (adopting worker 0's SharedArrays when
 * given); throws the script's error, or WorkerLostError when the thread dies doing it.
 */
async function initWorker(w: WorkerHost, compiled: CompiledScript, env: Record<string, string>, sharedArrays?: Record<string, SharedArrayBuffer>, verbose = false) {
  const script = { path: compiled.path, code: compiled.code, filename: compiled.filename, sourceMap: compiled.sourceMap };
  const answer = await w.ask({ type: 'init', workerIndex: w.index, script, env, keepPoints: false, sharedArrays, verbose });
  if (answer.type === 'init-error') {
    throw scriptErrorFrom(answer.error, 'E_INIT', `the script threw in its init code${w.index > 0 ? ` (worker ${w.index})` : ''}`);
  }
  return answer;
}

/** Starts workers up to `count`, each evaluating the init code; resolves when all are ready. */
export async function addWorkers(workers: WorkerHost[], count: number, compiled: CompiledScript, sharedArrays: Record<string, SharedArrayBuffer>, env: Record<string, string>, log: RunLog, verbose = false): Promise<void> {
  const added: WorkerHost[] = [];
  while (workers.length < count) {
    const w = newWorker(workers.length, log);
    workers.push(w);
    added.push(w);
  }
  await Promise.all(added.map((w) => initWorker(w, compiled, env, sharedArrays, verbose)));
}

/**
 * Evaluates the script's init code in worker 0 and resolves the options of
 * all layers; also returns the SharedArrays worker 0 built.
 */
export async function initAndResolve(w0: WorkerHost, compiled: CompiledScript, req: InitRequest, log: RunLog): Promise<{ options: ResolvedOptions; sharedArrays: Record<string, SharedArrayBuffer> }> {
  const first = await initWorker(w0, compiled, req.env, undefined, req.verbose);
  const envLayer = optionsFromEnv(req.processEnv);
  const options = resolveOptions(mergeOptions(first.options as Options, envLayer.options, req.cliOptions), envLayer.problems);
  for (const w of options.warnings ?? []) log.warn(w);
  // k6 refuses thresholds on metrics that do not exist after the init code (exit 104)
  const unknownMetrics = req.noThresholds ? undefined : unknownThresholdMetricsError(parseThresholds(options.thresholds), first.metrics);
  if (unknownMetrics) throw unknownMetrics;
  const missing = options.scenarioConfigs.filter((s) => !first.exports.includes(s.exec));
  if (missing.length > 0) {
    throw new ConfigError(missing.map((s) => `scenarios.${s.name}.exec: the script exports no function "${s.exec}"`),
      `exported functions: ${first.exports.join(', ') || 'none'}`);
  }
  return { options, sharedArrays: first.sharedArrays };
}

/**
 * JIT warm-up before a high-rate arrival-rate test (runtime/warm-up.ts): every
 * worker at once, before the clock starts, against its own in-process server.
 */
export async function warmUp(workers: WorkerHost[], options: ResolvedOptions, iterations: number, log: RunLog): Promise<void> {
  if (iterations <= 0) return;
  const results = await Promise.all(workers.map((w) => w.ask({ type: 'warm-up', options, iterations }, WARM_UP_ANSWER_MS).catch(() => ({ iterations: 0, ms: 0 }))));
  const ran = results.filter((r) => r.iterations > 0);
  if (ran.length === 0) return;
  const ms = Math.max(...ran.map((r) => r.ms));
  const ranEach = Math.min(...ran.map((r) => r.iterations));
  log.info(`warmed up the HTTP path for the arrival rate: ${ranEach} iterations per worker against an in-process server in ${Math.round(ms)} ms; nothing was sent to the target (STAMPEDE_WARM_UP=0 turns this off)`);
}

/** The warm-up is capped at 3 s (warm-up-plan.ts); an answer later than this is not coming. */
const WARM_UP_ANSWER_MS = 20_000;

/**
 * A fresh worker for teardown() and handleSummary() when no test worker is
 * left (each died or was stopped in an endless loop): k6 runs them in a VU
 * of their own too.
 */
export async function spareWorker(index: number, compiled: CompiledScript, env: Record<string, string>, sharedArrays: Record<string, SharedArrayBuffer>, log: RunLog, verbose = false): Promise<WorkerHost> {
  const w = newWorker(index, log);
  try {
    await initWorker(w, compiled, env, sharedArrays, verbose);
  } catch (err) {
    await w.shutdown();
    throw err;
  }
  return w;
}

/** `stampede inspect`: the options a run would use, without running anything. */
export async function inspectScript(req: InitRequest & { scriptPath: string; log: (l: string) => void }): Promise<Record<string, unknown>> {
  const compiled = await compileInWorker(path.resolve(req.scriptPath));
  const worker = new WorkerHost(0);
  try {
    const log = new RunLog(req.log);
    return userFacingOptions((await initAndResolve(worker, compiled, req, log)).options);
  } finally {
    await worker.shutdown();
  }
}

/**
 * The resolved options as a user reads them (inspect, reports, history):
 * without what the run derives for its own use (parsed scenarios, TLS and
 * DNS settings in Node's terms, the shared rps limiter, warnings).
 */
export function userFacingOptions(options: ResolvedOptions): Record<string, unknown> {
  const { scenarioConfigs: _s, warnings: _w, rpsLimiter: _r, tlsSettings: _t, dnsSettings: _d, ...rest } = options;
  return rest;
}
