/**
 * Runs a VU's WebSocket event handlers one after another, as k6's single
 * event loop does: a handler that is async (the compiler made it so because
 * it calls http.get, or the script wrote it so) is awaited before the next
 * event is handled. Synchronous handlers run at once, without a microtask.
 * While work is queued or running the VU's iteration is held open.
 */

export type Task = () => unknown;

export class EventQueue {
  readonly #hold: () => () => void;
  readonly #onError: (err: unknown) => void;
  #tasks: Task[] = [];
  #running = false;

  /** `hold` is vu.hold; `onError` receives what a task threw or rejected with. */
  constructor(hold: () => () => void, onError: (err: unknown) => void) {
    this.#hold = hold;
    this.#onError = onError;
  }

  push(task: Task): void {
    this.#tasks.push(task);
    if (!this.#running) void this.#drain();
  }

  /** Drops the tasks not yet started (the running one finishes on its own). */
  clear(): void {
    this.#tasks = [];
  }

  async #drain(): Promise<void> {
    this.#running = true;
    const release = this.#hold();
    try {
      for (let task = this.#tasks.shift(); task !== undefined; task = this.#tasks.shift()) {
        try {
          const r = task();
          if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await r;
        } catch (err) {
          this.#onError(err);
        }
      }
    } finally {
      this.#running = false;
      release();
    }
  }
}
