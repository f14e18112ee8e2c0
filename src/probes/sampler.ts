/**
 * Samples the probes on the run's clock and feeds the one sample pipe:
 * each reading becomes a `probe_<name>` gauge sample (a probe's several
 * series told apart by their tags), a failed read a `probe_errors{probe}`
 * count and one warning per probe until it answers again. A probe is read
 * once before setup(), every `every` while the load runs (a read still
 * pending skips its tick, so a slow server is never asked twice at once),
 * once after the last iteration, and, with `drain`, until its condition
 * holds or its timeout passes: `probe_<name>_drain` records the ms from the
 * end of the load (tagged drained:false when the timeout came first) — or,
 * with `drain.after`, from the end of that chaos fault's window, during the
 * load; run/ then reads every probe once more, the state after the drain.
 * Probes run on the main thread with their own connections: VUs never wait
 * for them.
 */
import { Batcher, type MetricBatch } from '../metrics/index.ts';
import { formatShortMs, redactSecrets, sleepMs } from '../lib/index.ts';
import { parseDrainCondition } from './drain-condition.ts';
import { openProbeSource } from './sources/index.ts';
import type { ProbeReading, ProbeSource, ProbeSpec } from './types.ts';

export const PROBE_ERRORS = 'probe_errors';
export const probeMetric = (name: string): string => `probe_${name}`;
export const drainMetric = (name: string): string => `probe_${name}_drain`;

/** Every metric the probes may emit: thresholds on them are not "unknown metrics". */
export function probeMetricNames(specs: readonly ProbeSpec[]): string[] {
  return [PROBE_ERRORS, ...specs.flatMap((s) => (s.drain ? [probeMetric(s.name), drainMetric(s.name)] : [probeMetric(s.name)]))];
}

export interface ProbeRunnerDeps {
  /** a batch of probe samples for the store, the outputs and the timeline */
  emit(batch: MetricBatch): void;
  warn(line: string): void;
  info(line: string): void;
  /** keep raw points (an output needs them) */
  keepPoints: boolean;
  /** opens a source (tests may count opens); default: the real clients */
  open?: (spec: ProbeSpec) => Promise<ProbeSource>;
}

/** How a drain ended, for the summary. */
export interface DrainOutcome {
  probe: string;
  drained: boolean;
  ms: number;
}

class Probe {
  source: ProbeSource | undefined;
  pending: Promise<void> | undefined;
  failing = false;
  lastCause: string | undefined;
  /** the sum of the probe's series at its last read */
  lastValue: number | undefined;
  timer: NodeJS.Timeout | undefined;
  /** with `drain.after`: when that fault's window ended (wall-clock ms), while its drain is pending */
  drainFrom: number | undefined;
  /** the drain was recorded (drained or timed out) */
  drainSettled = false;
  /** how it was recorded: the condition held (true) or the timeout came first */
  drained = false;
  readonly spec: ProbeSpec;
  /** the drain condition, parsed once (spec.ts checked it) */
  readonly holds: ((value: number) => boolean) | undefined;

  constructor(spec: ProbeSpec) {
    this.spec = spec;
    const holds = spec.drain ? parseDrainCondition(spec.drain.until) : undefined;
    if (typeof holds === 'string') throw new Error(holds);
    this.holds = holds;
  }
}

export class ProbeRunner {
  readonly #probes: Probe[];
  readonly #deps: ProbeRunnerDeps;
  readonly #batcher: Batcher;
  readonly #open: (spec: ProbeSpec) => Promise<ProbeSource>;
  #closed = false;

  constructor(specs: readonly ProbeSpec[], deps: ProbeRunnerDeps) {
    this.#probes = specs.map((s) => new Probe(s));
    this.#deps = deps;
    this.#open = deps.open ?? openProbeSource;
    this.#batcher = new Batcher({ keepPoints: deps.keepPoints });
    this.#batcher.define({ name: PROBE_ERRORS, type: 'counter', contains: 'default' });
    for (const s of specs) {
      this.#batcher.define({ name: probeMetric(s.name), type: 'gauge', contains: 'default' });
      if (s.drain) this.#batcher.define({ name: drainMetric(s.name), type: 'gauge', contains: 'time' });
    }
  }

  get size(): number {
    return this.#probes.length;
  }

  /**
   * The first read of every probe (before setup), connecting each first.
   * Returns the probes that could not be read, with the cause; each was
   * warned about and counted, and is tried again at its next read.
   */
  async firstRead(): Promise<{ probe: string; cause: string }[]> {
    const failed: { probe: string; cause: string }[] = [];
    await Promise.all(this.#probes.map(async (p) => {
      await this.#sample(p);
      if (p.failing) failed.push({ probe: p.spec.name, cause: p.lastCause ?? 'unknown' });
    }));
    this.#flush();
    return failed;
  }

  /** One read of every probe, now (before setup, after the last iteration). */
  async sampleAll(): Promise<void> {
    await Promise.all(this.#probes.map((p) => this.#sample(p)));
    this.#flush();
  }

  /** Reads every probe every `every` until stop(). */
  start(): void {
    for (const p of this.#probes) {
      p.timer = setInterval(() => { void this.#sample(p).then(() => this.#flush()); }, p.spec.everyMs);
      p.timer.unref();
    }
  }

  /** Stops the periodic reads and waits for the ones in flight. */
  async stop(): Promise<void> {
    for (const p of this.#probes) clearInterval(p.timer);
    await Promise.all(this.#probes.map((p) => p.pending));
    this.#flush();
  }

  /**
   * After the load (`loadEndedAt`): keeps reading each probe that has a
   * drain condition until it holds or its timeout passes, or `signal`
   * aborts (Ctrl-C). Resolves with each drain's outcome.
   */
  async drain(loadEndedAt: number, signal?: AbortSignal): Promise<DrainOutcome[]> {
    const draining = this.#probes.filter((p) => p.spec.drain && !p.drainSettled);
    const outcomes = await Promise.all(draining.map((p) => {
      const after = p.spec.drain!.after;
      if (after === undefined) return this.#drainOne(p, loadEndedAt, 'the end of the load', signal);
      // timed from its fault's end: still pending, it goes on after the load, to its own deadline
      if (p.drainFrom !== undefined) return this.#drainOne(p, p.drainFrom, `the end of ${after}`, signal);
      this.#deps.warn(`probe ${p.spec.name}: its drain follows fault ${after}, whose window never ended during the run; no drain recorded`);
      return undefined;
    }));
    this.#flush();
    return outcomes.filter((o) => o !== undefined);
  }

  /**
   * A chaos fault's window ended (wall-clock ms): the drains tied to it
   * (`drain.after`) are timed from now, checked at every read during the
   * load and, if still pending when it ends, by drain().
   */
  faultEnded(fault: string, atMs: number): void {
    for (const p of this.#probes) {
      if (p.spec.drain?.after !== fault || p.drainSettled) continue;
      p.drainFrom = atMs;
      const drain = p.spec.drain;
      const timer = setTimeout(() => {
        if (p.drainSettled || p.drainFrom === undefined) return;
        this.#settleDrain(p, false, Date.now() - atMs, `did not reach ${drain.until} within ${formatShortMs(drain.timeoutMs)} of the end of ${fault} (last value ${p.lastValue ?? 'unknown'})`);
        this.#flush();
      }, drain.timeoutMs);
      timer.unref();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#probes) clearInterval(p.timer);
    await Promise.all(this.#probes.map(async (p) => {
      await p.pending?.catch(() => {});
      await p.source?.close().catch(() => {});
    }));
  }

  /** Reads `p` until its drain condition holds or its timeout (counted from `from`, wall-clock ms) passes. */
  async #drainOne(p: Probe, from: number, fromWhat: string, signal?: AbortSignal): Promise<DrainOutcome> {
    const drain = p.spec.drain!;
    const name = p.spec.name;
    const deadline = from + drain.timeoutMs;
    for (;;) {
      // a drain tied to a fault may settle at a read of this loop (#read) or at its own deadline
      if (p.drainSettled) return { probe: name, drained: p.drained, ms: Math.max(0, Date.now() - from) };
      if (p.lastValue !== undefined && p.holds!(p.lastValue)) {
        const ms = Math.max(0, Date.now() - from);
        this.#settleDrain(p, true, ms, `${drain.until} after ${formatShortMs(ms)} from ${fromWhat}`);
        return { probe: name, drained: true, ms };
      }
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) {
        const ms = Math.max(0, Date.now() - from);
        this.#settleDrain(p, false, ms, signal?.aborted
          ? `drain interrupted ${formatShortMs(ms)} after ${fromWhat}, before ${drain.until} (last value ${p.lastValue ?? 'unknown'})`
          : `did not reach ${drain.until} within ${formatShortMs(drain.timeoutMs)} of ${fromWhat} (last value ${p.lastValue ?? 'unknown'})`);
        return { probe: name, drained: false, ms };
      }
      await sleepMs(Math.min(p.spec.everyMs, left), signal);
      await this.#sample(p);
      this.#flush();
    }
  }

  /** Records a drain's outcome once: `probe_<name>_drain` (tagged drained and, tied to a fault, after), and a log line. */
  #settleDrain(p: Probe, drained: boolean, ms: number, what: string): void {
    if (p.drainSettled) return;
    p.drainSettled = true;
    p.drained = drained;
    const name = p.spec.name;
    const after = p.spec.drain?.after;
    this.#batcher.add(drainMetric(name), { probe: name, drained: String(drained), ...(after ? { after } : {}) }, ms);
    if (drained) this.#deps.info(`probe ${name}: ${what}`);
    else this.#deps.warn(`probe ${name}: ${what}`);
  }

  async #connect(p: Probe): Promise<string | undefined> {
    try {
      p.source = await this.#open(p.spec);
      return undefined;
    } catch (err) {
      return this.#failed(p, err);
    }
  }

  /** One read of `p`, unless one is still pending. */
  #sample(p: Probe): Promise<void> {
    if (this.#closed) return Promise.resolve();
    p.pending ??= this.#read(p).finally(() => { p.pending = undefined; });
    return p.pending;
  }

  async #read(p: Probe): Promise<void> {
    if (!p.source && (await this.#connect(p)) !== undefined) return;
    let readings: ProbeReading[];
    try {
      readings = await p.source!.read(AbortSignal.timeout(p.spec.timeoutMs));
    } catch (err) {
      this.#failed(p, err);
      return;
    }
    const now = Date.now();
    let sum = 0;
    for (const r of readings) {
      this.#batcher.add(probeMetric(p.spec.name), r.tags ?? {}, r.value, now);
      sum += r.value;
    }
    p.lastValue = sum;
    // a drain tied to a fault's end settles at the first read that meets it, during the load too
    if (p.drainFrom !== undefined && !p.drainSettled && p.holds!(sum)) {
      const ms = Math.max(0, now - p.drainFrom);
      this.#settleDrain(p, true, ms, `${p.spec.drain!.until} after ${formatShortMs(ms)} from the end of ${p.spec.drain!.after}`);
    }
    if (p.failing) {
      p.failing = false;
      this.#deps.info(`probe ${p.spec.name} answers again`);
    }
  }

  /** Counts the error; warns on the first of a run of failures. Returns the cause. */
  #failed(p: Probe, err: unknown): string {
    const cause = redactSecrets(err instanceof Error && err.name === 'TimeoutError'
      ? `no answer within ${formatShortMs(p.spec.timeoutMs)}`
      : err instanceof Error ? err.message : String(err));
    p.lastCause = cause;
    this.#batcher.add(PROBE_ERRORS, { probe: p.spec.name }, 1);
    if (!p.failing) {
      p.failing = true;
      this.#deps.warn(`probe ${p.spec.name}: ${cause}; the run goes on (probe_errors counts each failed read)`);
    }
    return cause;
  }

  #flush(): void {
    const batch = this.#batcher.cut();
    if (batch) this.#deps.emit(batch);
  }
}

