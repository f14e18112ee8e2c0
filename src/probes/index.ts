/**
 * probes/: service probes (issue #16) — Redis commands, INFO fields and
 * BullMQ queue counts, PostgreSQL queries, Prometheus instant queries and
 * any HTTP endpoint, sampled on the run's clock into the sample pipe as
 * `probe_<name>` gauges, with drain conditions after the load. Knows
 * nothing of VUs; run/ drives it.
 */
export type { ProbeSpec, ProbeSourceSpec, ProbeReading, ProbeSource, DrainSpec } from './types.ts';
export { probeSpecsFrom, probeSpecFromFlag, probeEveryFromFlag, mergeProbeSpecs, PROBE_DEFAULT_EVERY } from './spec.ts';
export { parseDrainCondition } from './drain-condition.ts';
export { ProbeRunner, probeMetricNames, probeMetric, drainMetric, PROBE_ERRORS, type DrainOutcome, type ProbeRunnerDeps } from './sampler.ts';
