/**
 * Exemplars: the requests behind the numbers. For each request name (the
 * `name` tag) the keeper holds the N slowest requests and a uniform sample
 * of N failed ones, so a report can say *which* requests were slow or
 * failed (with their X-Request-Id or trace id) instead of only that p99 was
 * 2 s. Memory is bounded: N per list, a cap on names (past it, requests
 * share one "other names" entry), whatever the run's length.
 *
 * Both lists merge exactly: the slowest N of a union are the slowest N of
 * the parts' slowest N, and the failed sample is a bottom-k sample (each
 * failed request draws a random key, the N smallest keys are kept), whose
 * union keeps the N smallest keys again. So a worker keeps its own lists,
 * sends what entered them since its last batch, and the main thread (or a
 * coordinator, from its agents) keeps the same lists over everything sent.
 */

/** One request, as an exemplar: enough to find it in the service's logs and traces. */
export interface Exemplar {
  /** wall-clock ms when the response ended */
  time: number;
  /** the request's `name` tag (the URL unless the script named it) */
  name: string;
  method: string;
  url: string;
  /** 0 when no response arrived */
  status: number;
  /** k6's error_code; 0 when fine */
  errorCode: number;
  /** k6's error text; '' when fine */
  error: string;
  /** as http_req_failed counts it (or, without a response callback, a 4xx/5xx or no response) */
  failed: boolean;
  scenario: string;
  /** __VU */
  vu: number;
  /** __ITER */
  iteration: number;
  /** k6 group path, '' for the root group */
  group: string;
  /** ms, as the http_req_* trends */
  timings: { duration: number; blocked: number; connecting: number; tlsHandshaking: number; sending: number; waiting: number; receiving: number };
  /** the chosen response headers (--exemplar-headers) the response had, as canonical name → value */
  headers: Record<string, string>;
  /** the W3C trace id of the request when k6/experimental/tracing instrumented it */
  traceId?: string;
  /** a failed request's key in the bottom-k sample (absent on requests that did not fail) */
  sampleKey?: number;
}

/** What one batch carries: the requests that entered a list since the last one, and the failed requests counted per list. */
export interface ExemplarDelta {
  /** requests of names with lists of their own */
  records: Exemplar[];
  /** requests the sender kept in its OTHER_NAMES list (past its cap on names): they go to the receiver's OTHER_NAMES too */
  other?: Exemplar[];
  /** [list name, failed requests since the last batch] — the sample's denominator */
  failedCounts: [string, number][];
}

/** One name's lists, as reports read them. */
export interface ExemplarGroup {
  /** the request name, or OTHER_NAMES for the names past the cap */
  name: string;
  /** slowest first */
  slowest: Exemplar[];
  /** a uniform sample of the failed requests, oldest first */
  failed: Exemplar[];
  /** how many requests of this name failed (the sample's size is min(failedSeen, N)) */
  failedSeen: number;
}

/** Every name's lists: what the HTML report, `report --exemplars`, the JSON output and the history keep. */
export interface ExemplarReport {
  /** N: the most requests each list keeps */
  perName: number;
  /** names past the cap shared OTHER_NAMES */
  namesCapped: boolean;
  groups: ExemplarGroup[];
}

/** The list name requests take once the cap on names is reached (each exemplar keeps its own name). */
export const OTHER_NAMES = '(other names)';

/** k6's usual request-id and trace headers: the ones a service's logs and traces are searched by. */
export const DEFAULT_EXEMPLAR_HEADERS: readonly string[] = Object.freeze(['X-Request-Id', 'traceparent', 'X-Trace-Id', 'X-Amzn-Trace-Id']);
export const DEFAULT_EXEMPLARS_PER_NAME = 5;
export const DEFAULT_EXEMPLAR_NAMES = 500;

export interface ExemplarKeeperOptions {
  /** N (default 5); 0 keeps nothing */
  perName?: number;
  /** names with lists of their own (default 500) */
  maxNames?: number;
  /** the failed sample's key source: Math.random unless a test needs it fixed */
  random?: () => number;
}

interface Lists {
  name: string;
  slowest: Exemplar[];
  failed: Exemplar[];
  failedSeen: number;
  /** failed requests counted since the last delta */
  failedSinceDelta: number;
}

/** The lists of one worker, agent or run. Single-threaded. */
export class ExemplarKeeper {
  #perName: number;
  readonly #maxNames: number;
  readonly #random: () => number;
  readonly #lists = new Map<string, Lists>();
  /**
   * Records that entered a list since the last delta and are still in one
   * (with that list): a record pushed out of both lists leaves it at once,
   * so this never holds more than the lists do, whether or not anyone
   * takes deltas (the main thread's keeper never does).
   */
  readonly #pending = new Map<Exemplar, Lists>();
  #namesCapped = false;
  /** the key `consider` drew for the failed request `keep` is about to get */
  #drawnKey = 0;

  constructor(opts: ExemplarKeeperOptions = {}) {
    this.#perName = Math.max(0, Math.floor(opts.perName ?? DEFAULT_EXEMPLARS_PER_NAME));
    this.#maxNames = Math.max(1, Math.floor(opts.maxNames ?? DEFAULT_EXEMPLAR_NAMES));
    this.#random = opts.random ?? Math.random;
  }

  /** Sets N once the options are known (a worker's keeper exists before). Lists already longer are cut. */
  setPerName(n: number): void {
    this.#perName = Math.max(0, Math.floor(n));
    for (const l of this.#lists.values()) {
      while (l.slowest.length > this.#perName) this.#evicted(l, l.slowest.pop()!);
      l.failed.sort(byKey);
      while (l.failed.length > this.#perName) this.#evicted(l, l.failed.pop()!);
    }
  }

  get perName(): number {
    return this.#perName;
  }

  /**
   * The hot path, once per request: counts a failure, and says whether the
   * request enters a list, so the caller builds an Exemplar only then. When
   * it returns true, call `keep` next, with no other `consider` between.
   */
  consider(name: string, durationMs: number, failed: boolean): boolean {
    const n = this.#perName;
    if (n === 0) return false;
    const l = this.#listsOf(name);
    if (failed) {
      l.failedSeen++;
      l.failedSinceDelta++;
      const key = this.#random();
      this.#drawnKey = key;
      if (l.failed.length < n || key < l.failed[l.failed.length - 1].sampleKey!) return true;
    }
    return l.slowest.length < n || durationMs > l.slowest[l.slowest.length - 1].timings.duration;
  }

  /** Keeps a request `consider` just let in (the failed sample's key is the one it drew). */
  keep(ex: Exemplar): void {
    if (ex.failed) ex.sampleKey = this.#drawnKey;
    this.#place(this.#listsOf(ex.name), ex);
  }

  /** Adds another keeper's delta (a worker's, an agent's): the lists stay those of everything merged. */
  merge(delta: ExemplarDelta): void {
    for (const [name, count] of delta.failedCounts) {
      const l = this.#listsOf(name);
      l.failedSeen += count;
      l.failedSinceDelta += count;
    }
    if (this.#perName === 0) return;
    for (const ex of delta.records) this.#place(this.#listsOf(ex.name), ex);
    if (delta.other) for (const ex of delta.other) this.#place(this.#listsOf(OTHER_NAMES), ex);
  }

  /**
   * What entered the lists since the last delta and is still in them, with
   * the failures counted since; undefined when there is nothing new.
   */
  takeDelta(): ExemplarDelta | undefined {
    const failedCounts: [string, number][] = [];
    for (const [name, l] of this.#lists) {
      if (l.failedSinceDelta === 0) continue;
      failedCounts.push([name, l.failedSinceDelta]);
      l.failedSinceDelta = 0;
    }
    const records: Exemplar[] = [];
    const other: Exemplar[] = [];
    for (const [ex, l] of this.#pending) (l.name === OTHER_NAMES ? other : records).push(ex);
    this.#pending.clear();
    if (records.length === 0 && other.length === 0 && failedCounts.length === 0) return undefined;
    return other.length === 0 ? { records, failedCounts } : { records, other, failedCounts };
  }

  /** Every name's lists, names in first-seen order (OTHER_NAMES last). Copies: the keeper goes on changing. */
  report(): ExemplarReport {
    const groups: ExemplarGroup[] = [];
    for (const [name, l] of this.#lists) {
      if (name === OTHER_NAMES) continue;
      groups.push(groupOf(name, l));
    }
    const other = this.#lists.get(OTHER_NAMES);
    if (other) groups.push(groupOf(OTHER_NAMES, other));
    return { perName: this.#perName, namesCapped: this.#namesCapped, groups };
  }

  /** Inserts `ex` into `l`'s lists where it belongs; what it pushes out of both lists leaves the pending records. */
  #place(l: Lists, ex: Exemplar): void {
    const n = this.#perName;
    let placed = false;
    const slowest = l.slowest;
    if (slowest.length < n || ex.timings.duration > slowest[slowest.length - 1].timings.duration) {
      let i = slowest.length;
      while (i > 0 && slowest[i - 1].timings.duration < ex.timings.duration) i--;
      slowest.splice(i, 0, ex);
      if (slowest.length > n) this.#evicted(l, slowest.pop()!);
      placed = true;
    }
    if (ex.failed && ex.sampleKey !== undefined) {
      const failed = l.failed;
      if (failed.length < n || ex.sampleKey < failed[failed.length - 1].sampleKey!) {
        let i = failed.length;
        while (i > 0 && failed[i - 1].sampleKey! > ex.sampleKey) i--;
        failed.splice(i, 0, ex);
        if (failed.length > n) this.#evicted(l, failed.pop()!);
        placed = true;
      }
    }
    if (placed) this.#pending.set(ex, l);
  }

  /** `ex` left one of `l`'s lists: unless the other holds it, it is gone. */
  #evicted(l: Lists, ex: Exemplar): void {
    if (!l.slowest.includes(ex) && !l.failed.includes(ex)) this.#pending.delete(ex);
  }

  /**
   * A name's lists, made on first sight while there is room; past the cap,
   * the shared OTHER_NAMES lists (which take no room of their own).
   */
  #listsOf(name: string): Lists {
    let l = this.#lists.get(name);
    if (l !== undefined) return l;
    if (name === OTHER_NAMES || this.#lists.size - (this.#lists.has(OTHER_NAMES) ? 1 : 0) >= this.#maxNames) {
      this.#namesCapped = true;
      name = OTHER_NAMES;
      l = this.#lists.get(name);
      if (l !== undefined) return l;
    }
    l = { name, slowest: [], failed: [], failedSeen: 0, failedSinceDelta: 0 };
    this.#lists.set(name, l);
    return l;
  }

  /** How many records wait for the next delta (for the tests: never more than the lists hold). */
  get pendingCount(): number {
    return this.#pending.size;
  }
}

function byKey(a: Exemplar, b: Exemplar): number {
  return a.sampleKey! - b.sampleKey!;
}

function groupOf(name: string, l: Lists): ExemplarGroup {
  return {
    name,
    slowest: l.slowest.slice(),
    failed: l.failed.slice().sort((a, b) => a.time - b.time),
    failedSeen: l.failedSeen,
  };
}

/** The `limit` slowest exemplars of `report` across names, slowest first (what `compare` lists). */
export function slowestAcross(report: ExemplarReport, limit: number): Exemplar[] {
  const all: Exemplar[] = [];
  for (const g of report.groups) for (const ex of g.slowest) all.push(ex);
  return all.sort((a, b) => b.timings.duration - a.timings.duration).slice(0, limit);
}
