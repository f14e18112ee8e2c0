/** Executor registry: k6's executor name → implementation. */
import type { Executor } from '../executor.ts';
import { SharedIterationsExecutor, PerVuIterationsExecutor } from './iterations.ts';
import { ConstantVusExecutor } from './constant-vus.ts';
import { RampingVusExecutor } from './ramping-vus.ts';
import { ArrivalRateExecutor } from './arrival-rate.ts';
import { ExternallyControlledExecutor } from './externally-controlled.ts';

export const EXECUTORS: Readonly<Record<string, Executor>> = {
  'shared-iterations': SharedIterationsExecutor,
  'per-vu-iterations': PerVuIterationsExecutor,
  'constant-vus': ConstantVusExecutor,
  'ramping-vus': RampingVusExecutor,
  'constant-arrival-rate': ArrivalRateExecutor,
  'ramping-arrival-rate': ArrivalRateExecutor,
  'externally-controlled': ExternallyControlledExecutor,
};
