/**
 * The InfluxDB output's settings, from k6's sources in k6's order: defaults,
 * then K6_INFLUXDB_* (a STAMPEDE_INFLUXDB_* twin beats its K6_ one), then the
 * `--out influxdb=URL` argument (its path's last segment is the database,
 * what comes before it a reverse-proxy prefix; its query may carry k6's URL
 * parameters). InfluxDB v2 is chosen by K6_INFLUXDB_ORGANIZATION,
 * K6_INFLUXDB_BUCKET and K6_INFLUXDB_TOKEN. Every problem becomes one
 * ConfigError line naming the variable or `--out influxdb`.
 */
import { ConfigError } from '../../errors/index.ts';
import { parseDurationMs } from '../../lib/index.ts';
import { parseGoBool, type OutputEnv } from '../env.ts';

export type FieldKind = 'int' | 'bool' | 'float' | 'string';

/** A tag written as a field instead (K6_INFLUXDB_TAGS_AS_FIELDS entry `name[:type]`). */
export interface FieldRule {
  tag: string;
  kind: FieldKind;
}

/** Timestamp unit of the written lines (InfluxDB's `precision`). */
export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

interface CommonConfig {
  /** scheme://host[:port][/prefix], no trailing slash, no credentials */
  baseUrl: string;
  insecure: boolean;
  pushIntervalMs: number;
  concurrentWrites: number;
  tagsAsFields: FieldRule[];
  precision: Precision;
  /** most lines held while InfluxDB is slow or away; older ones are dropped past this */
  maxBuffered: number;
  /** most lines in one write request */
  batchSize: number;
}

export interface InfluxV1Config extends CommonConfig {
  version: 1;
  db: string;
  username?: string;
  password?: string;
  retention?: string;
  consistency?: string;
}

export interface InfluxV2Config extends CommonConfig {
  version: 2;
  organization: string;
  bucket: string;
  token: string;
}

export type InfluxConfig = InfluxV1Config | InfluxV2Config;

export const DEFAULT_ADDR = 'http://localhost:8086';
export const DEFAULT_DB = 'k6';
export const DEFAULT_TAGS_AS_FIELDS = 'vu:int,iter:int,url';
export const DEFAULT_MAX_BUFFERED = 1_000_000;
export const DEFAULT_BATCH_SIZE = 5_000;
const FIELD_KINDS: readonly FieldKind[] = ['int', 'bool', 'float', 'string'];
const CONSISTENCIES = ['any', 'one', 'quorum', 'all'];
const PRECISIONS: Record<string, Precision> = {
  ns: 'ns', n: 'ns', '1ns': 'ns',
  us: 'us', u: 'us', 'µs': 'us', 'μs': 'us', '1us': 'us', '1µs': 'us', '1μs': 'us',
  ms: 'ms', '1ms': 'ms',
  s: 's', '1s': 's',
  m: 'm', '1m': 'm',
  h: 'h', '1h': 'h',
};
const HINT = 'use --out influxdb=http://localhost:8086/k6 (InfluxDB v1) and see docs/outputs/influxdb.md';

type Env = OutputEnv;

/** A setting's value and where it came from, for messages that name it. */
interface Setting {
  source: string;
  value: string;
}

/** STAMPEDE_INFLUXDB_<name> beats K6_INFLUXDB_<name>; empty values count as unset. */
function fromEnv(env: Env, name: string): Setting | undefined {
  for (const prefix of ['STAMPEDE_INFLUXDB_', 'K6_INFLUXDB_']) {
    const value = env[prefix + name];
    if (value !== undefined && value.trim() !== '') return { source: prefix + name, value: value.trim() };
  }
  return undefined;
}

/** `vu:int,iter:int,url` → rules; problems name `source`. */
export function parseTagsAsFields(text: string, source: string, problems: string[]): FieldRule[] {
  const rules = new Map<string, FieldRule>();
  for (const entry of text.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const tag = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
    const kind = (colon < 0 ? 'string' : trimmed.slice(colon + 1).trim()) as FieldKind;
    if (tag === '') { problems.push(`${source}: ${JSON.stringify(trimmed)} has no tag name (use name or name:type)`); continue; }
    if (!FIELD_KINDS.includes(kind)) { problems.push(`${source}: unknown type ${JSON.stringify(kind)} for ${JSON.stringify(tag)} (use ${FIELD_KINDS.join(', ')})`); continue; }
    rules.set(tag, { tag, kind });
  }
  return [...rules.values()];
}

function parsePositiveInt(s: Setting, problems: string[]): number | undefined {
  if (/^\d+$/.test(s.value) && Number(s.value) > 0 && Number.isSafeInteger(Number(s.value))) return Number(s.value);
  problems.push(`${s.source}: must be a positive whole number, got ${JSON.stringify(s.value)}`);
  return undefined;
}

function parsePushInterval(s: Setting, problems: string[]): number | undefined {
  const ms = parseDurationMs(s.value);
  if (ms !== undefined && ms > 0) return ms;
  problems.push(`${s.source}: must be a positive duration such as 1s or 500ms, got ${JSON.stringify(s.value)}`);
  return undefined;
}

function parsePrecision(s: Setting, problems: string[]): Precision | undefined {
  const p = PRECISIONS[s.value];
  if (p) return p;
  problems.push(`${s.source}: unknown precision ${JSON.stringify(s.value)} (use ns, us, ms, s, m or h)`);
  return undefined;
}

function parseInsecure(s: Setting, problems: string[]): boolean | undefined {
  const b = parseGoBool(s.value);
  if (b === undefined) problems.push(`${s.source}: must be true or false, got ${JSON.stringify(s.value)}`);
  return b;
}

/** What the `--out influxdb=` URL says, before it is merged over the environment. */
interface UrlParts {
  origin: string;
  /** path segments before the last one (a reverse-proxy prefix), joined with a leading slash, or '' */
  prefix: string;
  /** the last path segment (the database, or the v2 bucket), or undefined */
  last?: string;
  username?: string;
  password?: string;
  /** k6's URL query parameters, as Settings naming `--out influxdb ?name` */
  params: Map<string, Setting>;
}

/** k6's URL query parameters; `payload_size` (old k6) is accepted and has no effect. */
const URL_PARAMS = ['insecure', 'payload_size', 'precision', 'retention', 'consistency', 'pushInterval', 'concurrentWrites', 'tagsAsFields'];

function parseUrl(text: string, source: string, problems: string[]): UrlParts | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${source}: ${JSON.stringify(text)} is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${source}: ${JSON.stringify(url.protocol.slice(0, -1))} is not supported (use http:// or https://)`);
    return undefined;
  }
  if (url.hostname === '') {
    problems.push(`${source}: ${JSON.stringify(text)} has no host`);
    return undefined;
  }
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const last = segments.pop();
  const params = new Map<string, Setting>();
  for (const key of new Set(url.searchParams.keys())) {
    if (!URL_PARAMS.includes(key)) {
      problems.push(`${source}: unknown query parameter ${JSON.stringify(key)} (use ${URL_PARAMS.join(', ')})`);
      continue;
    }
    params.set(key, { source: `${source} ?${key}`, value: url.searchParams.getAll(key).join(',') });
  }
  return {
    origin: url.origin,
    prefix: segments.map((s) => `/${encodeURIComponent(s)}`).join(''),
    last,
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    params,
  };
}

/** Builds the configuration; throws a ConfigError listing every problem. */
export function parseInfluxConfig(arg: string, env: Env): InfluxConfig {
  const problems: string[] = [];
  const source = '--out influxdb';
  const addr = fromEnv(env, 'ADDR');
  const urlText = arg !== '' ? arg : addr?.value ?? DEFAULT_ADDR;
  const url = parseUrl(urlText, arg !== '' ? source : addr?.source ?? source, problems);
  const param = (name: string): Setting | undefined => url?.params.get(name);
  // URL parameters beat the environment, as in k6
  const pick = (envName: string, paramName: string): Setting | undefined => param(paramName) ?? fromEnv(env, envName);

  const interval = pick('PUSH_INTERVAL', 'pushInterval');
  const writes = pick('CONCURRENT_WRITES', 'concurrentWrites');
  const precision = pick('PRECISION', 'precision');
  const insecure = pick('INSECURE', 'insecure');
  const tags = pick('TAGS_AS_FIELDS', 'tagsAsFields');
  const maxBuffered = fromEnv(env, 'MAX_BUFFERED');
  const batchSize = fromEnv(env, 'BATCH_SIZE');
  const common: CommonConfig = {
    baseUrl: url ? url.origin + url.prefix : '',
    pushIntervalMs: (interval && parsePushInterval(interval, problems)) ?? 1000,
    concurrentWrites: (writes && parsePositiveInt(writes, problems)) ?? 4,
    precision: (precision && parsePrecision(precision, problems)) ?? 'ns',
    insecure: (insecure && parseInsecure(insecure, problems)) ?? false,
    tagsAsFields: parseTagsAsFields(tags?.value ?? DEFAULT_TAGS_AS_FIELDS, tags?.source ?? 'K6_INFLUXDB_TAGS_AS_FIELDS', problems),
    maxBuffered: (maxBuffered && parsePositiveInt(maxBuffered, problems)) ?? DEFAULT_MAX_BUFFERED,
    batchSize: (batchSize && parsePositiveInt(batchSize, problems)) ?? DEFAULT_BATCH_SIZE,
  };

  const organization = fromEnv(env, 'ORGANIZATION');
  const bucket = fromEnv(env, 'BUCKET');
  const token = fromEnv(env, 'TOKEN');
  let config: InfluxConfig | undefined;
  if (organization || bucket || token) {
    // Any v2 setting means InfluxDB v2 was meant: a missing one is a mistake, not a fallback to v1.
    const bucketName = bucket?.value ?? url?.last;
    if (!organization) problems.push('K6_INFLUXDB_ORGANIZATION: required for InfluxDB v2 (K6_INFLUXDB_BUCKET or K6_INFLUXDB_TOKEN is set)');
    if (!token) problems.push('K6_INFLUXDB_TOKEN: required for InfluxDB v2 (K6_INFLUXDB_ORGANIZATION or K6_INFLUXDB_BUCKET is set)');
    if (bucketName === undefined) problems.push('K6_INFLUXDB_BUCKET: required for InfluxDB v2 (or name the bucket as the URL path: --out influxdb=http://host:8086/bucket)');
    if (common.precision === 'm' || common.precision === 'h') problems.push(`${precision?.source ?? 'K6_INFLUXDB_PRECISION'}: InfluxDB v2 takes ns, us, ms or s`);
    for (const p of ['retention', 'consistency'] as const) {
      const s = param(p) ?? fromEnv(env, p.toUpperCase());
      if (s) problems.push(`${s.source}: InfluxDB v1 only; InfluxDB v2 writes to a bucket`);
    }
    if (organization && token && bucketName !== undefined) {
      // in v2 the URL path up to the bucket is a prefix; without a bucket segment the whole path is
      const prefix = url ? (bucket || url.last === undefined ? pathOf(url) : url.prefix) : '';
      config = { ...common, baseUrl: url ? url.origin + prefix : '', version: 2, organization: organization.value, bucket: bucketName, token: token.value };
    }
  } else {
    const consistency = pick('CONSISTENCY', 'consistency');
    if (consistency && !CONSISTENCIES.includes(consistency.value)) {
      problems.push(`${consistency.source}: unknown consistency ${JSON.stringify(consistency.value)} (use ${CONSISTENCIES.join(', ')})`);
    }
    const username = url?.username ?? fromEnv(env, 'USERNAME')?.value;
    const password = url?.password ?? fromEnv(env, 'PASSWORD')?.value;
    config = {
      ...common,
      version: 1,
      db: (arg !== '' ? url?.last : undefined) ?? fromEnv(env, 'DB')?.value ?? url?.last ?? DEFAULT_DB,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(pick('RETENTION', 'retention') ? { retention: pick('RETENTION', 'retention')!.value } : {}),
      ...(consistency ? { consistency: consistency.value } : {}),
    };
  }
  if (problems.length > 0 || !config) throw new ConfigError(problems, HINT);
  return config;
}

function pathOf(url: UrlParts): string {
  return url.prefix + (url.last === undefined ? '' : `/${encodeURIComponent(url.last)}`);
}

/** `influxdb (http://host:8086/k6)` or `influxdb v2 (http://host:8086, org acme, bucket k6)`; never credentials. */
export function describeConfig(c: InfluxConfig): string {
  return c.version === 1
    ? `influxdb (${c.baseUrl}/${encodeURIComponent(c.db)})`
    : `influxdb v2 (${c.baseUrl}, org ${c.organization}, bucket ${c.bucket})`;
}
