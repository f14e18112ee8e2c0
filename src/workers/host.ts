/**
 * Main-thread handle on one VU worker thread: typed send(), typed events,
 * and request/answer helpers. Knows nothing of scenarios or metrics.
 *
 * A worker is never awaited blindly: every answer awaited from it fails
 * when the thread dies (out of memory, a crash, an unexpected exit), the
 * death is reported once through onDeath(), and the thread's heartbeat
 * tells an endless loop in a script from a busy worker.
 */
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { trackBrowserProcess, killBrowserProcesses } from './browser-processes.ts';
import type { AnswersTo, WorkerCommand, WorkerEvent, WorkerRequest } from './protocol.ts';
import { newControlBlock, HEARTBEAT, HEAP_LIMIT_MB } from './control-block.ts';
import { WorkerLostError, type WorkerDeath } from './worker-death.ts';

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
  /** shared counters, the pause flag and the heartbeat (control-block.ts) */
  readonly control = newControlBlock();
  readonly #worker: Worker;
  readonly #events = new EventEmitter();
  #exited = false;
  /** shutdown() or terminate() asked the thread to go: its exit is no death */
  #leaving = false;
  #death?: WorkerDeath;
  #lastBeat = 0;
  #nextRequestId = 1;
  #lastBeatAt = Date.now();

  constructor(index: number) {
    this.index = index;
    this.#worker = new Worker(entryUrl(), {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, stdout: false, stderr: false, workerData: { control: this.control },
    });
    this.#events.setMaxListeners(0);
    this.#worker.on('message', (e: WorkerEvent) => this.#events.emit(e.type, e));
    // k6/browser's Chromium: killed here if this worker goes before it closed its browser
    const browsers: number[] = [];
    this.#events.on('browser-process', (e: { pid: number }) => { browsers.push(e.pid); trackBrowserProcess(e.pid); });
    this.#worker.on('exit', () => killBrowserProcesses(browsers.splice(0)));
    this.#worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const limit = Atomics.load(this.control, HEAP_LIMIT_MB);
        this.#die('out-of-memory', `ran out of memory${limit > 0 ? ` (heap limit ${limit} MB)` : ''}`);
      } else {
        this.#die('crashed', `crashed: ${err.message}`);
      }
    });
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      if (!this.#leaving) this.#die('exited', `exited unexpectedly with code ${code} (process.exit() in the script or a library?)`);
      this.#events.emit('exit', code);
    });
  }

  /** Why the thread is gone, when it died (undefined while alive and after a normal shutdown). */
  get death(): WorkerDeath | undefined {
    return this.#death;
  }

  get alive(): boolean {
    return !this.#exited && this.#death === undefined;
  }

  send(cmd: WorkerCommand): void {
    if (this.alive) this.#worker.postMessage(cmd);
  }

  on<T extends WorkerEvent['type']>(type: T, fn: (e: EventOf<T>) => void): void {
    this.#events.on(type, fn as (e: unknown) => void);
  }

  /** Called once if the thread dies (not after shutdown()); at once if it already has. */
  onDeath(fn: (death: WorkerDeath) => void): void {
    if (this.#death) fn(this.#death);
    else this.#events.once('death', fn);
  }

  /**
   * Sends a request and resolves with the worker's answer to it (matched by
   * id, so a late answer to an earlier request is never taken for this one).
   * Rejects with WorkerLostError when the thread is or goes dead, and with
   * WorkerUnresponsiveError when `withinMs` passes first (the caller decides
   * whether to kill() the worker).
   */
  ask<R extends WorkerRequest['type']>(request: { type: R } & DistributiveOmit<Extract<WorkerRequest, { type: R }>, 'id'>, withinMs?: number): Promise<EventOf<AnswersTo[R]>> {
    if (this.#death) return Promise.reject(new WorkerLostError(this.#death));
    const id = this.#nextRequestId++;
    const answerTypes = ANSWERS[request.type as R] as readonly AnswersTo[R][];
    const answer = new Promise<EventOf<AnswersTo[R]>>((resolve, reject) => {
      const onAnswer = (e: { replyTo?: number }) => {
        if (e.replyTo !== id) return;
        cleanup();
        resolve(e as EventOf<AnswersTo[R]>);
      };
      const onDeath = (death: WorkerDeath) => { cleanup(); reject(new WorkerLostError(death)); };
      const cleanup = () => {
        for (const t of answerTypes) this.#events.off(t, onAnswer);
        this.#events.off('death', onDeath);
        clearTimeout(timer);
      };
      for (const t of answerTypes) this.#events.on(t, onAnswer);
      this.#events.on('death', onDeath);
      const timer = withinMs === undefined ? undefined
        : setTimeout(() => { cleanup(); reject(new WorkerUnresponsiveError(this.index, answerTypes, withinMs)); }, withinMs);
    });
    this.#worker.postMessage({ ...request, id });
    return answer;
  }

  /**
   * How long the worker's event loop has not beaten its heartbeat, as seen
   * by the calls to this method (call it regularly: a watchdog does).
   */
  silentForMs(now = Date.now()): number {
    const beat = Atomics.load(this.control, HEARTBEAT);
    if (beat !== this.#lastBeat) {
      this.#lastBeat = beat;
      this.#lastBeatAt = now;
    }
    return now - this.#lastBeatAt;
  }

  /**
   * Ends a thread that stopped answering (an endless loop: terminate()
   * interrupts running JavaScript); reported through onDeath as `cause`.
   */
  async kill(cause: WorkerDeath['cause'], message: string): Promise<void> {
    if (!this.alive) return;
    this.#die(cause, message);
    this.#leaving = true;
    await this.#worker.terminate();
  }

  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.#exited) return;
    this.#leaving = true;
    const exited = new Promise<void>((r) => this.#events.once('exit', () => r()));
    this.send({ type: 'shutdown' });
    if (this.#death) void this.#worker.terminate(); // dead but not yet gone: no shutdown message reaches it
    const timer = setTimeout(() => { void this.#worker.terminate(); }, timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  #die(cause: WorkerDeath['cause'], message: string): void {
    if (this.#death || this.#leaving) return;
    this.#death = { worker: this.index, cause, message };
    this.#events.emit('death', this.#death);
  }
}

/** No answer from a worker within the time the caller allowed. */
export class WorkerUnresponsiveError extends Error {
  readonly worker: number;
  constructor(worker: number, waitingFor: readonly string[], ms: number) {
    super(`VU worker ${worker} did not answer (${waitingFor.join(' or ')}) within ${Math.round(ms / 1000)} s`);
    this.name = 'WorkerUnresponsiveError';
    this.worker = worker;
  }
}

/** The events that answer each request (protocol.ts AnswersTo, as values). */
const ANSWERS: { readonly [R in keyof AnswersTo]: readonly AnswersTo[R][] } = {
  init: ['ready', 'init-error'],
  'warm-up': ['warmed-up'],
  setup: ['setup-done', 'setup-error'],
  teardown: ['teardown-done', 'teardown-error'],
  'handle-summary': ['summary-done', 'summary-error'],
  flush: ['flushed'],
};

/** Omit over each member of a union (the plain Omit would merge them). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
