/**
 * The OpenTelemetry output's settings, read from the environment the way
 * k6's `--out opentelemetry` reads them: K6_OTEL_* (STAMPEDE_OTEL_* beats
 * K6_OTEL_*) with k6's defaults, plus the standard OTEL_* variables k6
 * honours through the OpenTelemetry SDK (service name, resource
 * attributes, headers, timeout, compression, temporality, insecure, TLS
 * files). Everything is validated here, before the SDK is loaded, so a bad
 * value stops the run with exit 104 and the variable named.
 */
import { ConfigError } from '../../errors/index.ts';
import { parseDurationMs } from '../../metrics/index.ts';
import { envSetting, parseGoBool, type EnvSetting, type OutputEnv } from '../env.ts';

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

type Env = OutputEnv;

/** One variable's value and the name it was found under. */
type Found = EnvSetting;

const K6_DEFAULTS = {
  serviceName: 'k6',
  grpcEndpoint: 'localhost:4317',
  httpEndpoint: 'localhost:4318',
  httpUrlPath: '/v1/metrics',
  exportIntervalMs: 10_000,
  flushIntervalMs: 1_000,
  exportTimeoutMs: 10_000,
};

/** A K6_OTEL_* variable, STAMPEDE_OTEL_* first; an empty value counts as unset. */
function k6Var(env: Env, suffix: string): Found | undefined {
  return envSetting(env, `OTEL_${suffix}`);
}

/** A standard OTEL_EXPORTER_OTLP_* variable: the METRICS-specific one first, then the general one. */
function otlpVar(env: Env, suffix: string): Found | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_METRICS_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
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

/** Parses an OtelConfig from the environment; throws one ConfigError listing every problem. */
export function readOtelConfig(env: Env, serviceVersion: string): OtelConfig {
  const problems: string[] = [];
  const warnings: string[] = [];

  const bool = (found: Found | undefined, fallback: boolean): boolean => {
    if (!found) return fallback;
    const b = parseGoBool(found.value.trim());
    if (b === undefined) {
      problems.push(`${found.name}: ${JSON.stringify(found.value)} is not a boolean (use true or false)`);
      return fallback;
    }
    return b;
  };
  const duration = (found: Found | undefined, fallback: number): number => {
    if (!found) return fallback;
    const v = found.value.trim();
    const ms = parseDurationMs(/^\d+$/.test(v) ? Number(v) : v);
    if (ms === undefined || ms <= 0) {
      problems.push(`${found.name}: ${JSON.stringify(found.value)} is not a positive duration (use 10s, 500ms or a number of milliseconds)`);
      return fallback;
    }
    return ms;
  };
  const keyValues = (found: Found | undefined): Record<string, string> => {
    if (!found) return {};
    const parsed = parseKeyValueList(found.value);
    if (typeof parsed === 'string') {
      problems.push(`${found.name}: ${parsed}`);
      return {};
    }
    return parsed;
  };

  // the protocol: K6_OTEL_EXPORTER_PROTOCOL, else the deprecated K6_OTEL_EXPORTER_TYPE (grpc | http)
  let protocol: ExporterProtocol = 'grpc';
  const protocolVar = k6Var(env, 'EXPORTER_PROTOCOL');
  const typeVar = k6Var(env, 'EXPORTER_TYPE');
  if (protocolVar) {
    if (protocolVar.value === 'grpc' || protocolVar.value === 'http/protobuf') protocol = protocolVar.value;
    else problems.push(`${protocolVar.name}: unsupported exporter protocol ${JSON.stringify(protocolVar.value)}, only "grpc" and "http/protobuf" are supported`);
  } else if (typeVar) {
    if (typeVar.value === 'grpc') protocol = 'grpc';
    else if (typeVar.value === 'http') protocol = 'http/protobuf';
    else problems.push(`${typeVar.name}: unsupported exporter type ${JSON.stringify(typeVar.value)}, only "grpc" and "http" are supported (${typeVar.name.replace('TYPE', 'PROTOCOL')} is its replacement)`);
    warnings.push(`${typeVar.name} is deprecated; use ${typeVar.name.replace('TYPE', 'PROTOCOL')}=${protocol} instead`);
  }

  const insecureFallback = bool(otlpVar(env, 'INSECURE'), false);
  let endpoint: string;
  let insecure: boolean;
  if (protocol === 'grpc') {
    const found = k6Var(env, 'GRPC_EXPORTER_ENDPOINT');
    endpoint = found?.value.trim() ?? K6_DEFAULTS.grpcEndpoint;
    insecure = bool(k6Var(env, 'GRPC_EXPORTER_INSECURE'), insecureFallback);
    if (found && /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) problems.push(`${found.name}: must be host and port only, without a scheme (got ${JSON.stringify(found.value)})`);
  } else {
    const found = k6Var(env, 'HTTP_EXPORTER_ENDPOINT');
    const hostPort = found?.value.trim() ?? K6_DEFAULTS.httpEndpoint;
    if (found && /^https?:\/\//i.test(hostPort)) problems.push(`${found.name}: HTTP exporter endpoint must only be host and port, no scheme (got ${JSON.stringify(found.value)})`);
    insecure = bool(k6Var(env, 'HTTP_EXPORTER_INSECURE'), insecureFallback);
    let path = k6Var(env, 'HTTP_EXPORTER_URL_PATH')?.value.trim() ?? K6_DEFAULTS.httpUrlPath;
    if (!path.startsWith('/')) path = `/${path}`;
    endpoint = `${insecure ? 'http' : 'https'}://${hostPort}${path}`;
    try {
      new URL(endpoint);
    } catch {
      problems.push(`${found?.name ?? 'K6_OTEL_HTTP_EXPORTER_ENDPOINT'}: ${JSON.stringify(hostPort)} does not make a valid URL (${endpoint})`);
    }
  }

  const headersVar = k6Var(env, 'HEADERS') ?? otlpVar(env, 'HEADERS');
  const headers = keyValues(headersVar);

  const timeoutVar = otlpVar(env, 'TIMEOUT');
  let exportTimeoutMs = K6_DEFAULTS.exportTimeoutMs;
  if (timeoutVar) {
    const n = Number(timeoutVar.value);
    if (Number.isFinite(n) && n > 0) exportTimeoutMs = n;
    else problems.push(`${timeoutVar.name}: ${JSON.stringify(timeoutVar.value)} is not a positive number of milliseconds`);
  }

  const compressionVar = otlpVar(env, 'COMPRESSION');
  let compression: 'gzip' | 'none' = 'none';
  if (compressionVar) {
    if (compressionVar.value === 'gzip' || compressionVar.value === 'none') compression = compressionVar.value;
    else problems.push(`${compressionVar.name}: ${JSON.stringify(compressionVar.value)} is not a compression (use gzip or none)`);
  }

  const temporalityName = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
  const temporalityRaw = env[temporalityName]?.trim().toLowerCase();
  let temporality: TemporalityPreference = 'cumulative';
  if (temporalityRaw) {
    if (temporalityRaw === 'cumulative' || temporalityRaw === 'delta' || temporalityRaw === 'lowmemory') temporality = temporalityRaw;
    else problems.push(`${temporalityName}: ${JSON.stringify(env[temporalityName])} is not a temporality (use cumulative, delta or lowmemory)`);
  }

  const resourceVar = env.OTEL_RESOURCE_ATTRIBUTES?.trim() ? { name: 'OTEL_RESOURCE_ATTRIBUTES', value: env.OTEL_RESOURCE_ATTRIBUTES } : undefined;
  const resourceAttributes = keyValues(resourceVar);
  const otelServiceName = env.OTEL_SERVICE_NAME?.trim() || undefined;
  // as in k6: its own variable, then OTEL_SERVICE_NAME, then "k6" (which beats OTEL_RESOURCE_ATTRIBUTES' service.name)
  const serviceName = k6Var(env, 'SERVICE_NAME')?.value ?? otelServiceName ?? K6_DEFAULTS.serviceName;

  const singleCounterForRate = bool(k6Var(env, 'SINGLE_COUNTER_FOR_RATE'), true);
  if (!singleCounterForRate) warnings.push('exporting a Rate as a pair of counters (.occurred and .total) is deprecated in k6; unset K6_OTEL_SINGLE_COUNTER_FOR_RATE to export one counter with a condition attribute');

  const config: OtelConfig = {
    protocol,
    endpoint,
    insecure,
    serviceName,
    serviceVersion: k6Var(env, 'SERVICE_VERSION')?.value ?? serviceVersion,
    resourceAttributes,
    metricPrefix: k6Var(env, 'METRIC_PREFIX')?.value ?? '',
    flushIntervalMs: duration(k6Var(env, 'FLUSH_INTERVAL'), K6_DEFAULTS.flushIntervalMs),
    exportIntervalMs: duration(k6Var(env, 'EXPORT_INTERVAL'), K6_DEFAULTS.exportIntervalMs),
    exportTimeoutMs,
    headers,
    compression,
    temporality,
    singleCounterForRate,
    tls: {
      insecureSkipVerify: bool(k6Var(env, 'TLS_INSECURE_SKIP_VERIFY'), false),
      caFile: k6Var(env, 'TLS_CERTIFICATE')?.value ?? otlpVar(env, 'CERTIFICATE')?.value,
      certFile: k6Var(env, 'TLS_CLIENT_CERTIFICATE')?.value ?? otlpVar(env, 'CLIENT_CERTIFICATE')?.value,
      keyFile: k6Var(env, 'TLS_CLIENT_KEY')?.value ?? otlpVar(env, 'CLIENT_KEY')?.value,
    },
    warnings,
  };
  if ((config.tls.certFile === undefined) !== (config.tls.keyFile === undefined)) {
    problems.push('K6_OTEL_TLS_CLIENT_CERTIFICATE: a client certificate and K6_OTEL_TLS_CLIENT_KEY go together; set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems, 'see docs/outputs/opentelemetry.md for the K6_OTEL_* variables and their values');
  return config;
}

/** What `output:` prints at the start, as k6 describes it: `opentelemetry (grpc (insecure), localhost:4317)`. */
export function describeConfig(c: OtelConfig): string {
  const protocol = c.protocol === 'grpc' && c.insecure ? 'grpc (insecure)' : c.protocol;
  return `opentelemetry (${protocol}, ${c.endpoint})`;
}
