/**
 * execution/: main-thread scheduling — which VU runs when, for every
 * scenario — over VUs that live in worker threads. Never imports runtime/
 * or http/; talks to workers through workers/.
 */
export { Scheduler } from './scheduler.ts';
export { VuPool, type VusByScenario } from './vu-pool.ts';
export { EXECUTORS, runnerOf } from './executors/index.ts';
export type { Executor, ExecutorContext, ExecutorPool, Scaler } from './executor.ts';
export { ControlError } from './control-error.ts';
export { warmUpIterations, peakRatePerWorker, FIRST_REQUEST_WARM_UP } from './warm-up-plan.ts';
