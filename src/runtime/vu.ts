/**
 * One virtual user: its own instance of the compiled script's module (module
 * state is per VU, as in k6), its own k6 module instances and counters. The
 * compiled code itself is shared by every VU of the worker.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Tags } from '../metrics/types.ts';
import type { VuContext } from '../script/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { SecretSources } from '../config/index.ts';
import type { Logger, SampleSink, VuRuntime, VuState } from './vu-runtime.ts';
import { createModuleResolver, type ExecutionCounters } from './modules/index.ts';
import type { ChaosRequest } from './modules/stampede/chaos.ts';
import { VuEventLoop } from './event-loop.ts';
import { ThrowSites } from './errors.ts';
import { Sleeper, type WakeWheel } from './wake-wheel.ts';
import { rootGroupTags } from './iteration-tags.ts';
import { stripedIndex, type Stripe } from '../config/execution-segment.ts';
import { consoleFor, VuRuntimeOf } from './vu-runtime-of.ts';

/** What every VU of a worker shares (read-only after configure). */
export interface VuShared {
  /** the compiled script's VU module factory, called with a VuContext (script/index.ts) */
  factory: (context: unknown) => Promise<Record<string, unknown>>;
  scriptPath: string;
  env: Record<string, string>;
  options: ResolvedOptions;
  systemTags: ReadonlySet<string>;
  httpDebug: '' | 'headers' | 'full';
  logger: Logger;
  /** receives every sample of every VU; the VU drops its samples once abandoned */
  sink: SampleSink;
  /** file contents read by open(), shared by all VUs (read-only) */
  openCache: Map<string, string | ArrayBuffer>;
  instance: ExecutionCounters['instance'];
  testStart: number;
  /** --secret-source values for k6/secrets */
  secrets?: SecretSources;
  /** stampede/chaos's calls to the main thread */
  chaos?: ChaosRequest;
  /** logs and counts an exception raised in a VU's event handler (see VuRuntime.reportError) */
  reportError(vu: Vu, err: unknown): void;
  /** the worker's sleeps: VUs due in the same millisecond wake together */
  wheel: WakeWheel;
  /** on an execution segment: the test's VU numbers this instance's VUs take (exec.vu.idInTest) */
  vuIdStripe?: Stripe;
}

export class Vu {
  readonly state: VuState;
  readonly counters: ExecutionCounters;
  exports: Record<string, unknown> = {};
  /** set when a stop gave up waiting for this VU: its late samples are dropped */
  abandoned = false;
  /** aborted when the VU is told to stop: sleeps end at once from then on */
  stopController = new AbortController();
  /** the slot of this VU's sleep() (one at a time, the usual case) */
  readonly #sleeper: Sleeper;
  /** slots of sleeps running beside it (an async script's Promise.all of sleeps) */
  #moreSleepers: Sleeper[] = [];
  /** pending async work that keeps an iteration open */
  readonly loop = new VuEventLoop();
  readonly #shared: VuShared;
  readonly #closers: (() => void | Promise<void>)[] = [];
  readonly #interruptHandlers: (() => void)[] = [];
  /** modules that act at each iteration's end (rare: created on first use, not in every VU) */
  #iterationEndHandlers: (() => void)[] | undefined;
  readonly runtime: VuRuntime;
  /** the modules the init code imported (k6/http, …) */
  readonly imported = new Set<string>();
  /** where this VU's script threw values that are not Errors (`__vuContext.thrown`), to locate them in the log */
  readonly throws = new ThrowSites();

  readonly #env: Record<string, string>;

  /** `scenarioEnv` (a scenario's `env` option) is added to __ENV for this VU, as in k6. */
  constructor(id: number, shared: VuShared, scenarioEnv?: Record<string, string>) {
    this.#shared = shared;
    this.#env = scenarioEnv && Object.keys(scenarioEnv).length > 0 ? { ...shared.env, ...scenarioEnv } : shared.env;
    this.state = { id, scenario: '', iteration: 0, groupPath: '', tags: baseTags(shared.options), inInit: true };
    this.counters = {
      iterationInInstance: 0, iterationInScenario: 0, scenarioIterationInTest: 0, scenarioStartTime: 0,
      scenarioExecutor: '', scenarioProgress: () => 0,
      idInTest: shared.vuIdStripe === undefined || id === 0 ? id : stripedIndex(shared.vuIdStripe, id - 1) + 1,
      testStart: shared.testStart, instance: shared.instance,
    };
    this.runtime = new VuRuntimeOf(this, shared, this.#closers, this.#interruptHandlers);
    const sink = this.runtime.samples;
    const state = this.state;
    this.#sleeper = new Sleeper((late) => sink.add('sleep_lateness', rootGroupTags(state.tags), late));
  }

  /** Runs the script's init code for this VU and keeps its exports. */
  async init(): Promise<void> {
    const resolve = createModuleResolver(this.runtime, { counters: this.counters, sleep: (ms) => this.sleep(ms), secrets: this.#shared.secrets, chaos: this.#shared.chaos });
    const state = this.state;
    const imported = this.imported;
    const context: VuContext = {
      import: (specifier: string) => { imported.add(specifier); return resolve(specifier); },
      vu: state.id,
      env: this.#env,
      open: (p: string, mode?: string) => this.#open(p, mode),
      console: consoleFor(this.#shared.logger),
      iter: () => state.iteration,
      thrown: this.throws.thrown,
    };
    this.state.inInit = true;
    try {
      this.exports = await this.#shared.factory(context);
    } finally {
      this.state.inInit = false;
    }
  }

  /** Called before the first iteration of a scenario; resets per-scenario state. */
  enterScenario(name: string, executor: string, tags: Tags, startTime: number): void {
    this.state.scenario = name;
    this.state.tags = { ...baseTags(this.#shared.options), ...tags, scenario: name };
    this.state.groupPath = '';
    this.state.iteration = 0;
    this.counters.iterationInScenario = 0;
    this.counters.scenarioExecutor = executor;
    this.counters.scenarioStartTime = startTime;
    this.stopController = new AbortController();
  }

  /**
   * k6's sleep(): resolves after `ms`, or at once when the VU has been told
   * to stop (the rest of its iteration runs without waiting).
   */
  sleep(ms: number): Promise<void> {
    if (this.stopController.signal.aborted) return Promise.resolve();
    let sleeper = this.#sleeper;
    if (sleeper.resolve !== null) {
      this.#moreSleepers = this.#moreSleepers.filter((s) => s.resolve !== null);
      sleeper = new Sleeper(sleeper.onWake);
      this.#moreSleepers.push(sleeper);
    }
    return this.#shared.wheel.sleep(sleeper, ms);
  }

  /** Cuts the running iteration short: sleeps end, modules drop sockets and timers. */
  interrupt(): void {
    this.stopController.abort();
    const wheel = this.#shared.wheel;
    wheel.wake(this.#sleeper);
    for (const s of this.#moreSleepers) wheel.wake(s);
    this.#moreSleepers = [];
    for (const fn of this.#interruptHandlers) {
      try { fn(); } catch { /* interrupting is best effort */ }
    }
  }

  onIterationEnd(fn: () => void): void {
    (this.#iterationEndHandlers ??= []).push(fn);
  }

  /** The iteration is over (it returned, threw or was interrupted): modules release what it held. */
  iterationEnded(): void {
    if (this.#iterationEndHandlers === undefined) return;
    for (const fn of this.#iterationEndHandlers) {
      try { fn(); } catch { /* releasing is best effort */ }
    }
  }

  async close(): Promise<void> {
    for (const fn of this.#closers.splice(0)) {
      try { await fn(); } catch { /* closing is best effort */ }
    }
  }

  #open(p: string, mode?: string): string | ArrayBuffer {
    if (!this.state.inInit) throw new Error('open() can only be called from the init context');
    const abs = path.resolve(path.dirname(this.#shared.scriptPath), String(p));
    const key = `${mode === 'b' ? 'b' : 't'}:${abs}`;
    const cached = this.#shared.openCache.get(key);
    if (cached !== undefined) return cached;
    let buf: Buffer;
    try {
      buf = readFileSync(abs);
    } catch (err) {
      throw new Error(`open(${JSON.stringify(p)}): cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    const value = mode === 'b' ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer : buf.toString('utf8');
    this.#shared.openCache.set(key, value);
    return value;
  }
}

function baseTags(options: ResolvedOptions): Tags {
  return options?.tags ? { ...options.tags } : {};
}
