/**
 * Runs a VU's iterations for one scenario. `runIteration` is one iteration:
 * call the exec function with setup data and record `iterations`,
 * `iteration_duration` and zero data_sent/data_received (a script exception
 * ends that iteration only).
 * `runIterations` is the closed-model loop: claim an iteration, run it,
 * repeat until the loop spec, a stop or the deadline says no. Arrival-rate
 * scenarios call `runIteration` from their own schedule (arrival-driver.ts).
 */
import type { ScenarioRun } from '../workers/protocol.ts';
import type { Vu } from './vu.ts';
import { TestAbortError } from './modules/index.ts';
import { sleepMs } from '../lib/index.ts';
import { rootGroupTags } from './iteration-tags.ts';
import { stripedIndex } from '../config/execution-segment.ts';

export interface LoopHooks {
  /** a script exception in an iteration (already not an abort) */
  onIterationError(vu: Vu, err: unknown): void;
  /** exec.test.abort() was called */
  onAbort(reason: string): void;
  /** while the test is paused, a promise that resolves on resume; else undefined (no await on the hot path) */
  pauseWait(): Promise<void> | undefined;
}

/** Per-VU stop flag set by stop-vus or the scenario deadline. */
export interface LoopControl {
  stopRequested: boolean;
}

export type ExecFunction = (data: unknown) => unknown;

/** The scenario's exec function on this VU, or undefined (reported through hooks) when missing. */
export function execFunction(vu: Vu, run: ScenarioRun, hooks: LoopHooks): ExecFunction | undefined {
  const fn = vu.exports[run.exec];
  if (typeof fn === 'function') return fn as ExecFunction;
  hooks.onIterationError(vu, new Error(`the scenario "${run.name}" runs exec function "${run.exec}", which the script does not export`));
  return undefined;
}

/**
 * k6's `vu` and `iter` system tags (off by default): when enabled, every
 * sample of the iteration carries them. VU tags are replaced, not mutated.
 */
function tagVuAndIteration(vu: Vu, iteration: number): void {
  const system = vu.runtime.systemTags;
  if (!system.has('vu') && !system.has('iter')) return;
  const tags: Record<string, string> = { ...vu.state.tags };
  if (system.has('vu')) tags.vu = String(vu.state.id);
  if (system.has('iter')) tags.iter = String(iteration);
  vu.state.tags = tags;
}

/**
 * Runs one iteration. `iterationInTest` is the scenario-wide iteration
 * number (exec.scenario.iterationInTest). Resolves false when the script
 * aborted the test. With minIterationDuration, an iteration that ended
 * sooner resolves only once that long has passed since it started (k6: the
 * VU sleeps the rest; `iteration_duration` is the iteration's own time,
 * without the wait); the wait ends early when the VU is interrupted or
 * `control` asks it to stop. Hot path: promise callbacks rather than an
 * async frame (its generator and registers were ~1 KB of garbage per
 * iteration).
 */
export function runIteration(vu: Vu, fn: ExecFunction, setupData: unknown, iterationInTest: number, hooks: LoopHooks, control?: LoopControl): Promise<boolean> {
  const minMs = vu.runtime.options.minIterationDurationMs;
  if (!(minMs > 0)) return runOne(vu, fn, setupData, iterationInTest, hooks);
  const until = performance.now() + minMs;
  return runOne(vu, fn, setupData, iterationInTest, hooks).then((goOn) => (goOn ? padIteration(vu, until, control) : false));
}

/** How often a padding wait looks at the stop flag of a closed-model VU. */
const STOP_POLL_MS = 50;

/** Waits until `until` (performance.now() time); always resolves true. */
async function padIteration(vu: Vu, until: number, control: LoopControl | undefined): Promise<boolean> {
  const signal = vu.stopController.signal;
  for (;;) {
    const rest = until - performance.now();
    if (rest <= 0 || signal.aborted || control?.stopRequested) return true;
    await sleepMs(control ? Math.min(rest, STOP_POLL_MS) : rest, signal);
  }
}

function runOne(vu: Vu, fn: ExecFunction, setupData: unknown, iterationInTest: number, hooks: LoopHooks): Promise<boolean> {
  const own = vu.counters.iterationInScenario;
  vu.state.iteration = own;
  vu.counters.scenarioIterationInTest = iterationInTest;
  vu.state.groupPath = '';
  tagVuAndIteration(vu, own);
  const start = performance.now();
  let returned: unknown;
  try {
    returned = fn(setupData);
  } catch (err) {
    return Promise.resolve(endIteration(vu, own, start, hooks, err));
  }
  return Promise.resolve(returned).then(() => {
    // k6 ends an iteration once its event loop is empty: sockets closed, timers fired.
    const pending = vu.loop.idle();
    if (pending === undefined) return endIteration(vu, own, start, hooks, NO_ERROR);
    return pending.then(() => endIteration(vu, own, start, hooks, NO_ERROR), (err: unknown) => endIteration(vu, own, start, hooks, err));
  }, (err: unknown) => endIteration(vu, own, start, hooks, err));
}

/**
 * k6 emits data_sent and data_received after every iteration, 0 when nothing
 * went over the wire, so thresholds on them evaluate in a script without
 * network calls; the protocols add their own bytes with their own tags.
 * A sum of zeros is the same however often it is added, so a VU adds them on
 * its first iteration in a scenario only: the hot path (measured: ~5 % of a
 * closed loop's requests when added every iteration) pays nothing after that.
 * Raw-point outputs see one zero point per VU and scenario, not per iteration.
 */
const DATA_METRICS: readonly string[] = Object.freeze(['data_sent', 'data_received']);
const NO_DATA: readonly number[] = Object.freeze([0, 0]);

/** `endIteration`'s "the iteration threw nothing" (a script may throw undefined). */
const NO_ERROR = Symbol('no error');

/** Records a finished iteration (`error`: what it threw, or NO_ERROR); false when it aborted the test. */
function endIteration(vu: Vu, own: number, start: number, hooks: LoopHooks, error: unknown): boolean {
  const ok = error === NO_ERROR;
  vu.iterationEnded();
  if (!ok) {
    if (error instanceof TestAbortError) {
      hooks.onAbort(error.reason);
      return false;
    }
    hooks.onIterationError(vu, error);
  }
  const tags = rootGroupTags(vu.state.tags);
  vu.runtime.samples.add('iteration_duration', tags, performance.now() - start);
  vu.runtime.samples.add('iterations', tags, 1);
  if (own === 0) vu.runtime.samples.addAll(DATA_METRICS, tags, NO_DATA);
  if (!ok) vu.runtime.samples.add('script_errors', tags, 1);
  vu.counters.iterationInScenario = own + 1;
  vu.counters.iterationInInstance++;
  vu.counters.instance.iterationsCompleted++;
  return true;
}

/**
 * Claims the scenario's next iteration number (exec.scenario.iterationInTest)
 * from the counter every VU of every worker shares: one Atomics.add.
 */
export function claimIteration(counter: Uint32Array): number {
  return Atomics.add(counter, 0, 1);
}

/** Resolves when the VU has no more iterations to run in this scenario. */
export async function runIterations(vu: Vu, run: ScenarioRun, setupData: unknown, control: LoopControl, hooks: LoopHooks): Promise<void> {
  const fn = execFunction(vu, run, hooks);
  if (!fn) return;
  const counter = new Uint32Array(run.iterationCounter);
  const loop = run.loop;
  const stripe = run.iterationStripe;
  let ownIteration = 0;
  while (!control.stopRequested && Date.now() < run.deadline) {
    const paused = hooks.pauseWait();
    if (paused) {
      await paused;
      if (control.stopRequested || Date.now() >= run.deadline) break;
    }
    if (loop.kind === 'per-vu' && ownIteration >= loop.iterations) break;
    // numbers are claimed only by iterations that start, so the scenario's are 0..N-1 across VUs and workers
    const claimed = claimIteration(counter);
    if (loop.kind === 'shared' && claimed >= loop.total) break;
    const iterationInTest = stripe === undefined ? claimed : stripedIndex(stripe, claimed);
    if (!(await runIteration(vu, fn, setupData, iterationInTest, hooks, control))) return;
    ownIteration++;
    // Let timers and I/O of other VUs run even if the exec function never awaited.
    if (ownIteration % 64 === 0) await new Promise<void>((r) => setImmediate(r));
  }
}
