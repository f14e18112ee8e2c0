/**
 * outputs/: where samples go besides the summary. The Output interface and
 * the contract every output keeps (contract.test.ts), the `--out` / K6_OUT
 * spec parser, the fan-out set run/test-run.ts feeds, the one reader of
 * output settings (settings.ts), the one write classifier (classify.ts) and
 * the push queue network outputs share, and one folder per output (json,
 * csv, influxdb, prometheus-rw, opentelemetry, statsd), each loaded only
 * when asked for. Reads metrics/ only; runs on the main thread.
 */
export type { Output, OutputBatch, OutputContext, OutputFactory, OutputSpec, OutputStats } from './types.ts';
export { OutputSet, type OutputReport } from './output-set.ts';
export { outputSpecs, parseOutputSpec } from './specs.ts';
export { OUTPUT_NAMES } from './registry.ts';
export { PushQueue, type PushQueueOptions } from './push-queue.ts';
export { classify, RefusedBatchError, type Verdict } from './classify.ts';
