/**
 * chaos/: chaos drills on the run's clock (issue #17) — the fault proxy
 * (TCP, with Toxiproxy's toxics, and HTTP faults), the plan read from
 * options.proxies and options.chaos, the runner that opens and closes each
 * fault window, tags the samples inside it and measures how long the load
 * took to recover. Knows nothing of VUs; run/ drives it.
 */
export type { FaultProxy, ProxySpec, ToxicSpec, ToxicStream, ToxicType, HttpFaultSpec, ProxyStats } from './types.ts';
export { chaosPlanFrom, DEFAULT_RECOVERY, type ChaosPlan, type FaultSpec, type FaultAction, type RecoverySpec } from './spec.ts';
export { ChaosRunner, CHAOS_METRICS, CHAOS_FAULT, RECOVERY_TIME, describeFault, type ChaosRunnerDeps } from './runner.ts';
export { RecoveryTracker, BASELINE_MS, type FaultReport, type LoadStretch } from './recovery.ts';
export { startFaultProxy } from './start-proxy.ts';
export { ProxyRegistry } from './registry.ts';
export { startToxiproxyApi, type ToxiproxyApi } from './toxiproxy-api.ts';
