/**
 * Main-thread handle on one VU worker thread: typed send(), typed events,
 * and request/answer helpers. Knows nothing of scenarios or metrics.
 */
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import type { WorkerCommand, WorkerEvent } from './protocol.ts';
import { newControlBlock } from './control-block.ts';

/** The worker entry next to this file: `.ts` when running from source, `.js` from dist/. */
function entryUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./entry${ext}`, import.meta.url);
}

/**
 * The most young generation a worker's heap may grow to (V8 sizes it from
 * ~1 MB up, as garbage survives). Busy VUs make ~12 KB of short-lived
 * garbage per request, and with a 3 MB cap the worker scavenged every ~160
 * requests: 5-8 µs of GC per request, 10-15 % of its time. At 24 MB it is
 * ~1.5 µs. Tests with many sleeping VUs keep the young generation at its
 * start size instead (heap-mode.ts), so their RSS stays where it was.
 */
const YOUNG_GENERATION_MB = 24;

type EventOf<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

export class WorkerHost {
  readonly index: number;
  /** shared counters and the pause flag (control-block.ts); sent to the worker with `configure` */
  readonly control = newControlBlock();
  readonly #worker: Worker;
  readonly #events = new EventEmitter();
  #exited = false;
  #exitError?: Error;

  constructor(index: number) {
    this.index = index;
    this.#worker = new Worker(entryUrl(), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, stdout: false, stderr: false });
    this.#events.setMaxListeners(0);
    this.#worker.on('message', (e: WorkerEvent) => this.#events.emit(e.type, e));
    this.#worker.on('error', (err) => { this.#exitError = err; this.#events.emit('crash', err); });
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      if (code !== 0 && !this.#exitError) this.#exitError = new Error(`worker ${index} exited with code ${code}`);
      this.#events.emit('exit', code);
    });
  }

  send(cmd: WorkerCommand): void {
    if (!this.#exited) this.#worker.postMessage(cmd);
  }

  on<T extends WorkerEvent['type']>(type: T, fn: (e: EventOf<T>) => void): void {
    this.#events.on(type, fn as (e: unknown) => void);
  }

  /** Called if the worker thread dies unexpectedly. */
  onCrash(fn: (err: Error) => void): void {
    this.#events.on('crash', fn);
    this.#events.on('exit', (code: number) => { if (code !== 0) fn(this.#exitError ?? new Error(`worker exited with code ${code}`)); });
  }

  /** Resolves with the first of the given events (e.g. setup-done or setup-error). */
  next<T extends WorkerEvent['type']>(...types: T[]): Promise<EventOf<T>> {
    return new Promise((resolve, reject) => {
      const handlers = new Map<string, (e: unknown) => void>();
      const cleanup = () => {
        for (const [t, h] of handlers) this.#events.off(t, h);
        this.#events.off('crash', onCrash);
      };
      const onCrash = (err: Error) => { cleanup(); reject(err); };
      for (const t of types) {
        const h = (e: unknown) => { cleanup(); resolve(e as EventOf<T>); };
        handlers.set(t, h);
        this.#events.on(t, h);
      }
      this.#events.on('crash', onCrash);
    });
  }

  /** Asks the worker to flush metrics and waits until everything before is delivered. */
  /** Posts the metrics gathered so far; `final` also asks for the worker's load report. */
  async flush(seq: number, final = false): Promise<void> {
    const done = this.next('flushed');
    this.send({ type: 'flush', seq, final });
    await done;
  }

  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((r) => this.#events.once('exit', () => r()));
    this.send({ type: 'shutdown' });
    const timer = setTimeout(() => { void this.#worker.terminate(); }, timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}
