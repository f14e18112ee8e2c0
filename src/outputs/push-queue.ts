/**
 * The sending half every network output shares: a bounded buffer that is
 * flushed every `intervalMs` in batches of at most `batchSize`, with up to
 * `concurrency` sends in flight. A failed send is retried with exponential
 * backoff (its items stay at the head of the buffer); when the buffer is
 * full the oldest items are dropped and counted, so a backend that goes
 * away costs bounded memory and a number in the summary, never the test.
 * Whether a failed send is retried or dropped at once is classify()'s call
 * (./classify.ts), the same rule every network output uses.
 */
import { classify, type RefusedBatchError } from './classify.ts';

export interface PushQueueOptions<T> {
  /** sends one batch; rejects on failure: retried, unless classify() calls the error refused (a RefusedBatchError) */
  send(items: T[]): Promise<void>;
  intervalMs: number;
  batchSize: number;
  /** most items buffered; older ones are dropped past this */
  maxBuffered: number;
  /** sends in flight at once; default 1 */
  concurrency?: number;
  /** first retry delay; doubles up to maxBackoffMs; default 500 */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** how many items one element stands for (a line per sample: 1); default 1 */
  weight?: (item: T) => number;
  /** called once per failure streak with the error, and when sending works again */
  onError?(err: Error): void;
  onRecover?(): void;
  /** called for every RefusedBatchError (nothing is retried for it) */
  onRefused?(err: RefusedBatchError): void;
}

export class PushQueue<T> {
  readonly #o: Required<Omit<PushQueueOptions<T>, 'onError' | 'onRecover' | 'onRefused'>> & Pick<PushQueueOptions<T>, 'onError' | 'onRecover' | 'onRefused'>;
  #buffer: T[] = [];
  #head = 0;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #retryAt = 0;
  #backoff: number;
  #failing = false;
  #stopped = false;
  #idleWaiters: (() => void)[] = [];
  sent = 0;
  dropped = 0;
  lastError: string | undefined;

  constructor(opts: PushQueueOptions<T>) {
    this.#o = { concurrency: 1, backoffMs: 500, maxBackoffMs: 10_000, weight: () => 1, ...opts };
    this.#backoff = this.#o.backoffMs;
  }

  /** Starts the periodic flush. */
  start(): void {
    this.#timer = setInterval(() => this.#pump(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** true from a failed send until one succeeds again (a backend that is away) */
  get failing(): boolean {
    return this.#failing;
  }

  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** sends still waiting for the backend's answer */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves once no send is in flight (after stop(), each one that then fails is dropped), or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    const end = performance.now() + timeoutMs;
    while (this.#inFlight > 0 && performance.now() < end) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, Math.min(50, end - performance.now())));
        this.#idleWaiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  push(items: readonly T[]): void {
    if (this.#stopped) { this.#drop(items); return; }
    for (const it of items) this.#buffer.push(it);
    const over = this.buffered - this.#o.maxBuffered;
    if (over > 0) {
      this.#drop(this.#buffer.slice(this.#head, this.#head + over));
      this.#head += over;
      this.#compact();
    }
  }

  /** Flushes everything buffered, retrying until `deadlineMs` passes; what is left is dropped. */
  async stop(deadlineMs: number): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    const end = performance.now() + deadlineMs;
    while ((this.buffered > 0 || this.#inFlight > 0) && performance.now() < end) {
      if (this.buffered > 0 && performance.now() >= this.#retryAt) this.#pump();
      await new Promise<void>((resolve) => {
        const wait = Math.max(5, Math.min(100, end - performance.now(), this.#retryAt - performance.now()));
        const t = setTimeout(resolve, wait);
        this.#idleWaiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    this.#stopped = true;
    const rest = this.#buffer.slice(this.#head);
    this.#buffer = [];
    this.#head = 0;
    this.#drop(rest);
  }

  #pump(): void {
    if (performance.now() < this.#retryAt) return;
    while (this.#inFlight < this.#o.concurrency && this.buffered > 0) {
      const batch = this.#buffer.slice(this.#head, this.#head + this.#o.batchSize);
      this.#head += batch.length;
      this.#compact();
      this.#inFlight++;
      this.#o.send(batch).then(() => {
        this.sent += this.#weigh(batch);
        this.#backoff = this.#o.backoffMs;
        if (this.#failing) { this.#failing = false; this.#o.onRecover?.(); }
      }, (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        this.lastError = e.message;
        if (classify(e) === 'refused') {
          const weight = this.#weigh(batch);
          const refused = Math.min(weight, (e as RefusedBatchError).refused ?? weight);
          this.dropped += refused;
          this.sent += weight - refused;
          this.#o.onRefused?.(e as RefusedBatchError);
          return;
        }
        // once stopped nothing is retried, so there is no "retrying" to announce
        if (this.#stopped) { this.#drop(batch); return; }
        if (!this.#failing) { this.#failing = true; this.#o.onError?.(e); }
        // back to the head of the buffer, then wait before the next try
        this.#buffer.splice(this.#head, 0, ...batch);
        this.#retryAt = performance.now() + this.#backoff;
        this.#backoff = Math.min(this.#backoff * 2, this.#o.maxBackoffMs);
        const over = this.buffered - this.#o.maxBuffered;
        if (over > 0) {
          this.#drop(this.#buffer.slice(this.#head, this.#head + over));
          this.#head += over;
        }
      }).finally(() => {
        this.#inFlight--;
        for (const w of this.#idleWaiters.splice(0)) w();
      });
    }
  }

  #weigh(items: readonly T[]): number {
    let n = 0;
    for (const it of items) n += this.#o.weight(it);
    return n;
  }

  #drop(items: readonly T[]): void {
    this.dropped += this.#weigh(items);
  }

  #compact(): void {
    if (this.#head > 4096 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }
}
