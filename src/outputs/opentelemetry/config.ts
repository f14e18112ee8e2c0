/**
 * The OpenTelemetry output's settings, declared to the shared reader
 * (../settings.ts) the way k6's `--out opentelemetry` reads them: K6_OTEL_*
 * (STAMPEDE_OTEL_* beats K6_OTEL_*) with k6's defaults, then the standard
 * OTEL_* variables k6 honours through the OpenTelemetry SDK (service name,
 * resource attributes, headers, timeout, compression, temporality,
 * insecure, TLS files). What is its own stays here: the protocol's
 * endpoint and URL, and the deprecated K6_OTEL_EXPORTER_TYPE. Everything is
 * validated before the SDK is loaded, so a bad value stops the run with
 * exit 104 and the variable named.
 */
import { ConfigError } from '../../errors/index.ts';
import { oneOf, readSettings, type OutputEnv, type Parser, type Schema } from '../settings.ts';

export type ExporterProtocol = 'grpc' | 'http/protobuf';
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

export interface OtelConfig {
  protocol: ExporterProtocol;
  /** grpc: host:port; http/protobuf: the full URL (scheme from *_INSECURE, then K6_OTEL_HTTP_EXPORTER_URL_PATH) */
  endpoint: string;
  /** plaintext (grpc insecure credentials / http://) instead of TLS */
  insecure: boolean;
  serviceName: string;
  serviceVersion: string;
  /** extra resource attributes from OTEL_RESOURCE_ATTRIBUTES (service.name/version above win) */
  resourceAttributes: Record<string, string>;
  metricPrefix: string;
  /** how often buffered k6 deltas are recorded into the SDK's instruments */
  flushIntervalMs: number;
  /** how often the SDK's periodic reader exports */
  exportIntervalMs: number;
  /** per export, retries included (OTEL_EXPORTER_OTLP_[METRICS_]TIMEOUT, default 10 s) */
  exportTimeoutMs: number;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  temporality: TemporalityPreference;
  /** k6 ≥ 1.4: a Rate is one counter `<name>.total` with condition=zero|nonzero; false: `.occurred` + `.total` */
  singleCounterForRate: boolean;
  tls: {
    insecureSkipVerify: boolean;
    /** file paths, read when the exporter is built */
    caFile?: string;
    certFile?: string;
    keyFile?: string;
  };
  /** lines to log once at start (deprecated variables) */
  warnings: string[];
}

/**
 * `k1=v1,k2=v2` (W3C baggage style, values percent-decoded) into a record;
 * used for K6_OTEL_HEADERS, OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES.
 */
export function parseKeyValueList(raw: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return `invalid entry ${JSON.stringify(part)}, expected key=value`;
    try {
      out[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return `invalid percent-encoding in ${JSON.stringify(part)}`;
    }
  }
  return out;
}

const keyValues: Parser<Record<string, string>> = (text, source, problems) => {
  const parsed = parseKeyValueList(text);
  if (typeof parsed !== 'string') return parsed;
  problems.push(`${source}: ${parsed}`);
  return undefined;
};

const protocol: Parser<ExporterProtocol> = (text, source, problems) => {
  if (text === 'grpc' || text === 'http/protobuf') return text;
  problems.push(`${source}: unsupported exporter protocol ${JSON.stringify(text)}, only "grpc" and "http/protobuf" are supported`);
  return undefined;
};

/** The deprecated K6_OTEL_EXPORTER_TYPE: grpc | http. */
const exporterType: Parser<ExporterProtocol> = (text, source, problems) => {
  if (text === 'grpc') return 'grpc';
  if (text === 'http') return 'http/protobuf';
  problems.push(`${source}: unsupported exporter type ${JSON.stringify(text)}, only "grpc" and "http" are supported (${source.replace('TYPE', 'PROTOCOL')} is its replacement)`);
  return undefined;
};

const milliseconds: Parser<number> = (text, source, problems) => {
  const n = Number(text);
  if (Number.isFinite(n) && n > 0) return n;
  problems.push(`${source}: must be a positive number of milliseconds, got ${JSON.stringify(text)}`);
  return undefined;
};

/** A standard OTEL_EXPORTER_OTLP_* variable: the METRICS-specific one first, then the general one. */
const otlp = (suffix: string) => [`OTEL_EXPORTER_OTLP_METRICS_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`];

/** k6's variables and defaults, in the order problems are reported. */
const SETTINGS = {
  protocol: { env: 'OTEL_EXPORTER_PROTOCOL', type: protocol },
  exporterType: { env: 'OTEL_EXPORTER_TYPE', type: exporterType },
  grpcEndpoint: { env: 'OTEL_GRPC_EXPORTER_ENDPOINT', type: 'string', default: 'localhost:4317' },
  grpcInsecure: { env: 'OTEL_GRPC_EXPORTER_INSECURE', type: 'bool' },
  httpEndpoint: { env: 'OTEL_HTTP_EXPORTER_ENDPOINT', type: 'string', default: 'localhost:4318' },
  httpInsecure: { env: 'OTEL_HTTP_EXPORTER_INSECURE', type: 'bool' },
  httpUrlPath: { env: 'OTEL_HTTP_EXPORTER_URL_PATH', type: 'string', default: '/v1/metrics' },
  otlpInsecure: { exact: otlp('INSECURE'), type: 'bool', default: false },
  headers: { env: 'OTEL_HEADERS', exact: otlp('HEADERS'), type: keyValues, default: {} },
  exportTimeoutMs: { exact: otlp('TIMEOUT'), type: milliseconds, default: 10_000 },
  compression: { exact: otlp('COMPRESSION'), type: oneOf('compression', { gzip: 'gzip', none: 'none' } as const), default: 'none' },
  temporality: {
    exact: ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE'],
    type: oneOf('temporality', { cumulative: 'cumulative', delta: 'delta', lowmemory: 'lowmemory' } as const, { ignoreCase: true }),
    default: 'cumulative',
  },
  resourceAttributes: { exact: ['OTEL_RESOURCE_ATTRIBUTES'], type: keyValues, default: {} },
  // as in k6: its own variable, then OTEL_SERVICE_NAME, then "k6" (which beats OTEL_RESOURCE_ATTRIBUTES' service.name)
  serviceName: { env: 'OTEL_SERVICE_NAME', exact: ['OTEL_SERVICE_NAME'], type: 'string', default: 'k6' },
  serviceVersion: { env: 'OTEL_SERVICE_VERSION', type: 'string' },
  metricPrefix: { env: 'OTEL_METRIC_PREFIX', type: 'string', default: '' },
  flushIntervalMs: { env: 'OTEL_FLUSH_INTERVAL', type: 'duration', default: 1_000 },
  exportIntervalMs: { env: 'OTEL_EXPORT_INTERVAL', type: 'duration', default: 10_000 },
  singleCounterForRate: { env: 'OTEL_SINGLE_COUNTER_FOR_RATE', type: 'bool', default: true },
  tlsInsecureSkipVerify: { env: 'OTEL_TLS_INSECURE_SKIP_VERIFY', type: 'bool', default: false },
  caFile: { env: 'OTEL_TLS_CERTIFICATE', exact: otlp('CERTIFICATE'), type: 'string' },
  certFile: { env: 'OTEL_TLS_CLIENT_CERTIFICATE', exact: otlp('CLIENT_CERTIFICATE'), type: 'string' },
  keyFile: { env: 'OTEL_TLS_CLIENT_KEY', exact: otlp('CLIENT_KEY'), type: 'string' },
} satisfies Schema;

/** Parses an OtelConfig from the environment; throws one ConfigError listing every problem. */
export function readOtelConfig(env: OutputEnv, serviceVersion: string): OtelConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { values: s, sources } = readSettings(SETTINGS, { env }, problems);

  // the protocol: K6_OTEL_EXPORTER_PROTOCOL, else the deprecated K6_OTEL_EXPORTER_TYPE (grpc | http)
  const protocol = s.protocol ?? s.exporterType ?? 'grpc';
  if (!sources.protocol && sources.exporterType) {
    warnings.push(`${sources.exporterType} is deprecated; use ${sources.exporterType.replace('TYPE', 'PROTOCOL')}=${protocol} instead`);
  }

  let endpoint: string;
  let insecure: boolean;
  if (protocol === 'grpc') {
    endpoint = s.grpcEndpoint;
    insecure = s.grpcInsecure ?? s.otlpInsecure;
    if (sources.grpcEndpoint && /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) problems.push(`${sources.grpcEndpoint}: must be host and port only, without a scheme (got ${JSON.stringify(endpoint)})`);
  } else {
    const hostPort = s.httpEndpoint;
    if (sources.httpEndpoint && /^https?:\/\//i.test(hostPort)) problems.push(`${sources.httpEndpoint}: HTTP exporter endpoint must only be host and port, no scheme (got ${JSON.stringify(hostPort)})`);
    insecure = s.httpInsecure ?? s.otlpInsecure;
    const path = s.httpUrlPath.startsWith('/') ? s.httpUrlPath : `/${s.httpUrlPath}`;
    endpoint = `${insecure ? 'http' : 'https'}://${hostPort}${path}`;
    try {
      new URL(endpoint);
    } catch {
      problems.push(`${sources.httpEndpoint ?? 'K6_OTEL_HTTP_EXPORTER_ENDPOINT'}: ${JSON.stringify(hostPort)} does not make a valid URL (${endpoint})`);
    }
  }

  if (!s.singleCounterForRate) warnings.push('exporting a Rate as a pair of counters (.occurred and .total) is deprecated in k6; unset K6_OTEL_SINGLE_COUNTER_FOR_RATE to export one counter with a condition attribute');
  if ((s.certFile === undefined) !== (s.keyFile === undefined)) {
    problems.push('K6_OTEL_TLS_CLIENT_CERTIFICATE: a client certificate and K6_OTEL_TLS_CLIENT_KEY go together; set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems, 'see docs/outputs/opentelemetry.md for the K6_OTEL_* variables and their values');
  return {
    protocol,
    endpoint,
    insecure,
    serviceName: s.serviceName,
    serviceVersion: s.serviceVersion ?? serviceVersion,
    resourceAttributes: s.resourceAttributes,
    metricPrefix: s.metricPrefix,
    flushIntervalMs: s.flushIntervalMs,
    exportIntervalMs: s.exportIntervalMs,
    exportTimeoutMs: s.exportTimeoutMs,
    headers: s.headers,
    compression: s.compression,
    temporality: s.temporality,
    singleCounterForRate: s.singleCounterForRate,
    tls: { insecureSkipVerify: s.tlsInsecureSkipVerify, caFile: s.caFile, certFile: s.certFile, keyFile: s.keyFile },
    warnings,
  };
}

/** What `output:` prints at the start, as k6 describes it: `opentelemetry (grpc (insecure), localhost:4317)`. */
export function describeConfig(c: OtelConfig): string {
  const protocol = c.protocol === 'grpc' && c.insecure ? 'grpc (insecure)' : c.protocol;
  return `opentelemetry (${protocol}, ${c.endpoint})`;
}
