/**
 * The objects a VU hands its modules: its VuRuntime, its sample sink (which
 * adds the VU's metadata and goes quiet once the VU is abandoned) and the
 * script's console. Classes and one console per worker rather than object
 * literals and closures per VU: at 10,000 VUs each closure counts.
 */
import path from 'node:path';
import { inspect } from 'node:util';
import type { Tags } from '../metrics/types.ts';
import type { VuContext } from '../script/index.ts';
import type { ResolvedOptions } from '../config/options.ts';
import type { Logger, SampleSink, VuRuntime, VuState } from './vu-runtime.ts';
import type { Vu, VuShared } from './vu.ts';

/**
 * What the VU's modules see of it. A class rather than an object literal:
 * its methods and getters live on the prototype, not as closures in each of
 * 10,000 VUs.
 */
export class VuRuntimeOf implements VuRuntime {
  readonly state: VuState;
  readonly samples: SampleSink;
  readonly scriptDir: string;
  readonly #vu: Vu;
  readonly #shared: VuShared;
  readonly #closers: (() => void | Promise<void>)[];
  readonly #interruptHandlers: (() => void)[];

  constructor(vu: Vu, shared: VuShared, closers: (() => void | Promise<void>)[], interruptHandlers: (() => void)[]) {
    this.#vu = vu;
    this.#shared = shared;
    this.state = vu.state;
    this.samples = new VuSampleSink(vu, shared.sink);
    this.scriptDir = path.dirname(shared.scriptPath);
    this.#closers = closers;
    this.#interruptHandlers = interruptHandlers;
  }

  get options(): ResolvedOptions { return this.#shared.options; }
  get logger(): Logger { return this.#shared.logger; }
  get systemTags(): ReadonlySet<string> { return this.#shared.systemTags; }
  get httpDebug(): '' | 'headers' | 'full' { return this.#shared.httpDebug; }
  onClose(fn: () => void | Promise<void>): void { this.#closers.push(fn); }
  hold(): () => void { return this.#vu.loop.hold(); }
  onInterrupt(fn: () => void): void { this.#interruptHandlers.push(fn); }
  onIterationEnd(fn: () => void): void { this.#vu.onIterationEnd(fn); }
  reportError(err: unknown): void { this.#shared.reportError(this.#vu, err); }
}

/** The VU's samples into the worker's sink, with the VU's metadata; nothing once the VU is abandoned. */
class VuSampleSink implements SampleSink {
  readonly #vu: Vu;
  readonly #sink: SampleSink;

  constructor(vu: Vu, sink: SampleSink) {
    this.#vu = vu;
    this.#sink = sink;
  }

  add(metric: string, tags: Tags, value: number, time?: number, metadata?: Tags): void {
    if (!this.#vu.abandoned) this.#sink.add(metric, tags, value, time, withVuMetadata(this.#vu.state, metadata));
  }

  addAll(metrics: readonly string[], tags: Tags, values: readonly number[], metadata?: Tags): void {
    if (!this.#vu.abandoned) this.#sink.addAll(metrics, tags, values, withVuMetadata(this.#vu.state, metadata));
  }

  define(name: string, type: 'counter' | 'gauge' | 'rate' | 'trend', contains?: 'default' | 'time' | 'data'): void {
    this.#sink.define(name, type, contains);
  }

  /** the worker's exemplar lists; none once the VU is abandoned (its requests no longer count) */
  get exemplars(): SampleSink['exemplars'] {
    return this.#vu.abandoned ? undefined : this.#sink.exemplars;
  }
}

/** The VU's metadata (exec.vu.metrics.metadata) under the sample's own (a request's trace_id wins). */
function withVuMetadata(state: VuState, own: Tags | undefined): Tags | undefined {
  const vuMetadata = state.metadata;
  return vuMetadata === undefined ? own : own === undefined ? vuMetadata : { ...vuMetadata, ...own };
}

/** The script's `console`: it writes to the worker's logger only, so every VU of the worker shares one. */
const consoles = new WeakMap<Logger, VuContext['console']>();

export function consoleFor(log: Logger): VuContext['console'] {
  let c = consoles.get(log);
  if (c === undefined) {
    const fmt = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: Infinity }))).join(' ');
    c = {
      log: (...a: unknown[]) => log.info(`${fmt(a)} source=console`),
      info: (...a: unknown[]) => log.info(`${fmt(a)} source=console`),
      warn: (...a: unknown[]) => log.warn(`${fmt(a)} source=console`),
      error: (...a: unknown[]) => log.error(`${fmt(a)} source=console`),
      debug: (...a: unknown[]) => log.debug(`${fmt(a)} source=console`),
    };
    consoles.set(log, c);
  }
  return c;
}
