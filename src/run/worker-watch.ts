/**
 * The one place a run learns that a VU worker is gone or stuck.
 *
 * - A worker that dies (out of memory, a crash, process.exit) is reported at
 *   once with the VUs it held; `onLoss` lets the run stop or go on.
 * - A worker whose event loop stops beating (a script in an endless loop) is
 *   reported after STUCK_WARN_MS, and terminated once the test should have
 *   ended (scenario end + gracefulStop, or a stop's deadline): its running
 *   iterations count as interrupted, as k6 interrupts them, and the run ends
 *   with what every other worker measured.
 */
import type { WorkerHost, WorkerDeath } from '../workers/index.ts';
import type { VuPool, VusByScenario } from '../execution/index.ts';
import type { RunLog } from './run-log.ts';

/** How often heartbeats are read. */
const TICK_MS = 250;
/** A worker silent this long is reported (once): it may be in an endless loop. */
export const STUCK_WARN_MS = 5000;
/** Past the test's end, a worker silent this long is terminated. */
export const STUCK_KILL_MS = 1000;

export interface WorkerLoss {
  death: WorkerDeath;
  /** the VUs it held when it died, by scenario */
  vus: Map<string, number[]>;
}

export class WorkerWatch {
  readonly #workers: readonly WorkerHost[];
  readonly #log: RunLog;
  #pool?: VuPool;
  #timer?: NodeJS.Timeout;
  /** epoch ms by which every VU should be done: after it, silent workers are terminated */
  #endBy = Infinity;
  readonly #warned = new Set<WorkerHost>();
  readonly #watched = new Set<WorkerHost>();
  /** workers that died on their own (not terminated by us at the end) */
  readonly losses: WorkerLoss[] = [];
  #onLoss?: (loss: WorkerLoss) => void;

  constructor(workers: readonly WorkerHost[], log: RunLog) {
    this.#workers = workers;
    this.#log = log;
    this.watchNew();
  }

  /** Starts watching workers added since (the list given to the constructor may grow). */
  watchNew(): void {
    for (const w of this.#workers) {
      if (this.#watched.has(w)) continue;
      this.#watched.add(w);
      w.onDeath((death) => this.#died(w, death));
    }
  }

  /** From here on, a dead worker's VUs are released in the pool and listed in the report. */
  attach(pool: VuPool, onLoss: (loss: WorkerLoss) => void): void {
    this.#pool = pool;
    this.#onLoss = onLoss;
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  /** Every VU should be done by `epochMs` (the earliest deadline given wins). */
  endBy(epochMs: number): void {
    this.#endBy = Math.min(this.#endBy, epochMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The workers still alive, in index order. */
  get alive(): WorkerHost[] {
    return this.#workers.filter((w) => w.alive);
  }

  #tick(): void {
    const now = Date.now();
    for (const w of this.#workers) {
      if (!w.alive) continue;
      const silent = w.silentForMs(now);
      if (silent >= STUCK_WARN_MS && !this.#warned.has(w)) {
        this.#warned.add(w);
        this.#log.warn(`VU worker ${w.index} has not come back to its event loop for ${Math.round(silent / 1000)} s: `
          + `a script may be in an endless loop${this.#heldText(w)}; it is stopped when the test ends (gracefulStop)`);
      }
      if (now >= this.#endBy && silent >= STUCK_KILL_MS) {
        void w.kill('unresponsive', `had not come back to its event loop for ${Math.round(silent / 1000)} s when the test had to end (an endless loop in an iteration?): terminated it`);
      }
    }
  }

  #died(w: WorkerHost, death: WorkerDeath): void {
    const vus = this.#pool?.release(w) ?? new Map<string, number[]>();
    const held = describeVus(vus);
    if (death.cause === 'unresponsive') {
      this.#log.warn(`VU worker ${w.index} ${death.message}${held ? `; ${held} interrupted` : ''}`);
      return;
    }
    const loss = { death, vus };
    this.losses.push(loss);
    this.#log.error(`VU worker ${w.index} ${death.message}${held ? `: ${held} stopped` : ''}`);
    this.#onLoss?.(loss);
  }

  #heldText(w: WorkerHost): string {
    const vus = this.#pool?.heldBy(w);
    const text = vus ? describeVus(vus) : '';
    return text ? ` (${text})` : '';
  }
}

/** "VUs 1–3, 7 of scenario default; VU 4 of scenario api" */
export function describeVus(vus: VusByScenario): string {
  const parts: string[] = [];
  for (const [scenario, ids] of vus) {
    if (ids.length === 0) continue;
    parts.push(`${ids.length === 1 ? 'VU' : 'VUs'} ${idRanges(ids)} of scenario ${scenario}`);
  }
  return parts.join('; ');
}

/** [1, 2, 3, 7] → "1–3, 7" */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i];
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
    out.push(sorted[i] === from ? String(from) : `${from}–${sorted[i]}`);
  }
  return out.join(', ');
}
