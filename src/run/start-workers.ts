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
import { maxVUsOf, mergeOptions, optionsFromEnv, resolveOptions, browserScenarios, browserAvailable, browserSettings, noBrowserMessage, NO_BROWSER_HINT } from '../config/index.ts';
import type { Options, ResolvedOptions } from '../config/options.ts';
import type { SecretSources } from '../config/index.ts';
import { WorkerHost, compileInWorker, tuneHeapForVUs } from '../workers/index.ts';
import { parseThresholds, unknownThresholdMetricsError } from '../metrics/index.ts';
import { ConfigError } from '../errors/index.ts';
import { redactSecrets } from '../lib/index.ts';
import { FIRST_REQUEST_WARM_UP, warmUpIterations } from '../execution/index.ts';
import { mergeProbeSpecs, probeMetricNames, probeSpecsFrom, type ProbeSpec } from '../probes/index.ts';
import { CHAOS_METRICS, chaosPlanFrom, type ChaosPlan } from '../chaos/index.ts';
import { scriptErrorFrom } from './script-error.ts';
import { RunLog } from './run-log.ts';
import { ensureSocketRoom } from './open-files.ts';
import type { RunRequest } from './run-request.ts';

export interface InitRequest {
  env: Record<string, string>;
  processEnv: Record<string, string | undefined>;
  cliOptions: Options;
  noThresholds?: boolean;
  /** --verbose: the script's console.debug lines are logged */
  verbose?: boolean;
  /** --secret-source: what k6/secrets reads, and the worker logs redact */
  secrets?: SecretSources;
  /** --probe flags: replace the script's probes of the same name */
  probes?: ProbeSpec[];
}

/** What every worker's init needs besides the script: its environment, logging and secrets. */
export type WorkerInitRequest = Pick<InitRequest, 'env' | 'verbose' | 'secrets'>;

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
async function initWorker(w: WorkerHost, compiled: CompiledScript, req: WorkerInitRequest, sharedArrays?: Record<string, SharedArrayBuffer>) {
  const script = { path: compiled.path, code: compiled.code, filename: compiled.filename, sourceMap: compiled.sourceMap };
  const answer = await w.ask({ type: 'init', workerIndex: w.index, script, env: req.env, keepPoints: false, sharedArrays, verbose: req.verbose === true, secrets: req.secrets });
  if (answer.type === 'init-error') {
    throw scriptErrorFrom(answer.error, 'E_INIT', `the script threw in its init code${w.index > 0 ? ` (worker ${w.index})` : ''}`);
  }
  return answer;
}

/** Starts workers up to `count`, each evaluating the init code; resolves when all are ready. */
export async function addWorkers(workers: WorkerHost[], count: number, compiled: CompiledScript, sharedArrays: Record<string, SharedArrayBuffer>, req: WorkerInitRequest, log: RunLog): Promise<void> {
  const added: WorkerHost[] = [];
  while (workers.length < count) {
    const w = newWorker(workers.length, log);
    workers.push(w);
    added.push(w);
  }
  await Promise.all(added.map((w) => initWorker(w, compiled, req, sharedArrays)));
}

/**
 * Evaluates the script's init code in worker 0 and resolves the options of
 * all layers; also returns the SharedArrays worker 0 built and the functions the script exports.
 */
export async function initAndResolve(w0: WorkerHost, compiled: CompiledScript, req: InitRequest, log: RunLog): Promise<{ options: ResolvedOptions; sharedArrays: Record<string, SharedArrayBuffer>; exports: string[]; probes: ProbeSpec[]; chaos: ChaosPlan | undefined }> {
  const first = await initWorker(w0, compiled, req);
  const envLayer = optionsFromEnv(req.processEnv);
  const merged = mergeOptions(first.options as Options, envLayer.options, req.cliOptions);
  const drillProblems: string[] = [];
  const probes = mergeProbeSpecs(probeSpecsFrom(merged.probes, drillProblems), req.probes ?? []);
  const chaos = chaosPlanFrom(merged.proxies, merged.chaos, drillProblems);
  for (const p of probes) {
    const after = p.drain?.after;
    if (after !== undefined && !chaos?.faults.some((f) => f.name === after)) drillProblems.push(`probes.${p.name}.drain.after: no fault "${after}" in options.chaos`);
  }
  const options = resolveOptions(merged, [...envLayer.problems, ...drillProblems]);
  for (const w of options.warnings ?? []) log.warn(w);
  // k6 refuses thresholds on metrics that do not exist after the init code (exit 104); the probes' metrics exist
  const unknownMetrics = req.noThresholds ? undefined : unknownThresholdMetricsError(parseThresholds(options.thresholds), [...first.metrics, ...probeMetricNames(probes), ...(chaos ? CHAOS_METRICS : [])]);
  if (unknownMetrics) throw unknownMetrics;
  browserProblems(options.scenarioConfigs, req.processEnv);
  const missing = options.scenarioConfigs.filter((s) => !first.exports.includes(s.exec));
  if (missing.length > 0) {
    throw new ConfigError(missing.map((s) => `scenarios.${s.name}.exec: the script exports no function "${s.exec}"`),
      `exported functions: ${first.exports.join(', ') || 'none'}`);
  }
  return { options, sharedArrays: first.sharedArrays, exports: first.exports, probes, chaos };
}

/**
 * Browser scenarios (`options: { browser: { type } }`) need k6's one type,
 * chromium, and a Chromium to start: exit 104 before anything runs, as k6
 * refuses a test whose browser it cannot find.
 */
function browserProblems(configs: ResolvedOptions['scenarioConfigs'], env: Record<string, string | undefined>): void {
  const wanted = browserScenarios(configs);
  if (wanted.length === 0) return;
  const problems = wanted.filter((w) => w.type !== 'chromium').map((w) => (w.type === undefined
    ? `scenarios.${w.name}.options.browser.type: browser type option must be set (k6 supports 'chromium')`
    : `scenarios.${w.name}.options.browser.type: unsupported browser type: ${String(w.type)} (k6 supports 'chromium')`));
  if (problems.length > 0) throw new ConfigError(problems);
  if (!browserAvailable(browserSettings(env))) {
    throw new ConfigError([`scenarios.${wanted[0].name}.options.browser: ${noBrowserMessage(env)}`], NO_BROWSER_HINT);
  }
}

/**
 * JIT warm-up of the HTTP path (runtime/warm-up.ts, execution/warm-up-plan.ts):
 * every worker at once, before the clock starts, against its own in-process
 * server. Only the long warm-up for a high arrival rate is worth an INFO line.
 */
export async function warmUp(workers: WorkerHost[], options: ResolvedOptions, iterations: number, log: RunLog): Promise<void> {
  if (iterations <= 0) return;
  const results = await Promise.all(workers.map((w) => w.ask({ type: 'warm-up', options, iterations }, WARM_UP_ANSWER_MS).catch(() => ({ iterations: 0, ms: 0 }))));
  const ran = results.filter((r) => r.iterations > 0);
  if (ran.length === 0) return;
  const ms = Math.max(...ran.map((r) => r.ms));
  const ranEach = Math.min(...ran.map((r) => r.iterations));
  const line = `warmed up the HTTP path: ${ranEach} iterations per worker against an in-process server in ${Math.round(ms)} ms; nothing was sent to the target (STAMPEDE_WARM_UP=0 turns this off)`;
  if (iterations > FIRST_REQUEST_WARM_UP) log.info(line);
}

/** The warm-up is capped at 3 s (warm-up-plan.ts); an answer later than this is not coming. */
const WARM_UP_ANSWER_MS = 20_000;

/**
 * The VU workers beyond worker 0 (as many as the VUs are worth), the
 * open-file room, the heap regime and the warm-up: a local run's and an
 * agent's. Returns the test's maximum VUs.
 */
export async function startVuWorkers(req: RunRequest, workers: WorkerHost[], compiled: CompiledScript, sharedArrays: Record<string, SharedArrayBuffer>, options: ResolvedOptions, vusInitial: number, log: RunLog): Promise<number> {
  const maxVUs = options.scenarioConfigs.reduce((sum, s) => sum + maxVUsOf(s), 0);
  const fewFiles = ensureSocketRoom(maxVUs);
  if (fewFiles) log.warn(fewFiles);
  await addWorkers(workers, workerCount(req.workers, maxVUs), compiled, sharedArrays, req, log);
  // by the VUs that exist from the start: arrival-rate maxVUs are a ceiling, rarely reached
  tuneHeapForVUs(vusInitial);
  await warmUp(workers, options, warmUpIterations(options.scenarioConfigs, workers.length, req.processEnv.STAMPEDE_WARM_UP), log);
  return maxVUs;
}

/**
 * A fresh worker for teardown() and handleSummary() when no test worker is
 * left (each died or was stopped in an endless loop): k6 runs them in a VU
 * of their own too.
 */
export async function spareWorker(index: number, compiled: CompiledScript, req: WorkerInitRequest, sharedArrays: Record<string, SharedArrayBuffer>, log: RunLog): Promise<WorkerHost> {
  const w = newWorker(index, log);
  try {
    await initWorker(w, compiled, req, sharedArrays);
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
  // the report and the history keep the options: probes' passwords and header values stay out
  if (rest.probes) rest.probes = JSON.parse(redactSecrets(JSON.stringify(rest.probes, (key, v: unknown) => (key === 'headers' && v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).map((h) => [h, '***'])) : v))));
  return rest;
}
