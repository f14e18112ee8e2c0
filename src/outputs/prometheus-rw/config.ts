/**
 * The remote-write output's settings, declared to the shared reader
 * (../settings.ts; a STAMPEDE_ twin of each variable wins over the K6_ name,
 * empty counts as unset): K6_PROMETHEUS_RW_SERVER_URL (or the `--out
 * experimental-prometheus-rw=<url>` argument), _PUSH_INTERVAL,
 * _TREND_STATS, _TREND_AS_NATIVE_HISTOGRAM, _STALE_MARKERS,
 * _USERNAME/_PASSWORD, _BEARER_TOKEN, _HTTP_HEADERS, _LABELS,
 * _INSECURE_SKIP_TLS_VERIFY, _TLS_MINIMUM_VERSION, _CLIENT_CERTIFICATE(_KEY),
 * and Stampede's own STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA. What
 * is its own stays here: the trend-stat grammar, the _HEADERS_<name>
 * family, and which settings go together. Every malformed value is
 * collected into one ConfigError (exit 104) that names the variable.
 */
import { ConfigError } from '../../errors/index.ts';
import { trendStatResolver, type Histogram } from '../../metrics/index.ts';
import { statSuffix } from './naming.ts';
import { NATIVE_SCHEMA } from './native-histogram.ts';
import { intBetween, readSettings, type OutputEnv, type Parser, type Schema } from '../settings.ts';

/** One stat a trend is exported as (when native histograms are off). */
export interface TrendStat {
  /** as the user wrote it: p(99), avg, count, sum … */
  stat: string;
  /** the series-name suffix: p99, avg, count, sum … */
  suffix: string;
  read(h: Histogram): number;
  /** true for `count`: a number of samples, never converted to seconds */
  isCount: boolean;
}

export interface PrometheusRwConfig {
  serverUrl: string;
  pushIntervalMs: number;
  trendStats: TrendStat[];
  nativeHistogram: boolean;
  /** native-histogram schema, -4..8 (STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA; k6 has no such setting) */
  nativeSchema: number;
  staleMarkers: boolean;
  /** extra request headers, Authorization included when basic auth or a bearer token is set */
  headers: Record<string, string>;
  /** static labels added to every series (a tag of the same name wins) */
  labels: Record<string, string>;
  insecureSkipTLSVerify: boolean;
  tlsMinVersion: 'TLSv1.2' | 'TLSv1.3';
  clientCertificate?: string;
  clientCertificateKey?: string;
}

/** Parses K6_PROMETHEUS_RW_TREND_STATS: k6's summaryTrendStats grammar plus `sum`. */
export function parseTrendStats(text: string, name: string, problems: string[]): TrendStat[] {
  const out: TrendStat[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const stat = raw.trim();
    if (stat === '' || seen.has(stat)) continue;
    seen.add(stat);
    const read = stat === 'sum' ? (h: Histogram) => h.sum : trendStatResolver(stat);
    if (!read) {
      problems.push(`${name}: unknown trend stat ${JSON.stringify(stat)} (use avg, min, med, max, count, sum or p(N) with N in 0..100)`);
      continue;
    }
    out.push({ stat, suffix: statSuffix(stat), read, isCount: stat === 'count' });
  }
  if (out.length === 0 && !problems.some((p) => p.startsWith(`${name}:`))) problems.push(`${name}: no trend stat given`);
  return out;
}

/** `key:value,key2:value2` (K6_PROMETHEUS_RW_HTTP_HEADERS) or `key=value,…` (K6_PROMETHEUS_RW_LABELS). */
const pairs = (separator: ':' | '='): Parser<Record<string, string>> => (text, source, problems) => {
  const out: Record<string, string> = {};
  for (const piece of text.split(',')) {
    if (piece.trim() === '') continue;
    const cut = piece.indexOf(separator);
    if (cut <= 0) {
      problems.push(`${source}: expected key${separator}value pairs separated by commas, got ${JSON.stringify(piece)}`);
      continue;
    }
    out[piece.slice(0, cut).trim()] = piece.slice(cut + 1).trim();
  }
  return out;
};

const serverUrl: Parser<string> = (text, source, problems) => {
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    problems.push(`${source}: ${JSON.stringify(text)} is not a URL`);
    return undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return text;
  problems.push(`${source}: the URL must start with http:// or https://, got ${JSON.stringify(text)}`);
  return undefined;
};

const tlsVersion: Parser<PrometheusRwConfig['tlsMinVersion']> = (text, source, problems) => {
  const v = text.replace(/^TLSv?/i, '');
  if (v === '1.2' || v === '1.3') return `TLSv${v}`;
  problems.push(`${source}: must be 1.2 or 1.3, got ${JSON.stringify(text)}`);
  return undefined;
};

/** k6's variables and defaults, in the order problems are reported. */
const SETTINGS = {
  serverUrl: { arg: true, env: 'PROMETHEUS_RW_SERVER_URL', type: serverUrl, default: 'http://localhost:9090/api/v1/write' },
  pushIntervalMs: { env: 'PROMETHEUS_RW_PUSH_INTERVAL', type: 'duration', default: 5_000 },
  trendStats: { env: 'PROMETHEUS_RW_TREND_STATS', type: parseTrendStats, default: parseTrendStats('p(99)', '', []) },
  nativeHistogram: { env: 'PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM', type: 'bool', default: false },
  nativeSchema: { exact: ['STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA'], type: intBetween(-4, 8), default: NATIVE_SCHEMA },
  staleMarkers: { env: 'PROMETHEUS_RW_STALE_MARKERS', type: 'bool', default: false },
  httpHeaders: { env: 'PROMETHEUS_RW_HTTP_HEADERS', type: pairs(':'), default: {} },
  username: { env: 'PROMETHEUS_RW_USERNAME', type: 'string' },
  password: { env: 'PROMETHEUS_RW_PASSWORD', type: 'string' },
  bearerToken: { env: 'PROMETHEUS_RW_BEARER_TOKEN', type: 'string' },
  labels: { env: 'PROMETHEUS_RW_LABELS', type: pairs('='), default: {} },
  insecureSkipTLSVerify: { env: 'PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY', type: 'bool', default: false },
  tlsMinVersion: { env: 'PROMETHEUS_RW_TLS_MINIMUM_VERSION', type: tlsVersion, default: 'TLSv1.2' },
  clientCertificate: { env: 'PROMETHEUS_RW_CLIENT_CERTIFICATE', type: 'string' },
  clientCertificateKey: { env: 'PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY', type: 'string' },
  sigv4Region: { env: 'PROMETHEUS_RW_SIGV4_REGION', type: 'string' },
  sigv4AccessKey: { env: 'PROMETHEUS_RW_SIGV4_ACCESS_KEY', type: 'string' },
  sigv4SecretKey: { env: 'PROMETHEUS_RW_SIGV4_SECRET_KEY', type: 'string' },
} satisfies Schema;

/**
 * Reads the configuration. `arg` (what follows `experimental-prometheus-rw=`
 * in --out) is taken as the server URL when given; k6 itself ignores it.
 * Throws a ConfigError listing every problem.
 */
export function readConfig(env: OutputEnv, arg = ''): PrometheusRwConfig {
  const problems: string[] = [];
  const { values: s, sources } = readSettings(SETTINGS, { env, out: { name: 'experimental-prometheus-rw', arg } }, problems);

  const headers: Record<string, string> = { ...s.httpHeaders };
  for (const prefix of ['K6_', 'STAMPEDE_']) { // K6_ first, so STAMPEDE_ overwrites
    const start = `${prefix}PROMETHEUS_RW_HEADERS_`;
    for (const [k, v] of Object.entries(env)) {
      if (k.startsWith(start) && k.length > start.length && v !== undefined && v !== '') headers[k.slice(start.length)] = v;
    }
  }
  if (s.username !== undefined && s.bearerToken !== undefined) problems.push(`${sources.bearerToken}: use either a bearer token or ${sources.username}/_PASSWORD, not both`);
  else if (s.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${s.username}:${s.password ?? ''}`).toString('base64')}`;
  else if (s.bearerToken !== undefined) headers.Authorization = `Bearer ${s.bearerToken}`;

  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.labels)) {
    if (k !== '' && v !== '' && k !== '__name__') labels[k] = v;
  }

  if ((s.clientCertificate === undefined) !== (s.clientCertificateKey === undefined)) {
    problems.push(`${sources.clientCertificate ?? sources.clientCertificateKey}: a client certificate needs both K6_PROMETHEUS_RW_CLIENT_CERTIFICATE and K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY`);
  }
  const sigv4 = sources.sigv4Region ?? sources.sigv4AccessKey ?? sources.sigv4SecretKey;
  if (sigv4) problems.push(`${sigv4}: AWS SigV4 request signing is not supported by Stampede's remote-write output`);

  if (problems.length > 0) {
    throw new ConfigError(problems, 'see docs/outputs/prometheus-rw.md for the K6_PROMETHEUS_RW_* variables');
  }
  return {
    serverUrl: s.serverUrl,
    pushIntervalMs: s.pushIntervalMs,
    trendStats: s.trendStats,
    nativeHistogram: s.nativeHistogram,
    nativeSchema: s.nativeSchema,
    staleMarkers: s.staleMarkers,
    headers,
    labels,
    insecureSkipTLSVerify: s.insecureSkipTLSVerify,
    tlsMinVersion: s.tlsMinVersion,
    clientCertificate: s.clientCertificate,
    clientCertificateKey: s.clientCertificateKey,
  };
}
