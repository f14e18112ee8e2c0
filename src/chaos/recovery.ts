/**
 * How the load fared around each fault, from the sample pipe's batches:
 * the samples tagged `fault=<name>` are the fault's own (during, exact to
 * the sample); the others go into buckets of one batch period (100 ms) of
 * HTTP requests, failures and latencies, which give the load before (the
 * baseline: the 30 s before the window opened) and after each window, and
 * its recovery time — from the window's end until a rolling `window` of
 * the load has an error rate within `errorRate` points of the baseline and
 * a p95 within `p95` of it. A fault the load never recovered from by the
 * end of the run gets the time it waited, flagged not recovered. Buckets
 * older than any baseline or pending recovery needs are dropped, so a
 * long run keeps about 30 s of them.
 */
import { Histogram, type MetricBatch } from '../metrics/index.ts';
import type { RecoverySpec } from './spec.ts';

/** The baseline is this much load before a window opened (less when the test had not run that long). */
export const BASELINE_MS = 30_000;
/** One worker batch period: the resolution of recovery times. */
const BUCKET_MS = 100;
/**
 * A check looks only at buckets this old, so their batches have arrived
 * even after a stall of the main thread or over an agent's network link.
 * It delays when a recovery is known, never what it measures.
 */
const SETTLE_MS = 1000;
/**
 * What a p95 may exceed the baseline's share by and still count as back: a
 * target on loopback answers in half a millisecond, where 20 % is noise
 * (a busy CPU, a GC pause) rather than a service that has not recovered.
 */
export const P95_SLACK_MS = 5;

interface Bucket {
  requests: number;
  failed: number;
  durations: Histogram;
}

/** Requests, error rate and p95 of one stretch of the run. */
export interface LoadStretch {
  requests: number;
  errorRate: number;
  /** ms; NaN without requests */
  p95: number;
}

/** One fault's window and what the load did around it (the summary's CHAOS block). */
export interface FaultReport {
  name: string;
  /** ms from the test's start */
  startMs: number;
  endMs: number;
  what: string;
  before: LoadStretch;
  during: LoadStretch;
  after: LoadStretch;
  /** ms from the window's end until the load was back; undefined while not yet known */
  recoveryMs?: number;
  recovered?: boolean;
}

interface Window {
  name: string;
  /** the samples tagged with this fault */
  during: Bucket;
  what: string;
  start: number;
  end?: number;
  recovery: RecoverySpec;
  baseline?: LoadStretch;
  /** the load since the window closed */
  after: Bucket;
  /** the earliest start (ms from the test's start, on a bucket edge) of a rolling window not yet checked */
  nextFrom?: number;
  recoveryMs?: number;
  recovered?: boolean;
}

export class RecoveryTracker {
  readonly #testStart: number;
  readonly #buckets = new Map<number, Bucket>();
  readonly #windows: Window[] = [];
  readonly #onRecovered: (fault: string, ms: number, recovered: boolean) => void;

  /** `onRecovered` records `recovery_time` once a fault's recovery is known. */
  constructor(testStart: number, onRecovered: (fault: string, ms: number, recovered: boolean) => void) {
    this.#testStart = testStart;
    this.#onRecovered = onRecovered;
  }

  /** Folds a batch of samples into its period (and into the `after` of each window closed before it). */
  add(batch: MetricBatch): void {
    let untagged: Bucket[] | undefined;
    for (const s of batch.series) {
      if (s.metric !== 'http_reqs' && s.metric !== 'http_req_failed' && s.metric !== 'http_req_duration') continue;
      const fault = s.tags.fault;
      // overlapping faults tag `a+b`: the sample counts for each
      const into = fault === undefined ? (untagged ??= this.#untaggedInto(batch.time)) : this.#windows.filter((w) => fault.split('+').includes(w.name)).map((w) => w.during);
      for (const b of into) {
        if (s.sink.type === 'counter' && s.metric === 'http_reqs') b.requests += s.sink.sum;
        else if (s.sink.type === 'rate' && s.metric === 'http_req_failed') b.failed += s.sink.trues;
        else if (s.sink.type === 'trend' && s.metric === 'http_req_duration') b.durations.merge(s.sink.hist);
      }
    }
  }

  opened(name: string, what: string, atMs: number, recovery: RecoverySpec): void {
    const start = atMs;
    this.#windows.push({ name, what, start, recovery, baseline: this.#stretch(start - BASELINE_MS, start), during: emptyBucket(), after: emptyBucket() });
  }

  closed(name: string, atMs: number): void {
    const w = this.#windows.findLast((x) => x.name === name && x.end === undefined);
    if (w) w.end = atMs;
  }

  /**
   * Checks the closed windows not yet recovered against their baselines at
   * `nowMs` (ms from the test's start): every rolling window from the
   * fault's end on, one bucket apart, that lies wholly in the buckets
   * settled by then. `settleMs`: how long a bucket waits for its batches
   * (0 at the end of the run: what has arrived by then is all there is).
   */
  check(nowMs: number, settleMs = SETTLE_MS): void {
    const settled = nowMs - settleMs;
    for (const w of this.#windows) {
      if (w.end === undefined || w.recovered !== undefined) continue;
      // whole batch periods: a 250 ms window is 300 ms
      const windowMs = Math.ceil(w.recovery.windowMs / BUCKET_MS) * BUCKET_MS;
      let from = w.nextFrom ?? Math.ceil(w.end / BUCKET_MS) * BUCKET_MS;
      while (from + windowMs <= settled) {
        if (this.#isBack(this.#stretch(from, from + windowMs), w.baseline!, w.recovery)) {
          this.#settle(w, from - w.end, true);
          break;
        }
        from += BUCKET_MS;
      }
      w.nextFrom = from;
    }
    this.#prune(nowMs);
  }

  /** The run ended at `endMs`: a window not recovered by then records the time it waited. */
  finish(endMs: number): void {
    this.check(endMs, 0);
    for (const w of this.#windows) {
      if (w.end === undefined) w.end = endMs;
      if (w.recovered === undefined) this.#settle(w, Math.max(0, endMs - w.end), false);
    }
  }

  reports(endMs: number): FaultReport[] {
    return this.#windows.map((w) => ({
      name: w.name, what: w.what, startMs: w.start, endMs: w.end ?? endMs,
      before: w.baseline!,
      during: stretchOf(w.during),
      after: stretchOf(w.after),
      recoveryMs: w.recoveryMs, recovered: w.recovered,
    }));
  }

  #settle(w: Window, ms: number, recovered: boolean): void {
    w.recoveryMs = ms;
    w.recovered = recovered;
    this.#onRecovered(w.name, ms, recovered);
  }

  /** A baseline without requests has nothing to recover to: any load counts; one without latency data, any p95. */
  #isBack(now: LoadStretch, base: LoadStretch, r: RecoverySpec): boolean {
    if (base.requests === 0) return now.requests > 0;
    if (now.requests === 0) return false;
    const errorsBack = now.errorRate * 100 <= base.errorRate * 100 + r.errorRatePoints;
    const latencyBack = Number.isNaN(base.p95) || now.p95 <= base.p95 * (1 + r.p95Share) + P95_SLACK_MS;
    return errorsBack && latencyBack;
  }

  /** Where a batch's samples without a fault tag go: its period's bucket, and the `after` of every window closed before it. */
  #untaggedInto(timeMs: number): Bucket[] {
    const sinceStart = timeMs - this.#testStart;
    // a batch stamped at t holds the samples of (t - 100 ms, t]
    const index = Math.floor((sinceStart - 1) / BUCKET_MS);
    let b = this.#buckets.get(index);
    if (!b) this.#buckets.set(index, (b = emptyBucket()));
    const into = [b];
    for (const w of this.#windows) if (w.end !== undefined && sinceStart > w.end) into.push(w.after);
    return into;
  }

  /**
   * Drops the buckets no check or baseline can need: older than the 30 s a
   * window opening now would take as its baseline, and older than the next
   * rolling window of every fault still recovering.
   */
  #prune(nowMs: number): void {
    let keepFrom = nowMs - BASELINE_MS;
    for (const w of this.#windows) {
      if (w.recovered === undefined) keepFrom = Math.min(keepFrom, w.nextFrom ?? w.start);
    }
    const first = Math.floor(keepFrom / BUCKET_MS);
    for (const index of this.#buckets.keys()) if (index < first) this.#buckets.delete(index);
  }

  /** The load of the buckets wholly inside [fromMs, toMs) (ms from the test's start). */
  #stretch(fromMs: number, toMs: number): LoadStretch {
    const durations = new Histogram();
    let requests = 0;
    let failed = 0;
    for (let i = Math.max(0, Math.ceil(fromMs / BUCKET_MS)); (i + 1) * BUCKET_MS <= toMs; i++) {
      const b = this.#buckets.get(i);
      if (!b) continue;
      requests += b.requests;
      failed += b.failed;
      durations.merge(b.durations);
    }
    return stretchOf({ requests, failed, durations });
  }
}

function emptyBucket(): Bucket {
  return { requests: 0, failed: 0, durations: new Histogram() };
}

function stretchOf(b: Bucket): LoadStretch {
  return { requests: b.requests, errorRate: b.requests > 0 ? b.failed / b.requests : 0, p95: b.durations.count > 0 ? b.durations.percentile(95) : NaN };
}
