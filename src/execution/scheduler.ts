/**
 * Runs every scenario concurrently, each after its startTime, and resolves
 * when all are done. `stop()` asks every scenario to stop gracefully.
 */
import type { ScenarioConfig } from '../config/options.ts';
import { StampedeError, ExitCode } from '../errors/index.ts';
import type { VuPool } from './vu-pool.ts';
import { EXECUTORS } from './executors/index.ts';

export class Scheduler {
  readonly #pool: VuPool;
  readonly #stop = new AbortController();

  constructor(pool: VuPool) {
    this.#pool = pool;
  }

  /** Throws before starting anything if a scenario's executor is not implemented. */
  static check(scenarios: ScenarioConfig[]): void {
    for (const s of scenarios) {
      if (!EXECUTORS[s.executor]) {
        throw new StampedeError('E_EXECUTOR_UNSUPPORTED', `scenarios.${s.name}.executor: "${s.executor}" is not supported yet`, {
          exitCode: ExitCode.invalidConfig,
          hint: `supported now: ${Object.keys(EXECUTORS).join(', ')}`,
        });
      }
    }
  }

  async run(scenarios: ScenarioConfig[], setupData: unknown, testStart: number): Promise<void> {
    await Promise.all(scenarios.map((s) => this.#runOne(s, setupData, testStart)));
  }

  stop(): void {
    this.#stop.abort();
  }

  get stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  async #runOne(s: ScenarioConfig, setupData: unknown, testStart: number): Promise<void> {
    const startAt = testStart + s.startTimeMs;
    const wait = startAt - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.#stop.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
    }
    if (this.#stop.signal.aborted) return;
    await EXECUTORS[s.executor].run({ scenario: s, pool: this.#pool, setupData, startedAt: Date.now(), signal: this.#stop.signal });
  }
}
