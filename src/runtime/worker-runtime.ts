/**
 * The VU side of a worker thread: evaluates the compiled script, runs
 * setup/teardown/handleSummary in VU 0, starts and stops VUs for scenarios,
 * and posts metric batches every ~100 ms. Talks to the main thread only
 * through the messages of workers/protocol.ts.
 */
import vm from 'node:vm';
import type { ResolvedOptions } from '../config/options.ts';
import type { ScenarioRun, WorkerCommand, WorkerEvent } from '../workers/protocol.ts';
import { DEFAULT_EXEMPLARS_PER_NAME, type Batcher } from '../metrics/index.ts';
import { createStackMapper } from '../script/index.ts';
import { createLogger, settleWithin, stackFrames, TimeoutError, withTimeout, type LogLevel } from '../lib/index.ts';
import { DEFAULT_SYSTEM_TAGS } from './builtin-metrics.ts';
import { newWorkerBatcher } from './worker-batcher.ts';
import type { FaultTagger } from './fault-tags.ts';
import { Vu, type VuShared } from './vu.ts';
import { runIterations, type LoopControl, type LoopHooks } from './iteration-loop.ts';
import { ArrivalDriver } from './arrival-driver.ts';
import { LoadWatch } from './load-watch.ts';
import { warmUpHttpPath } from './warm-up.ts';
import { newControlBlock, pauseWait } from '../workers/control-block.ts';
import { ErrorLogLimiter, describeError, objectThrowSite, serializeError, type ErrorLocator, type ThrowSite } from './errors.ts';
import { TestAbortError, adoptSharedArrays, sharedArrayBuffers } from './modules/index.ts';
import { redactor } from './modules/k6/secrets.ts';
import { WakeWheel } from './wake-wheel.ts';
import { setWorkerPost, runWorkerClosers, settleBeforeFinalFlush } from './worker-hooks.ts';
import { executionTupleOf, stripeOf } from '../config/execution-segment.ts';

const BATCH_INTERVAL_MS = 100;
/** VUs created and started together, between turns of the event loop (bench/README.md, "Ten thousand VUs"). */
const START_SLICE = 50;
/** How long starting a group of VUs may take a slice per turn before it claims half the worker. */
const START_SPREAD_MS = 5000;
/** How long the final flush waits for the VUs' connections to close (the main thread gives the flush 10 s). */
const CLOSE_WAIT_MS = 2000;

interface Running { vu: Vu; control: LoopControl; scenario: string; done: boolean; abandonTimer?: NodeJS.Timeout }

/** Handles commands for one worker; `post` sends events to the main thread. */
export class WorkerRuntime {
  readonly #post: (e: WorkerEvent) => void;
  #shared?: VuShared;
  #locator?: ErrorLocator;
  #batcher?: Batcher;
  #vu0?: Vu;
  readonly #idle = new Map<number, Vu>();
  readonly #running = new Map<number, Running>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #flushTimer?: NodeJS.Timeout;
  /** script errors: the first of a kind, then one line per 5 s with the count left out; the rest at the end */
  readonly #errorLog = new ErrorLogLimiter((line) => this.#shared?.logger.error(`${line}  source=stacktrace`));
  #faults: FaultTagger | undefined;
  /** stampede/chaos calls waiting for the main thread's chaos-done */
  readonly #chaosCalls = new Map<number, { resolve(): void; reject(err: Error): void }>();
  #chaosCallId = 0;
  /** shared with the main thread; replaced by the main thread's block at configure */
  #control = newControlBlock();
  readonly #drivers = new Map<string, ArrivalDriver>();
  readonly #loadWatch = new LoadWatch();
  #index = 0;

  constructor(post: (e: WorkerEvent) => void) {
    this.#post = post;
    setWorkerPost(post);
  }

  async handle(cmd: WorkerCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': return this.#init(cmd);
      case 'configure':
        this.#control = cmd.control;
        this.#batcher?.keepPoints(cmd.keepPoints);
        // chaos faults by bit, in options.chaos order (the main thread's chaos runner flips the bits)
        this.#faults?.configure(cmd.control, Object.keys(cmd.options.chaos ?? {}));
        return this.#configure(cmd.options, cmd.httpDebug, cmd.testStart);
      case 'warm-up': return this.#warmUp(cmd.id, cmd.options, cmd.iterations);
      case 'setup': return this.#setup(cmd.id, cmd.timeoutMs);
      case 'start-vus': return this.#startVus(cmd.scenario, cmd.vuIds, cmd.setupData);
      case 'stop-vus': return this.#stopVus(cmd.vuIds, cmd.gracefulMs);
      case 'stop-scenario': return this.#drivers.get(cmd.scenario)?.stop(cmd.gracefulMs);
      case 'teardown': return this.#teardown(cmd.id, cmd.timeoutMs, cmd.setupData);
      case 'handle-summary': return this.#handleSummary(cmd.id, cmd.data);
      case 'flush':
        if (!cmd.final) {
          this.#flushMetrics();
          this.#post({ type: 'flushed', replyTo: cmd.id });
          return;
        }
        return this.#finalFlush(cmd.id);
      case 'fault-names': this.#faults?.configure(this.#control, cmd.names); return;
      case 'chaos-done': {
        const pending = this.#chaosCalls.get(cmd.replyTo);
        this.#chaosCalls.delete(cmd.replyTo);
        if (cmd.error === undefined) pending?.resolve();
        else pending?.reject(new Error(cmd.error));
        return;
      }
      case 'shutdown': return this.#shutdown();
    }
  }

  async #init(cmd: Extract<WorkerCommand, { type: 'init' }>): Promise<void> {
    this.#index = cmd.workerIndex;
    const { batcher, sink, faults } = newWorkerBatcher(cmd.keepPoints);
    this.#batcher = batcher;
    this.#faults = faults;
    this.#locator = createStackMapper(cmd.script);
    // the log clock counts from the test's start, which `configure` tells (before: from this init)
    const initAt = Date.now();
    // k6/secrets values never leave the worker in a log line
    const redact = redactor(cmd.secrets) ?? ((line: string) => line);
    const logger = createLogger((line, level) => this.#post({ type: 'log', level: level as LogLevel, line: redact(line) }), { startMs: () => this.#shared?.testStart ?? initAt, verbose: cmd.verbose === true });
    let vu0: Vu | undefined;
    try {
      const factory = new vm.Script(cmd.script.code, { filename: cmd.script.filename }).runInThisContext();
      this.#shared = {
        factory, scriptPath: cmd.script.path, env: cmd.env, logger,
        options: { tags: {} } as unknown as ResolvedOptions,
        systemTags: new Set(DEFAULT_SYSTEM_TAGS), httpDebug: '',
        sink,
        openCache: new Map(), wheel: new WakeWheel(),
        instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
        testStart: Date.now(),
        reportError: (vu, err) => this.#reportError(vu, err),
        secrets: cmd.secrets,
        chaos: (op, proxy, fault, durationMs, name) => new Promise<void>((resolve, reject) => {
          const id = ++this.#chaosCallId;
          this.#chaosCalls.set(id, { resolve, reject });
          this.#post({ type: 'chaos-request', id, op, proxy, fault: jsonClone(fault ?? null), durationMs, name });
        }),
      };
      if (cmd.sharedArrays) adoptSharedArrays(cmd.sharedArrays);
      vu0 = new Vu(0, this.#shared);
      await vu0.init();
      this.#vu0 = vu0;
      const scriptExports = vu0.exports;
      const options = jsonClone(scriptExports.options ?? {}) as Record<string, unknown>;
      const exports = Object.keys(scriptExports).filter((k) => typeof scriptExports[k] === 'function');
      this.#post({ type: 'ready', replyTo: cmd.id, exports, options, sharedArrays: sharedArrayBuffers(), metrics: batcher.metricNames() });
    } catch (err) {
      this.#post({ type: 'init-error', replyTo: cmd.id, error: this.#serialize(err, vu0) });
    }
  }

  /** `err` as plain data, located in the user's code (a thrown non-Error through `vu`'s throw sites). */
  #serialize(err: unknown, vu: Vu | undefined): ReturnType<typeof serializeError> {
    return serializeError(err, this.#locator, vu?.throws.siteOf(err) ?? objectThrowSite(err));
  }

  #configure(options: ResolvedOptions, httpDebug: '' | 'headers' | 'full', testStart: number): void {
    const shared = this.#required();
    shared.options = options;
    shared.systemTags = new Set(options.systemTags ?? DEFAULT_SYSTEM_TAGS);
    // --http-debug wins; else the httpDebug option (script, K6_HTTP_DEBUG): "full" with bodies, any other text headers only
    shared.httpDebug = httpDebug || (options.httpDebug ? (options.httpDebug === 'full' ? 'full' : 'headers') : '');
    shared.testStart = testStart;
    this.#batcher?.exemplars.setPerName(options.exemplars ?? DEFAULT_EXEMPLARS_PER_NAME);
    const segment = executionTupleOf(options);
    if (!segment.isWhole) shared.vuIdStripe = stripeOf(segment);
    this.#loadWatch.start();
    // Batches flow from here on: the main thread listens once the test is configured, so the
    // first batch (with every metric definition, built-in and from the init code) is not lost.
    this.#flushTimer ??= setInterval(() => this.#flushMetrics(), BATCH_INTERVAL_MS);
    this.#flushTimer.unref();
    if (this.#vu0) this.#vu0.state.tags = { ...(options.tags ?? {}) };
  }

  /** JIT warm-up of the HTTP path before a high-rate arrival-rate test (warm-up.ts); skipped when the script has no k6/http. */
  async #warmUp(id: number, options: ResolvedOptions, iterations: number): Promise<void> {
    const shared = this.#required();
    if (!this.#vu0?.imported.has('k6/http')) {
      this.#post({ type: 'warmed-up', replyTo: id, iterations: 0, ms: 0 });
      return;
    }
    try {
      // the in-process warm-up server's requests draw nothing from the test's rps limit, and its
      // `localhost` is the loopback whatever the test's hosts and dns options say
      const warmOptions = { ...options, rps: undefined, rpsLimiter: undefined, hosts: undefined, dnsSettings: undefined };
      const r = await warmUpHttpPath({ ...shared, options: warmOptions, systemTags: new Set(options.systemTags ?? DEFAULT_SYSTEM_TAGS) }, iterations);
      this.#post({ type: 'warmed-up', replyTo: id, ...r });
    } catch (err) {
      // the warm-up only helps; the test runs without it (the main thread waits for this answer)
      shared.logger.debug(`warm-up skipped: ${err instanceof Error ? err.message : String(err)}`);
      this.#post({ type: 'warmed-up', replyTo: id, iterations: 0, ms: 0 });
    }
  }

  async #setup(id: number, timeoutMs: number): Promise<void> {
    const vu0 = this.#vu0!;
    const fn = vu0.exports.setup;
    if (typeof fn !== 'function') return this.#post({ type: 'setup-done', replyTo: id, data: undefined });
    try {
      const data = await this.#inGroup(vu0, '::setup', () => withTimeout(fn(), timeoutMs));
      this.#post({ type: 'setup-done', replyTo: id, data: jsonClone(data) });
    } catch (err) {
      this.#post({ type: 'setup-error', replyTo: id, error: this.#serialize(err, vu0), timedOut: err instanceof TimeoutError });
    }
  }

  async #teardown(id: number, timeoutMs: number, data: unknown): Promise<void> {
    const vu0 = this.#vu0!;
    const fn = vu0.exports.teardown;
    if (typeof fn !== 'function') return this.#post({ type: 'teardown-done', replyTo: id });
    try {
      await this.#inGroup(vu0, '::teardown', () => withTimeout(fn(data), timeoutMs));
      this.#post({ type: 'teardown-done', replyTo: id });
    } catch (err) {
      this.#post({ type: 'teardown-error', replyTo: id, error: this.#serialize(err, vu0), timedOut: err instanceof TimeoutError });
    }
  }

  async #handleSummary(id: number, data: unknown): Promise<void> {
    const fn = this.#vu0?.exports.handleSummary;
    if (typeof fn !== 'function') return this.#post({ type: 'summary-done', replyTo: id, output: null });
    try {
      const result = await fn(data);
      const output: Record<string, string> = {};
      if (result && typeof result === 'object') {
        for (const [k, v] of Object.entries(result)) output[k] = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
      }
      this.#post({ type: 'summary-done', replyTo: id, output });
    } catch (err) {
      this.#post({ type: 'summary-error', replyTo: id, error: this.#serialize(err, this.#vu0) });
    }
  }

  async #inGroup<T>(vu: Vu, group: string, fn: () => Promise<T>): Promise<T> {
    vu.state.groupPath = group;
    try { return await fn(); } finally { vu.state.groupPath = ''; }
  }

  /** What iteration loops and arrival drivers report back (the same for every scenario). */
  readonly #hooks: LoopHooks = {
    onIterationError: (v, err) => this.#logIterationError(v, err),
    onAbort: (reason) => this.#post({ type: 'abort', reason }),
    pauseWait: () => pauseWait(this.#control),
  };

  /** An initialised VU (reused when idle) that has entered `run`, or undefined when its init code threw (reported). */
  async #vuFor(id: number, run: ScenarioRun): Promise<Vu | undefined> {
    const shared = this.#required();
    let vu = this.#idle.get(id);
    if (!vu) {
      vu = new Vu(id, shared, run.env);
      try {
        await vu.init();
      } catch (err) {
        this.#post({ type: 'init-error', error: this.#serialize(err, vu) });
        return undefined;
      }
      shared.instance.vusInitialized++;
    }
    this.#idle.delete(id);
    vu.enterScenario(run.name, run.executor, run.tags, Date.now());
    return vu;
  }

  async #startVus(run: ScenarioRun, ids: number[], setupData: unknown): Promise<void> {
    if (run.loop.kind === 'arrival') return this.#startArrival(run, ids, setupData);
    const shared = this.#required();
    const hooks = this.#hooks;
    const start = async (id: number): Promise<void> => {
      const vu = await this.#vuFor(id, run);
      if (!vu) return;
      const entry: Running = { vu, control: { stopRequested: false }, scenario: run.name, done: false };
      this.#running.set(id, entry);
      shared.instance.vusActive++;
      runIterations(vu, run, setupData, entry.control, hooks)
        .catch((err) => this.#logIterationError(vu, err))
        .finally(() => this.#finish(entry, false));
    };
    // Creating hundreds of VUs at once (a ramp to 10,000) must not hold up the timers and sockets
    // of those already running: slices of VUs with a turn of the event loop between them. VUs that
    // start spread out also wake spread out (10,000 on this machine start over ~4 s and keep more
    // of their pace than when they start together). Past START_SPREAD_MS the rest must not wait
    // for ever behind a saturated loop (20,000 VUs took 30 s): each turn is then followed by at
    // least as long of creating as the turn took, half the worker's time.
    const began = performance.now();
    let creatingSince = began;
    let lastTurnMs = 0;
    for (let i = 0; i < ids.length; i += START_SLICE) {
      await Promise.all(ids.slice(i, i + START_SLICE).map(start));
      if (i + START_SLICE >= ids.length) break;
      const now = performance.now();
      if (now - began < START_SPREAD_MS || now - creatingSince >= lastTurnMs) {
        await new Promise<void>((r) => setImmediate(r));
        creatingSince = performance.now();
        lastTurnMs = creatingSince - now;
      }
    }
    if (!Number.isFinite(run.deadline)) return; // externally-controlled without duration: until stopped
    this.#later(run.deadline - Date.now(), () => {
      const ids = [...this.#running.values()].filter((r) => r.scenario === run.name).map((r) => r.vu.state.id);
      this.#stopVus(ids, run.gracefulStopMs);
    });
  }

  async #startArrival(run: ScenarioRun, ids: number[], setupData: unknown): Promise<void> {
    const shared = this.#required();
    const batcher = this.#batcher!;
    const droppedTags = { ...(shared.options.tags ?? {}), ...run.tags, scenario: run.name };
    const driver = new ArrivalDriver(run, ids, setupData, {
      createVu: async (id) => {
        const vu = await this.#vuFor(id, run);
        if (vu) shared.instance.vusActive++;
        return vu;
      },
      release: (vu) => { shared.instance.vusActive--; this.#idle.set(vu.state.id, vu); },
      abandon: (vu) => { shared.instance.vusActive--; this.#abandon(vu); },
      dropped: () => batcher.add('dropped_iterations', droppedTags, 1, Date.now()),
      late: (ms) => batcher.add('iteration_lateness', droppedTags, ms, Date.now()),
      warn: (line) => shared.logger.warn(line),
      reportVus: (vus) => this.#post({ type: 'scenario-vus', scenario: run.name, vus }),
      hooks: this.#hooks,
      control: this.#control,
    });
    this.#drivers.set(run.name, driver);
    void driver.done.then(() => {
      this.#drivers.delete(run.name);
      this.#post({ type: 'scenario-done', scenario: run.name });
    });
    await driver.start();
  }

  #stopVus(ids: number[], gracefulMs: number): void {
    for (const id of ids) {
      const entry = this.#running.get(id);
      if (!entry || entry.control.stopRequested) continue;
      entry.control.stopRequested = true;
      if (gracefulMs <= 0) this.#finish(entry, true);
      else entry.abandonTimer = this.#later(gracefulMs, () => this.#finish(entry, true));
    }
  }

  /** A VU's loop ended (or we gave up waiting): report it once. */
  #finish(entry: Running, abandon: boolean): void {
    if (entry.done) return;
    entry.done = true;
    if (entry.abandonTimer) { clearTimeout(entry.abandonTimer); this.#timers.delete(entry.abandonTimer); }
    const shared = this.#required();
    shared.instance.vusActive--;
    this.#running.delete(entry.vu.state.id);
    if (abandon) {
      this.#abandon(entry.vu);
    } else {
      this.#idle.set(entry.vu.state.id, entry.vu);
    }
    this.#post({ type: 'vu-done', scenario: entry.scenario, vuId: entry.vu.state.id });
  }

  /** Gives up on a VU whose iteration outlived its grace period: its late samples are dropped. */
  #abandon(vu: Vu): void {
    vu.abandoned = true;
    vu.interrupt();
    this.#required().instance.iterationsInterrupted++;
    void vu.close();
  }

  /** An exception in a VU's event handler: an abort, or an error logged and counted like an iteration's. */
  #reportError(vu: Vu, err: unknown): void {
    if (err instanceof TestAbortError) { this.#post({ type: 'abort', reason: err.reason }); return; }
    this.#logIterationError(vu, err);
    vu.runtime.samples.add('script_errors', { ...vu.state.tags, group: vu.state.groupPath }, 1);
  }

  #logIterationError(vu: Vu, err: unknown): void {
    const where = `executor=${vu.counters.scenarioExecutor} scenario=${vu.state.scenario} vu=${vu.state.id} iter=${vu.state.iteration}`;
    this.#logScriptError(err, '', where, vu.throws.siteOf(err));
  }

  /**
   * A promise the script rejected and never handled (k6: "Uncaught (in
   * promise)"). Which VU it belonged to is unknown: logged and counted
   * without VU tags; the worker and the test go on.
   */
  reportUnhandledRejection(err: unknown): void {
    if (err instanceof TestAbortError) { this.#post({ type: 'abort', reason: err.reason }); return; }
    this.#logScriptError(err, 'Uncaught (in promise) ', '', objectThrowSite(err));
    this.#batcher?.add('script_errors', {}, 1, Date.now());
  }

  /**
   * The first occurrence of an error, then at most one line every 5 s per
   * distinct error saying how many like it were left out since the last
   * line; what is left out after that is reported when the test ends.
   */
  #logScriptError(err: unknown, prefix: string, where: string, site?: ThrowSite): void {
    if (err instanceof TestAbortError) return;
    const e = serializeError(err, this.#locator, site);
    const text = `${prefix}${describeError(e)}`;
    const suppressed = this.#errorLog.admit(text, text);
    if (suppressed === undefined) return;
    const more = suppressed > 0 ? ` (${suppressed} more like this suppressed)` : '';
    const stack = e.stack && e.file ? `\n${stackFrames(e.stack)}` : '';
    this.#required().logger.error(`${text}${more}${stack}  ${where ? `${where} ` : ''}source=stacktrace`);
  }

  #flushMetrics(): void {
    const batch = this.#batcher?.cutForPipe();
    if (batch) this.#post({ type: 'metrics', batch });
  }

  #later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => { this.#timers.delete(t); fn(); }, Math.max(0, ms));
    this.#timers.add(t);
    return t;
  }

  /**
   * After teardown: the last metrics and the load report. The scenarios' VUs
   * will not run again, so their connections close now: at 20,000 VUs under
   * `ulimit -n 20000` the main thread needs those file descriptors back to
   * write the summary export, the report and the history.
   */
  async #finalFlush(id: number): Promise<void> {
    await settleBeforeFinalFlush(CLOSE_WAIT_MS);
    this.#errorLog.drain();
    this.#flushMetrics();
    this.#post({ type: 'load-report', worker: this.#index, ...this.#loadWatch.report() });
    // after the last metrics: the test's duration ends with them, not with the closing. Closing is
    // best effort and bounded: a module whose close hangs (a client waiting on a dead server) must
    // not hold up the end of the run; what is left closes at shutdown.
    await settleWithin(Promise.all([...this.#idle.values()].map((vu) => vu.close())), CLOSE_WAIT_MS);
    this.#post({ type: 'flushed', replyTo: id });
  }

  async #shutdown(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (this.#flushTimer) clearInterval(this.#flushTimer);
    for (const driver of this.#drivers.values()) driver.stop(0);
    for (const entry of [...this.#running.values()]) this.#finish(entry, true);
    this.#errorLog.drain();
    const all = [...this.#idle.values(), ...(this.#vu0 ? [this.#vu0] : [])];
    await Promise.all(all.map((vu) => vu.close()));
    await runWorkerClosers(); // worker-wide resources (k6/browser's Chromium) after the VUs that used them
    this.#flushMetrics();
  }

  #required(): VuShared {
    if (!this.#shared) throw new Error('worker used before init');
    return this.#shared;
  }
}


function jsonClone(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}
