/**
 * Turns what a script passes to `new redis.Client(...)` — a
 * `redis[s]://[user:pass@]host:port[/db]` URL, k6's options object
 * ({ socket: { host, port, tls, dialTimeout, readTimeout }, username,
 * password, database, clientName }) or the older `{ addrs: ['host:port'],
 * db }` form — into one checked connection spec. Cluster and sentinel
 * setups are refused with a clear message.
 */

export interface TlsSpec {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

export interface ConnectionSpec {
  host: string;
  port: number;
  /** undefined: plain TCP */
  tls?: TlsSpec;
  username?: string;
  password?: string;
  database: number;
  clientName?: string;
  /** ms to wait for the TCP/TLS connection */
  connectTimeout: number;
  /** ms to wait for a reply; 0 means wait for ever */
  commandTimeout: number;
}

const DEFAULT_PORT = 6379;
const DEFAULT_CONNECT_TIMEOUT = 5_000;
const DEFAULT_COMMAND_TIMEOUT = 5_000;

/** Throws a TypeError naming the bad field when the input cannot describe a single Redis server. */
export function parseClientOptions(input: unknown): ConnectionSpec {
  if (typeof input === 'string') return parseUrl(input);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError('redis.Client: expected a URL like "redis://host:6379" or an options object with socket.host');
  }
  return parseObject(input as Record<string, unknown>);
}

/** "host:port" for messages. */
export function addressOf(spec: ConnectionSpec): string {
  return `${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}`;
}

function parseUrl(raw: string): ConnectionSpec {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`redis.Client: invalid URL ${JSON.stringify(raw)}; expected redis[s]://[user:password@]host[:port][/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError(`redis.Client: unsupported URL scheme "${url.protocol}" in ${JSON.stringify(raw)}; use redis:// or rediss://`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new TypeError(`redis.Client: URL ${JSON.stringify(raw)} has no host`);
  const dbPath = url.pathname.replace(/^\/+/, '');
  return {
    host,
    port: url.port ? checkPort(Number(url.port), 'URL port') : DEFAULT_PORT,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: dbPath === '' ? 0 : checkDatabase(Number(dbPath), `URL path "/${dbPath}"`),
    connectTimeout: DEFAULT_CONNECT_TIMEOUT,
    commandTimeout: DEFAULT_COMMAND_TIMEOUT,
  };
}

function parseObject(o: Record<string, unknown>): ConnectionSpec {
  if (o.cluster !== undefined) {
    throw new TypeError('redis.Client: cluster mode (options.cluster) is not supported by Stampede yet; connect to a single node with socket.host/socket.port');
  }
  if (o.masterName !== undefined || o.sentinelUsername !== undefined || o.sentinelPassword !== undefined) {
    throw new TypeError('redis.Client: Redis Sentinel (options.masterName) is not supported by Stampede yet; connect to the master with socket.host/socket.port');
  }
  if (o.socket === undefined && o.addrs !== undefined) return parseLegacy(o);
  const socket = o.socket;
  if (socket === null || typeof socket !== 'object') {
    throw new TypeError('redis.Client: options.socket is required, e.g. { socket: { host: "localhost", port: 6379 } }');
  }
  const s = socket as Record<string, unknown>;
  if (typeof s.host !== 'string' || s.host === '') throw new TypeError('redis.Client: options.socket.host must be a non-empty string');
  return {
    host: s.host,
    port: s.port === undefined ? DEFAULT_PORT : checkPort(s.port, 'options.socket.port'),
    tls: s.tls === undefined || s.tls === null ? undefined : parseTls(s.tls),
    username: optionalString(o.username, 'options.username'),
    password: optionalString(o.password, 'options.password'),
    database: o.database === undefined ? 0 : checkDatabase(o.database, 'options.database'),
    clientName: optionalString(o.clientName, 'options.clientName'),
    connectTimeout: timeout(s.dialTimeout, DEFAULT_CONNECT_TIMEOUT, 'options.socket.dialTimeout'),
    commandTimeout: timeout(s.readTimeout, DEFAULT_COMMAND_TIMEOUT, 'options.socket.readTimeout'),
  };
}

/** k6 before v0.50: { addrs: ['host:port'], db, username, password }. */
function parseLegacy(o: Record<string, unknown>): ConnectionSpec {
  const addrs = Array.isArray(o.addrs) ? o.addrs.filter((a) => a !== '') : [o.addrs];
  if (addrs.length !== 1 || typeof addrs[0] !== 'string') {
    throw new TypeError(`redis.Client: options.addrs must hold exactly one "host:port" (several addresses mean a cluster or ring, which Stampede does not support yet); got ${JSON.stringify(o.addrs)}`);
  }
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(addrs[0]);
  if (!m) throw new TypeError(`redis.Client: options.addrs entry ${JSON.stringify(addrs[0])} is not "host:port"`);
  return {
    host: m[1] ?? m[2],
    port: m[3] ? checkPort(Number(m[3]), 'options.addrs port') : DEFAULT_PORT,
    username: optionalString(o.username, 'options.username'),
    password: optionalString(o.password, 'options.password'),
    database: o.db === undefined ? 0 : checkDatabase(o.db, 'options.db'),
    connectTimeout: DEFAULT_CONNECT_TIMEOUT,
    commandTimeout: DEFAULT_COMMAND_TIMEOUT,
  };
}

function parseTls(tls: unknown): TlsSpec {
  if (tls === true) return {};
  if (typeof tls !== 'object' || tls === null) throw new TypeError('redis.Client: options.socket.tls must be an object { ca, cert, key }');
  const t = tls as Record<string, unknown>;
  const spec: TlsSpec = {};
  if (t.ca !== undefined) {
    const list = Array.isArray(t.ca) ? t.ca : [t.ca];
    spec.ca = list.map((c, i) => toBuffer(c, `options.socket.tls.ca[${i}]`));
  }
  if (t.cert !== undefined) spec.cert = toBuffer(t.cert, 'options.socket.tls.cert');
  if (t.key !== undefined) spec.key = toBuffer(t.key, 'options.socket.tls.key');
  return spec;
}

function toBuffer(v: unknown, field: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v);
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`redis.Client: ${field} must be PEM text or an ArrayBuffer (e.g. from open(path, 'b'))`);
}

function checkPort(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
    throw new TypeError(`redis.Client: ${field} must be an integer from 1 to 65535, got ${JSON.stringify(v)}`);
  }
  return v;
}

function checkDatabase(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new TypeError(`redis.Client: ${field} must be a database number (0, 1, …), got ${JSON.stringify(v)}`);
  }
  return v;
}

function optionalString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new TypeError(`redis.Client: ${field} must be a string`);
  return v;
}

/** k6 gives timeouts in ms; -1 means none. */
function timeout(v: unknown, fallback: number, field: string): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`redis.Client: ${field} must be a number of milliseconds`);
  return v < 0 ? 0 : v;
}
