/**
 * One virtual user: its own instance of the compiled script's module (module
 * state is per VU, as in k6), its own k6 module instances and counters. The
 * compiled code itself is shared by every VU of the worker.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { Tags } from '../metrics/types.ts';
import type { VuContext } from '../script/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { SecretSources } from '../config/index.ts';
import type { Logger, SampleSink, VuRuntime, VuState } from './vu-runtime.ts';
import { createModuleResolver, type ExecutionCounters } from './modules/index.ts';
import type { ChaosRequest } from './modules/stampede/chaos.ts';
import { VuEventLoop } from './event-loop.ts';
import { ThrowSites } from './errors.ts';

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
}

export class Vu {
  readonly state: VuState;
  readonly counters: ExecutionCounters;
  exports: Record<string, unknown> = {};
  /** set when a stop gave up waiting for this VU: its late samples are dropped */
  abandoned = false;
  /** aborted to cut sleeps short when the VU is told to stop */
  stopController = new AbortController();
  /** pending async work that keeps an iteration open */
  readonly loop = new VuEventLoop();
  readonly #shared: VuShared;
  readonly #closers: (() => void | Promise<void>)[] = [];
  readonly #interruptHandlers: (() => void)[] = [];
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
      scenarioExecutor: '', scenarioProgress: () => 0, idInTest: id, testStart: shared.testStart, instance: shared.instance,
    };
    const state = this.state;
    // the VU's metadata (exec.vu.metrics.metadata) under the sample's own (a request's trace_id wins)
    const withVuMetadata = (own: Tags | undefined): Tags | undefined => {
      const vuMetadata = state.metadata;
      return vuMetadata === undefined ? own : own === undefined ? vuMetadata : { ...vuMetadata, ...own };
    };
    const sink: SampleSink = {
      add: (metric, tags, value, time, metadata) => { if (!this.abandoned) shared.sink.add(metric, tags, value, time, withVuMetadata(metadata)); },
      addAll: (metrics, tags, values, metadata) => { if (!this.abandoned) shared.sink.addAll(metrics, tags, values, withVuMetadata(metadata)); },
      define: (name, type, contains) => shared.sink.define(name, type, contains),
    };
    const closers = this.#closers;
    const loop = this.loop;
    const interruptHandlers = this.#interruptHandlers;
    this.runtime = {
      state: this.state,
      samples: sink,
      get options() { return shared.options; },
      logger: shared.logger,
      scriptDir: path.dirname(shared.scriptPath),
      get systemTags() { return shared.systemTags; },
      get httpDebug() { return shared.httpDebug; },
      onClose: (fn) => { closers.push(fn); },
      hold: () => loop.hold(),
      onInterrupt: (fn) => { interruptHandlers.push(fn); },
      reportError: (err) => shared.reportError(this, err),
    };
  }

  /** Runs the script's init code for this VU and keeps its exports. */
  async init(): Promise<void> {
    const resolve = createModuleResolver(this.runtime, { counters: this.counters, stopSignal: () => this.stopController.signal, secrets: this.#shared.secrets, chaos: this.#shared.chaos });
    const state = this.state;
    const imported = this.imported;
    const context: VuContext = {
      import: (specifier: string) => { imported.add(specifier); return resolve(specifier); },
      vu: state.id,
      env: this.#env,
      open: (p: string, mode?: string) => this.#open(p, mode),
      console: this.#console(),
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

  /** Cuts the running iteration short: sleeps end, modules drop sockets and timers. */
  interrupt(): void {
    this.stopController.abort();
    for (const fn of this.#interruptHandlers) {
      try { fn(); } catch { /* interrupting is best effort */ }
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

  #console() {
    const log = this.#shared.logger;
    const fmt = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: Infinity }))).join(' ');
    return {
      log: (...a: unknown[]) => log.info(`${fmt(a)} source=console`),
      info: (...a: unknown[]) => log.info(`${fmt(a)} source=console`),
      warn: (...a: unknown[]) => log.warn(`${fmt(a)} source=console`),
      error: (...a: unknown[]) => log.error(`${fmt(a)} source=console`),
      debug: (...a: unknown[]) => log.debug(`${fmt(a)} source=console`),
    };
  }
}

function baseTags(options: ResolvedOptions): Tags {
  return options?.tags ? { ...options.tags } : {};
}
