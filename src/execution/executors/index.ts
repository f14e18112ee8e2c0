/**
 * Executor runners: k6's executor name → the runner that starts and stops
 * its VUs (one file each). Typed over every executor name, so an executor
 * without a runner fails tsc; what each executor plans is its definition's
 * (config/executors/).
 */
import type { ExecutorName, ScenarioConfig, ScenarioConfigOf } from '../../config/index.ts';
import type { Executor } from '../executor.ts';
import { SharedIterationsExecutor } from './shared-iterations.ts';
import { PerVuIterationsExecutor } from './per-vu-iterations.ts';
import { ConstantVusExecutor } from './constant-vus.ts';
import { RampingVusExecutor } from './ramping-vus.ts';
import { ConstantArrivalRateExecutor } from './constant-arrival-rate.ts';
import { RampingArrivalRateExecutor } from './ramping-arrival-rate.ts';
import { ExternallyControlledExecutor } from './externally-controlled.ts';

export const EXECUTORS: { readonly [E in ExecutorName]: Executor<ScenarioConfigOf<E>> } = {
  'shared-iterations': SharedIterationsExecutor,
  'per-vu-iterations': PerVuIterationsExecutor,
  'constant-vus': ConstantVusExecutor,
  'ramping-vus': RampingVusExecutor,
  'constant-arrival-rate': ConstantArrivalRateExecutor,
  'ramping-arrival-rate': RampingArrivalRateExecutor,
  'externally-controlled': ExternallyControlledExecutor,
};

/** The runner of a scenario's executor, or undefined for a name Stampede does not run. */
export function runnerOf(s: ScenarioConfig): Executor | undefined {
  // each runner takes its own executor's config, which is the union's member for this name
  return Object.hasOwn(EXECUTORS, s.executor) ? (EXECUTORS[s.executor] as Executor) : undefined;
}
