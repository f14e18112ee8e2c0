/**
 * The remote-write output's settings, read from k6's environment variables
 * (a STAMPEDE_ twin of each wins over the K6_ name; empty counts as unset):
 * K6_PROMETHEUS_RW_SERVER_URL, _PUSH_INTERVAL, _TREND_STATS,
 * _TREND_AS_NATIVE_HISTOGRAM, _STALE_MARKERS, _USERNAME/_PASSWORD,
 * _BEARER_TOKEN, _HEADERS_<name>, _HTTP_HEADERS, _LABELS,
 * _INSECURE_SKIP_TLS_VERIFY, _TLS_MINIMUM_VERSION, _CLIENT_CERTIFICATE(_KEY);
 * and Stampede's own STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA.
 * Every malformed value is collected into one ConfigError (exit 104) that
 * names the variable.
 */
import { ConfigError } from '../../errors/index.ts';
import { parseDurationMs, trendStatResolver, type Histogram } from '../../metrics/index.ts';
import { statSuffix } from './naming.ts';
import { NATIVE_SCHEMA } from './native-histogram.ts';
import { envSetting, parseGoBool, type EnvSetting, type OutputEnv } from '../env.ts';

export const DEFAULT_SERVER_URL = 'http://localhost:9090/api/v1/write';
export const DEFAULT_PUSH_INTERVAL_MS = 5_000;
export const DEFAULT_TREND_STATS = 'p(99)';

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

type Env = OutputEnv;

/** The variable that sets `PROMETHEUS_RW_<suffix>` (STAMPEDE_ first), or undefined. */
function lookup(env: Env, suffix: string): EnvSetting | undefined {
  return envSetting(env, `PROMETHEUS_RW_${suffix}`);
}

function readBool(env: Env, suffix: string, problems: string[]): boolean {
  const v = lookup(env, suffix);
  if (!v) return false;
  const text = v.value.trim();
  const b = parseGoBool(text);
  if (b === undefined) problems.push(`${v.name}: must be true or false, got ${JSON.stringify(v.value)}`);
  return b ?? false;
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
function parsePairs(text: string, name: string, separator: ':' | '=', problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const piece of text.split(',')) {
    if (piece.trim() === '') continue;
    const cut = piece.indexOf(separator);
    if (cut <= 0) {
      problems.push(`${name}: expected key${separator}value pairs separated by commas, got ${JSON.stringify(piece)}`);
      continue;
    }
    out[piece.slice(0, cut).trim()] = piece.slice(cut + 1).trim();
  }
  return out;
}

/**
 * Reads the configuration. `arg` (what follows `experimental-prometheus-rw=`
 * in --out) is taken as the server URL when given; k6 itself ignores it.
 * Throws a ConfigError listing every problem.
 */
export function readConfig(env: Env, arg = ''): PrometheusRwConfig {
  const problems: string[] = [];

  const urlVar = arg !== '' ? { name: '--out experimental-prometheus-rw', value: arg } : lookup(env, 'SERVER_URL');
  const serverUrl = urlVar?.value.trim() ?? DEFAULT_SERVER_URL;
  try {
    const u = new URL(serverUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`${urlVar?.name}: the URL must start with http:// or https://, got ${JSON.stringify(serverUrl)}`);
  } catch {
    problems.push(`${urlVar?.name}: ${JSON.stringify(serverUrl)} is not a URL`);
  }

  let pushIntervalMs = DEFAULT_PUSH_INTERVAL_MS;
  const interval = lookup(env, 'PUSH_INTERVAL');
  if (interval) {
    const ms = parseDurationMs(interval.value);
    if (ms === undefined || ms <= 0) problems.push(`${interval.name}: must be a positive duration such as 5s or 500ms, got ${JSON.stringify(interval.value)}`);
    else pushIntervalMs = ms;
  }

  const statsVar = lookup(env, 'TREND_STATS') ?? { name: 'K6_PROMETHEUS_RW_TREND_STATS', value: DEFAULT_TREND_STATS };
  const trendStats = parseTrendStats(statsVar.value, statsVar.name, problems);

  const headers: Record<string, string> = {};
  const listed = lookup(env, 'HTTP_HEADERS');
  if (listed) Object.assign(headers, parsePairs(listed.value, listed.name, ':', problems));
  for (const prefix of ['K6_', 'STAMPEDE_']) { // K6_ first, so STAMPEDE_ overwrites
    const start = `${prefix}PROMETHEUS_RW_HEADERS_`;
    for (const [k, v] of Object.entries(env)) {
      if (k.startsWith(start) && k.length > start.length && v !== undefined && v !== '') headers[k.slice(start.length)] = v;
    }
  }
  const username = lookup(env, 'USERNAME');
  const password = lookup(env, 'PASSWORD');
  const bearer = lookup(env, 'BEARER_TOKEN');
  if (username && bearer) problems.push(`${bearer.name}: use either a bearer token or ${username.name}/_PASSWORD, not both`);
  else if (username) headers.Authorization = `Basic ${Buffer.from(`${username.value}:${password?.value ?? ''}`).toString('base64')}`;
  else if (bearer) headers.Authorization = `Bearer ${bearer.value}`;

  const labelsVar = lookup(env, 'LABELS');
  const labels: Record<string, string> = {};
  if (labelsVar) {
    for (const [k, v] of Object.entries(parsePairs(labelsVar.value, labelsVar.name, '=', problems))) {
      if (k !== '' && v !== '' && k !== '__name__') labels[k] = v;
    }
  }

  let tlsMinVersion: PrometheusRwConfig['tlsMinVersion'] = 'TLSv1.2';
  const tlsVar = lookup(env, 'TLS_MINIMUM_VERSION');
  if (tlsVar) {
    const v = tlsVar.value.trim().replace(/^TLSv?/i, '');
    if (v === '1.2' || v === '1.3') tlsMinVersion = `TLSv${v}`;
    else problems.push(`${tlsVar.name}: must be 1.2 or 1.3, got ${JSON.stringify(tlsVar.value)}`);
  }
  const cert = lookup(env, 'CLIENT_CERTIFICATE');
  const key = lookup(env, 'CLIENT_CERTIFICATE_KEY');
  if ((cert === undefined) !== (key === undefined)) {
    problems.push(`${(cert ?? key)!.name}: a client certificate needs both K6_PROMETHEUS_RW_CLIENT_CERTIFICATE and K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY`);
  }
  const sigv4 = lookup(env, 'SIGV4_REGION') ?? lookup(env, 'SIGV4_ACCESS_KEY') ?? lookup(env, 'SIGV4_SECRET_KEY');
  if (sigv4) problems.push(`${sigv4.name}: AWS SigV4 request signing is not supported by Stampede's remote-write output`);

  let nativeSchema = NATIVE_SCHEMA;
  const schemaText = env.STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA;
  if (schemaText !== undefined && schemaText !== '') {
    const n = Number(schemaText.trim());
    if (Number.isInteger(n) && n >= -4 && n <= 8 && /^-?\d+$/.test(schemaText.trim())) nativeSchema = n;
    else problems.push(`STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA: must be an integer from -4 to 8, got ${JSON.stringify(schemaText)}`);
  }

  const config: PrometheusRwConfig = {
    serverUrl,
    pushIntervalMs,
    trendStats,
    nativeHistogram: readBool(env, 'TREND_AS_NATIVE_HISTOGRAM', problems),
    nativeSchema,
    staleMarkers: readBool(env, 'STALE_MARKERS', problems),
    headers,
    labels,
    insecureSkipTLSVerify: readBool(env, 'INSECURE_SKIP_TLS_VERIFY', problems),
    tlsMinVersion,
    clientCertificate: cert?.value,
    clientCertificateKey: key?.value,
  };
  if (problems.length > 0) {
    throw new ConfigError(problems, 'see docs/outputs/prometheus-rw.md for the K6_PROMETHEUS_RW_* variables');
  }
  return config;
}
