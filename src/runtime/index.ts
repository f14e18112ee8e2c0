/**
 * runtime/: everything that runs INSIDE a worker thread — VUs, the iteration
 * loop, and the k6/* modules. Never imports main-thread code (execution/,
 * outputs/, cli/); talks to the main thread through workers/protocol.ts.
 */
export { WorkerRuntime } from './worker-runtime.ts';
export { BUILTIN_METRICS, DEFAULT_SYSTEM_TAGS } from './builtin-metrics.ts';
