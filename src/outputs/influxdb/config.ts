/**
 * The InfluxDB output's settings, declared to the shared reader
 * (../settings.ts): defaults, then K6_INFLUXDB_* (a STAMPEDE_INFLUXDB_* twin
 * beats its K6_ one), then the query parameters of the `--out influxdb=URL`
 * argument. What is InfluxDB's own stays here: the URL's path (its last
 * segment is the database, what comes before it a reverse-proxy prefix),
 * its credentials, k6's tags-as-fields grammar, and the choice of InfluxDB
 * v2 by K6_INFLUXDB_ORGANIZATION, K6_INFLUXDB_BUCKET and K6_INFLUXDB_TOKEN.
 * Every problem becomes one ConfigError line naming the variable or
 * `--out influxdb`.
 */
import { ConfigError } from '../../errors/index.ts';
import { oneOf, readSettings, type OutputEnv, type Schema } from '../settings.ts';

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

const FIELD_KINDS: readonly FieldKind[] = ['int', 'bool', 'float', 'string'];
const PRECISIONS: Record<string, Precision> = {
  ns: 'ns', n: 'ns', '1ns': 'ns',
  us: 'us', u: 'us', 'µs': 'us', 'μs': 'us', '1us': 'us', '1µs': 'us', '1μs': 'us',
  ms: 'ms', '1ms': 'ms',
  s: 's', '1s': 's',
  m: 'm', '1m': 'm',
  h: 'h', '1h': 'h',
};
const HINT = 'use --out influxdb=http://localhost:8086/k6 (InfluxDB v1) and see docs/outputs/influxdb.md';

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

/** The address: the `--out influxdb=URL` argument, else K6_INFLUXDB_ADDR. */
const ADDRESS = {
  addr: { arg: true, env: 'INFLUXDB_ADDR', type: 'string', default: 'http://localhost:8086' },
} satisfies Schema;

/** k6's variables and defaults, in the order problems are reported; the URL's query parameters (k6's spelling) beat the variables. */
const SETTINGS = {
  pushIntervalMs: { env: 'INFLUXDB_PUSH_INTERVAL', param: 'pushInterval', type: 'duration', default: 1000 },
  concurrentWrites: { env: 'INFLUXDB_CONCURRENT_WRITES', param: 'concurrentWrites', type: 'count', default: 4 },
  precision: { env: 'INFLUXDB_PRECISION', param: 'precision', type: oneOf('precision', PRECISIONS, { shown: ['ns', 'us', 'ms', 's', 'm', 'h'] }), default: 'ns' },
  insecure: { env: 'INFLUXDB_INSECURE', param: 'insecure', type: 'bool', default: false },
  tagsAsFields: { env: 'INFLUXDB_TAGS_AS_FIELDS', param: 'tagsAsFields', type: parseTagsAsFields, default: parseTagsAsFields('vu:int,iter:int,url', '', []) },
  maxBuffered: { env: 'INFLUXDB_MAX_BUFFERED', type: 'count', default: 1_000_000 },
  batchSize: { env: 'INFLUXDB_BATCH_SIZE', type: 'count', default: 5_000 },
  consistency: { env: 'INFLUXDB_CONSISTENCY', param: 'consistency', type: oneOf('consistency', { any: 'any', one: 'one', quorum: 'quorum', all: 'all' }) },
  retention: { env: 'INFLUXDB_RETENTION', param: 'retention', type: 'string' },
  db: { env: 'INFLUXDB_DB', type: 'string' },
  username: { env: 'INFLUXDB_USERNAME', type: 'string' },
  password: { env: 'INFLUXDB_PASSWORD', type: 'string' },
  organization: { env: 'INFLUXDB_ORGANIZATION', type: 'string' },
  bucket: { env: 'INFLUXDB_BUCKET', type: 'string' },
  token: { env: 'INFLUXDB_TOKEN', type: 'string' },
} satisfies Schema;

/** What the `--out influxdb=` URL says, before it is merged over the environment. */
interface UrlParts {
  origin: string;
  /** path segments before the last one (a reverse-proxy prefix), joined with a leading slash, or '' */
  prefix: string;
  /** the last path segment (the database, or the v2 bucket), or undefined */
  last?: string;
  username?: string;
  password?: string;
  /** k6's URL query parameters (a repeated one joined with commas) */
  params: Map<string, string>;
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
  const params = new Map<string, string>();
  for (const key of new Set(url.searchParams.keys())) {
    if (!URL_PARAMS.includes(key)) {
      problems.push(`${source}: unknown query parameter ${JSON.stringify(key)} (use ${URL_PARAMS.join(', ')})`);
      continue;
    }
    params.set(key, url.searchParams.getAll(key).join(','));
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
export function parseInfluxConfig(arg: string, env: OutputEnv): InfluxConfig {
  const problems: string[] = [];
  const address = readSettings(ADDRESS, { env, out: { name: 'influxdb', arg } }, problems);
  const urlSource = address.sources.addr ?? '--out influxdb';
  const url = parseUrl(address.values.addr, urlSource, problems);
  const { values: s, sources } = readSettings(SETTINGS, { env, params: url && { source: urlSource, values: url.params } }, problems);
  const common: CommonConfig = {
    baseUrl: url ? url.origin + url.prefix : '',
    pushIntervalMs: s.pushIntervalMs,
    concurrentWrites: s.concurrentWrites,
    precision: s.precision,
    insecure: s.insecure,
    tagsAsFields: s.tagsAsFields,
    maxBuffered: s.maxBuffered,
    batchSize: s.batchSize,
  };

  let config: InfluxConfig | undefined;
  if (s.organization !== undefined || s.bucket !== undefined || s.token !== undefined) {
    // Any v2 setting means InfluxDB v2 was meant: a missing one is a mistake, not a fallback to v1.
    const bucketName = s.bucket ?? url?.last;
    if (s.organization === undefined) problems.push('K6_INFLUXDB_ORGANIZATION: required for InfluxDB v2 (K6_INFLUXDB_BUCKET or K6_INFLUXDB_TOKEN is set)');
    if (s.token === undefined) problems.push('K6_INFLUXDB_TOKEN: required for InfluxDB v2 (K6_INFLUXDB_ORGANIZATION or K6_INFLUXDB_BUCKET is set)');
    if (bucketName === undefined) problems.push('K6_INFLUXDB_BUCKET: required for InfluxDB v2 (or name the bucket as the URL path: --out influxdb=http://host:8086/bucket)');
    if (s.precision === 'm' || s.precision === 'h') problems.push(`${sources.precision ?? 'K6_INFLUXDB_PRECISION'}: InfluxDB v2 takes ns, us, ms or s`);
    for (const key of ['retention', 'consistency'] as const) {
      if (sources[key]) problems.push(`${sources[key]}: InfluxDB v1 only; InfluxDB v2 writes to a bucket`);
    }
    if (s.organization !== undefined && s.token !== undefined && bucketName !== undefined) {
      // in v2 the URL path up to the bucket is a prefix; without a bucket segment the whole path is
      const prefix = url ? (s.bucket !== undefined || url.last === undefined ? pathOf(url) : url.prefix) : '';
      config = { ...common, baseUrl: url ? url.origin + prefix : '', version: 2, organization: s.organization, bucket: bucketName, token: s.token };
    }
  } else {
    const username = url?.username ?? s.username;
    const password = url?.password ?? s.password;
    config = {
      ...common,
      version: 1,
      db: (arg !== '' ? url?.last : undefined) ?? s.db ?? url?.last ?? 'k6',
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(s.retention !== undefined ? { retention: s.retention } : {}),
      ...(s.consistency !== undefined ? { consistency: s.consistency } : {}),
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
