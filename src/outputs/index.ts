/**
 * outputs/: where samples go besides the summary. The Output interface,
 * the `--out` / K6_OUT spec parser, the fan-out set run/test-run.ts feeds, the
 * push queue network outputs share, and one folder per output (json, csv,
 * influxdb, prometheus-rw, opentelemetry, statsd), each loaded only when
 * asked for. Reads metrics/ only; runs on the main thread.
 */
export type { Output, OutputBatch, OutputContext, OutputFactory, OutputSpec, OutputStats } from './types.ts';
export { OutputSet, type OutputReport } from './output-set.ts';
export { outputSpecs, parseOutputSpec } from './specs.ts';
export { OUTPUT_NAMES } from './registry.ts';
export { PushQueue, RefusedBatchError, type PushQueueOptions } from './push-queue.ts';
