/**
 * Watches whether this worker itself was the bottleneck: how late its event
 * loop ran (a late loop starts requests and reads responses late, so the
 * latencies it reports understate the real ones) and how busy the process
 * was. A 10 ms timer measures its own lateness; the lateness still pending
 * when the report is taken counts too, so a script that never yields (a
 * CPU-bound loop) is caught even though the timer never got to run.
 */
import { Histogram } from '../metrics/index.ts';

export interface LoadReport {
  /** event-loop lateness, ms */
  p99DelayMs: number;
  maxDelayMs: number;
  /** CPU time of the process over wall time while watched, 0..cores (1 = one core busy) */
  cpuShare: number;
}

const PERIOD_MS = 10;

export class LoadWatch {
  readonly #lateness = new Histogram();
  #timer: NodeJS.Timeout | undefined;
  #expected = 0;
  #startedAt = 0;
  #cpuAtStart: NodeJS.CpuUsage = { user: 0, system: 0 };

  start(): void {
    this.#lateness.reset();
    this.#startedAt = performance.now();
    this.#cpuAtStart = process.cpuUsage();
    this.#arm();
  }

  #arm(): void {
    this.#expected = performance.now() + PERIOD_MS;
    this.#timer = setTimeout(() => {
      this.#lateness.add(Math.max(0, performance.now() - this.#expected));
      this.#arm();
    }, PERIOD_MS);
    this.#timer.unref();
  }

  report(): LoadReport {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = performance.now() - this.#expected;
    if (pending > 0) this.#lateness.add(pending);
    const wallMs = Math.max(1, performance.now() - this.#startedAt);
    const cpu = process.cpuUsage(this.#cpuAtStart);
    const empty = this.#lateness.count === 0;
    return {
      p99DelayMs: empty ? 0 : this.#lateness.percentile(99),
      maxDelayMs: empty ? 0 : this.#lateness.max,
      cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    };
  }
}
