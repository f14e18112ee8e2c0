/**
 * Runs one VU's iterations for one scenario: claim an iteration, call the
 * exec function with setup data, record `iterations` and
 * `iteration_duration`, repeat until the loop spec, a stop or the deadline
 * says no. A script exception ends that iteration only.
 */
import type { ScenarioRun } from '../workers/protocol.ts';
import type { Vu } from './vu.ts';
import { TestAbortError } from './modules/index.ts';

export interface LoopHooks {
  /** a script exception in an iteration (already not an abort) */
  onIterationError(vu: Vu, err: unknown): void;
  /** exec.test.abort() was called */
  onAbort(reason: string): void;
}

/** Per-VU stop flag set by stop-vus or the scenario deadline. */
export interface LoopControl {
  stopRequested: boolean;
}

/** Resolves when the VU has no more iterations to run in this scenario. */
export async function runIterations(vu: Vu, run: ScenarioRun, setupData: unknown, control: LoopControl, hooks: LoopHooks): Promise<void> {
  const fn = vu.exports[run.exec];
  if (typeof fn !== 'function') {
    hooks.onIterationError(vu, new Error(`the scenario "${run.name}" runs exec function "${run.exec}", which the script does not export`));
    return;
  }
  const shared = run.loop.kind === 'shared' ? new Int32Array(run.loop.counter) : undefined;
  let ownIteration = 0;
  while (!control.stopRequested && Date.now() < run.deadline) {
    let iterationInTest = ownIteration;
    if (run.loop.kind === 'per-vu') {
      if (ownIteration >= run.loop.iterations) break;
    } else if (shared && run.loop.kind === 'shared') {
      iterationInTest = Atomics.add(shared, 0, 1);
      if (iterationInTest >= run.loop.total) break;
    }
    vu.state.iteration = ownIteration;
    vu.counters.iterationInScenario = ownIteration;
    vu.counters.scenarioIterationInTest = iterationInTest;
    vu.state.groupPath = '';
    const start = performance.now();
    let ok = true;
    try {
      await (fn as (data: unknown) => unknown)(setupData);
    } catch (err) {
      ok = false;
      if (err instanceof TestAbortError) {
        hooks.onAbort(err.reason);
        return;
      }
      hooks.onIterationError(vu, err);
    }
    const tags = vu.state.tags;
    vu.runtime.samples.add('iteration_duration', { ...tags, group: '' }, performance.now() - start);
    vu.runtime.samples.add('iterations', { ...tags, group: '' }, 1);
    if (!ok) vu.runtime.samples.add('script_errors', { ...tags, group: '' }, 1);
    ownIteration++;
    vu.counters.iterationInInstance++;
    vu.counters.instance.iterationsCompleted++;
    // Let timers and I/O of other VUs run even if the exec function never awaited.
    if (ownIteration % 64 === 0) await new Promise<void>((r) => setImmediate(r));
  }
}
