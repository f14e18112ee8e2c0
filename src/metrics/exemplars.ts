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

/** What one batch carries: the requests that entered a list since the last one, and the failed requests counted per name. */
export interface ExemplarDelta {
  records: Exemplar[];
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
  /** records kept since the last delta (some may have been pushed out again since) */
  #pending: Exemplar[] = [];
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
      l.slowest.length = Math.min(l.slowest.length, this.#perName);
      l.failed.sort(byKey).length = Math.min(l.failed.length, this.#perName);
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
    if (this.#place(ex)) this.#pending.push(ex);
  }

  /** Adds another keeper's delta (a worker's, an agent's): the lists stay those of everything merged. */
  merge(delta: ExemplarDelta): void {
    for (const [name, count] of delta.failedCounts) {
      const l = this.#listsOf(name);
      l.failedSeen += count;
      l.failedSinceDelta += count;
    }
    if (this.#perName === 0) return;
    for (const ex of delta.records) if (this.#place(ex)) this.#pending.push(ex);
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
    for (const ex of this.#pending) {
      const l = this.#lists.get(this.#listNameOf(ex.name));
      if (l !== undefined && (l.slowest.includes(ex) || l.failed.includes(ex)) && !records.includes(ex)) records.push(ex);
    }
    this.#pending = [];
    return records.length === 0 && failedCounts.length === 0 ? undefined : { records, failedCounts };
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

  /** Inserts `ex` where it belongs; whether it entered a list. */
  #place(ex: Exemplar): boolean {
    const n = this.#perName;
    const l = this.#listsOf(ex.name);
    let placed = false;
    const slowest = l.slowest;
    if (slowest.length < n || ex.timings.duration > slowest[slowest.length - 1].timings.duration) {
      let i = slowest.length;
      while (i > 0 && slowest[i - 1].timings.duration < ex.timings.duration) i--;
      slowest.splice(i, 0, ex);
      if (slowest.length > n) slowest.pop();
      placed = true;
    }
    if (ex.failed && ex.sampleKey !== undefined) {
      const failed = l.failed;
      if (failed.length < n || ex.sampleKey < failed[failed.length - 1].sampleKey!) {
        let i = failed.length;
        while (i > 0 && failed[i - 1].sampleKey! > ex.sampleKey) i--;
        failed.splice(i, 0, ex);
        if (failed.length > n) failed.pop();
        placed = true;
      }
    }
    return placed;
  }

  #listNameOf(name: string): string {
    return this.#lists.has(name) || this.#lists.size < this.#maxNames ? name : OTHER_NAMES;
  }

  #listsOf(name: string): Lists {
    let l = this.#lists.get(name);
    if (l !== undefined) return l;
    if (this.#lists.size >= this.#maxNames) {
      this.#namesCapped = true;
      name = OTHER_NAMES;
      l = this.#lists.get(name);
      if (l !== undefined) return l;
    }
    l = { slowest: [], failed: [], failedSeen: 0, failedSinceDelta: 0 };
    this.#lists.set(name, l);
    return l;
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

/** The `limit` slowest exemplars of `report` across names, slowest first: the points a latency chart marks. */
export function slowestAcross(report: ExemplarReport, limit: number): Exemplar[] {
  const all: Exemplar[] = [];
  for (const g of report.groups) for (const ex of g.slowest) all.push(ex);
  return all.sort((a, b) => b.timings.duration - a.timings.duration).slice(0, limit);
}
