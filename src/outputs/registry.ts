/**
 * Output name → factory. Each output's module is imported only when a run
 * asks for it, so a run without `--out influxdb` never loads its code (nor
 * the OpenTelemetry SDK, nor protobuf).
 */
import type { OutputFactory } from './types.ts';

type Loader = () => Promise<OutputFactory>;

const LOADERS: Record<string, Loader> = {
  json: async () => (await import('./json/index.ts')).createJsonOutput,
  csv: async () => (await import('./csv/index.ts')).createCsvOutput,
  influxdb: async () => (await import('./influxdb/index.ts')).createInfluxdbOutput,
  'experimental-prometheus-rw': async () => (await import('./prometheus-rw/index.ts')).createPrometheusRwOutput,
  opentelemetry: async () => (await import('./opentelemetry/index.ts')).createOpentelemetryOutput,
  'experimental-opentelemetry': async () => (await import('./opentelemetry/index.ts')).createOpentelemetryOutput,
  statsd: async () => (await import('./statsd/index.ts')).createStatsdOutput,
  datadog: async () => (await import('./statsd/index.ts')).createDatadogOutput,
};

/** Every output name `--out` accepts (k6's spellings). */
export const OUTPUT_NAMES: readonly string[] = Object.keys(LOADERS);

export async function loadOutputFactory(name: string): Promise<OutputFactory> {
  const loader = LOADERS[name];
  if (!loader) throw new Error(`unknown output "${name}"`);
  return loader();
}
