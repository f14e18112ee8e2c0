/**
 * One VU's connections: per origin, a small set of undici `Client`s, each
 * owning one socket. Owning the clients (rather than an undici Agent) is what
 * lets a request know which socket it ran on, so `connecting` and
 * `tls_handshaking` are reported only by the request that opened a connection
 * (as k6) and byte counts come from the socket itself.
 *
 * An HTTP/1.1 connection carries one request at a time; an HTTP/2 connection
 * carries up to `H2_MAX_STREAMS` concurrent ones.
 */
import { Client, buildConnector, type ConnectorOptions, type ConnectorCallback } from './undici-parts.ts';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { clientCertificateFor, nodeTlsOptions, type TlsSettings } from './tls-options.ts';
import { hostOverride } from './hosts.ts';
import { createLookup, DEFAULT_DNS, type DnsSettings } from './dns.ts';

const H2_MAX_STREAMS = 100;
/**
 * How long an idle connection is kept when the server does not say
 * (`Keep-Alive: timeout=`). undici's default is 4 s, so a VU that thinks for
 * 5 s, or whose iteration runs a few seconds late on a loaded machine,
 * re-dialed its socket on every request. k6's Go transport keeps idle
 * connections with no time limit; ten minutes is that, for a test, while a
 * VU that is gone for good still lets go of its socket.
 */
const IDLE_CONNECTION_MS = 600_000;

/** Timestamps (performance.now() ms) of one connection's set-up. */
export interface ConnectTimings {
  /** when the connector was called (DNS lookup starts here) */
  start: number;
  /** when the TCP connect began (after DNS) */
  tcpStart: number;
  /** when TCP was connected */
  tcpEnd: number;
  /** when TLS finished; equals tcpEnd for plain http */
  tlsEnd: number;
}

/** Options for the connections of one engine. */
export interface PoolOptions {
  insecureSkipTLSVerify: boolean;
  /** hostname → IP (or IP:port) overrides, k6 `hosts` */
  hosts?: Readonly<Record<string, string>>;
  /** TCP+TLS connect timeout in ms (k6's dialer uses 30 s) */
  connectTimeoutMs: number;
  /** idle connections kept per origin; more are closed when released */
  maxIdlePerOrigin: number;
  /** tlsVersion, tlsCipherSuites, tlsAuth */
  tls?: TlsSettings;
  /** k6 `dns`: cache ttl, address selection, family policy */
  dns?: DnsSettings;
}

/** undici's connector as it really is: it also returns the socket it is opening. */
type SocketConnector = (opts: ConnectorOptions, cb: ConnectorCallback) => Socket;

/** Splits `1.2.3.4`, `1.2.3.4:8080`, `[::1]:8080`, `::1` or `name:port` into host and optional port. */
function splitHostPort(v: string): { host: string; port?: string } {
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    return { host: v.slice(1, end), port: v[end + 1] === ':' ? v.slice(end + 2) : undefined };
  }
  const first = v.indexOf(':');
  if (first < 0 || first !== v.lastIndexOf(':')) return { host: v };
  return { host: v.slice(0, first), port: v.slice(first + 1) };
}

const TLS_VERSIONS: Record<string, string> = { TLSv1: 'tls1.0', 'TLSv1.1': 'tls1.1', 'TLSv1.2': 'tls1.2', 'TLSv1.3': 'tls1.3' };

/** One undici Client (one socket at a time) and what we know about its socket. */
export class PooledConnection {
  readonly client: Client;
  readonly origin: string;
  /** requests dispatched and not yet finished */
  inFlight = 0;
  h2 = false;
  socket: Socket | null = null;
  remoteIP = '';
  remotePort = 0;
  /** k6 spelling (`tls1.3`), '' for plain http */
  tlsVersion = '';
  /** set-up timings of the connection no request has used yet; taken by the first request */
  fresh: ConnectTimings | null = null;
  /** the latest set-up attempt, finished or not (timings of a request that fails while connecting) */
  lastAttempt: ConnectTimings | null = null;

  constructor(origin: string, connector: SocketConnector, hosts: PoolOptions['hosts']) {
    this.origin = origin;
    this.client = new Client(origin, {
      connect: (opts, cb) => this.#connect(connector, hosts, opts, cb),
      pipelining: 1,
      keepAliveTimeout: IDLE_CONNECTION_MS,
      keepAliveMaxTimeout: IDLE_CONNECTION_MS,
      headersTimeout: 0,
      bodyTimeout: 0,
      allowH2: true,
    });
  }

  /** true when another request may be dispatched on this connection now */
  get available(): boolean {
    return this.inFlight === 0 || (this.h2 && this.inFlight < H2_MAX_STREAMS);
  }

  #connect(connector: SocketConnector, hosts: PoolOptions['hosts'], opts: ConnectorOptions, cb: ConnectorCallback): void {
    const start = performance.now();
    const t: ConnectTimings = { start, tcpStart: start, tcpEnd: start, tlsEnd: start };
    this.lastAttempt = t;
    this.socket = null;
    const override = hostOverride(hosts, opts.hostname, opts.port || (opts.protocol === 'https:' ? 443 : 80));
    let connectOpts = opts;
    if (override) {
      const target = splitHostPort(override);
      connectOpts = { ...opts, hostname: target.host, port: target.port ?? opts.port, servername: opts.servername ?? opts.hostname };
    }
    const socket = connector(connectOpts, (err, sock) => {
      if (err || !sock) return cb(err ?? new Error('connect failed'), null);
      const now = performance.now();
      if (opts.protocol === 'https:') t.tlsEnd = now; else { t.tcpEnd = now; t.tlsEnd = now; }
      this.fresh = t;
      this.#adopt(sock as Socket);
      cb(null, sock);
    });
    socket.once('lookup', () => { t.tcpStart = performance.now(); });
    socket.once('connect', () => { t.tcpEnd = performance.now(); });
  }

  #adopt(sock: Socket): void {
    this.socket = sock;
    this.remoteIP = sock.remoteAddress ?? '';
    this.remotePort = sock.remotePort ?? 0;
    const tls = sock as TLSSocket;
    this.h2 = tls.alpnProtocol === 'h2';
    this.tlsVersion = typeof tls.getProtocol === 'function' ? TLS_VERSIONS[tls.getProtocol() ?? ''] ?? '' : '';
  }
}

/** The per-origin sets of connections of one engine. */
export class ConnectionPool {
  readonly #byOrigin = new Map<string, PooledConnection[]>();
  /** one connector per client certificate in use (undefined key: none) */
  readonly #connectors = new Map<object | undefined, SocketConnector>();
  readonly #opts: PoolOptions;
  /** hostname resolution with the VU's own dns settings and cache */
  readonly #lookup: ReturnType<typeof createLookup>;

  constructor(opts: PoolOptions) {
    this.#opts = opts;
    this.#lookup = createLookup(opts.dns ?? DEFAULT_DNS);
  }

  /** The connector for `origin`: TLS settings are per connector, and tlsAuth picks a certificate per host. */
  #connectorFor(origin: string): SocketConnector {
    const tls = this.#opts.tls ?? {};
    const hostname = origin.startsWith('https:') ? new URL(origin).hostname : '';
    const cert = hostname ? clientCertificateFor(tls, hostname) : undefined;
    let connector = this.#connectors.get(cert);
    if (!connector) {
      connector = buildConnector({
        ...nodeTlsOptions(tls, hostname),
        lookup: this.#lookup,
        rejectUnauthorized: !this.#opts.insecureSkipTLSVerify,
        timeout: this.#opts.connectTimeoutMs,
        maxCachedSessions: 0,
        allowH2: true,
      }) as unknown as SocketConnector;
      this.#connectors.set(cert, connector);
    }
    return connector;
  }

  /** A connection to `origin` that can take a request now (an idle one, or a new one). */
  acquire(origin: string): PooledConnection {
    let list = this.#byOrigin.get(origin);
    if (!list) { list = []; this.#byOrigin.set(origin, list); }
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c.available) { c.inFlight++; return c; }
    }
    const conn = new PooledConnection(origin, this.#connectorFor(origin), this.#opts.hosts);
    conn.inFlight = 1;
    list.push(conn);
    return conn;
  }

  /** Returns a connection after its request finished; closes it when too many are idle. */
  release(conn: PooledConnection): void {
    conn.inFlight--;
    if (conn.inFlight > 0) return;
    const list = this.#byOrigin.get(conn.origin);
    if (!list) return;
    let idle = 0;
    for (const c of list) if (c.inFlight === 0) idle++;
    if (idle > this.#opts.maxIdlePerOrigin) this.discard(conn);
  }

  /** Drops a connection (after a timeout or when over the idle limit) and destroys its socket. */
  discard(conn: PooledConnection): void {
    const list = this.#byOrigin.get(conn.origin);
    const i = list ? list.indexOf(conn) : -1;
    if (list && i >= 0) {
      list.splice(i, 1);
      if (list.length === 0) this.#byOrigin.delete(conn.origin);
    }
    conn.client.destroy().catch(() => {});
  }

  /** Closes the connections no request is using (k6 noVUConnectionReuse, between iterations). */
  closeIdle(): void {
    for (const list of [...this.#byOrigin.values()]) for (const c of [...list]) if (c.inFlight === 0) this.discard(c);
  }

  /** Closes every connection; in-flight requests fail. */
  async close(): Promise<void> {
    const all: Promise<void>[] = [];
    // undici makes an Error for each destroyed client and Node formats its stack; closing the
    // 10,000 pools of a finished test needs neither (a stack each cost ~20 µs)
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (const list of this.#byOrigin.values()) for (const c of list) all.push(c.client.destroy().catch(() => {}));
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
    this.#byOrigin.clear();
    await Promise.all(all);
  }
}
