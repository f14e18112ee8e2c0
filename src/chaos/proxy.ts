/**
 * The fault proxy (issue #17): listens on one address, opens one upstream
 * connection per accepted client and pipes both ways through two Links
 * (toxics/link.ts), which run the toxics of their direction. `enabled:
 * false` is the service down; `http: true` hands sockets to an HTTP layer
 * instead (toxics do not apply there: the layer owns the bytes).
 */
import net from 'node:net';
import type { Socket } from 'node:net';
import { appliesTo } from './toxics/toxicity.ts';
import { checkAttributes, checkToxic, checkToxicity } from './toxics/index.ts';
import { Link } from './toxics/link.ts';
import type { FaultProxy, HttpFaultSpec, ProxySpec, ProxyStats, ToxicSpec } from './types.ts';

/** The HTTP fault layer for one upstream (src/chaos/http-faults.ts builds it). */
export interface HttpLayer {
  handle(socket: Socket): void;
  setFault(fault: HttpFaultSpec | undefined): void;
  close(): Promise<void>;
}

export type HttpLayerFactory = (upstream: string) => HttpLayer;

export interface ProxyOptions {
  httpLayer?: HttpLayerFactory;
}

/** An Error with the HTTP status Toxiproxy's API answers it with (400, 404, 409). */
export class ProxyError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ProxyError';
    this.status = status;
  }
}

/** How long a closing socket may take to flush and see its peer's FIN before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function parseAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) throw new Error(`not a host:port address: ${JSON.stringify(address)}`);
  return { host: m[1] ?? m[2], port };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function startProxy(spec: ProxySpec, opts: ProxyOptions = {}): Promise<FaultProxy> {
  const proxy = new ProxyServer(spec, opts);
  await proxy.listenNow();
  return proxy;
}

/** Closes a socket with a FIN once its written data is flushed; destroys it if that takes too long. */
function closeSoon(socket: Socket): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume(); // keep reading (discarded) so the peer's FIN comes through
  if (!socket.writableEnded) socket.end();
}

/** Sends a RST where possible (a connected TCP socket), else just closes. */
function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting || socket.readyState === 'closed') socket.destroy();
  else socket.resetAndDestroy();
}

class Connection {
  readonly client: Socket;
  readonly server: Socket;
  readonly #up: Link;
  readonly #down: Link;
  /** toxic name → applies to this connection (decided once, Math.random() < toxicity) */
  readonly #decided = new Map<string, boolean>();
  #closed = 0;

  constructor(client: Socket, upstream: { host: string; port: number }, count: { up: (n: number) => void; down: (n: number) => void }, onClosed: (c: Connection) => void) {
    this.client = client;
    this.server = net.connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true });
    const close = { close: () => this.close(), reset: () => this.reset(this.server) };
    const closeDown = { close: () => this.close(), reset: () => this.reset(this.client) };
    this.#up = new Link(client, this.server, close, count.up);
    this.#down = new Link(this.server, client, closeDown, count.down);
    for (const [side, other] of [[client, this.server], [this.server, client]] as const) {
      side.on('error', () => {}); // 'close' follows and handles it
      side.once('close', (hadError) => {
        // a side gone without its FIN (error, RST, refused connect): the other one is closed;
        // after a clean FIN the links pass it on and the other side finishes by itself
        if (hadError || !side.readableEnded) {
          this.#up.stop();
          this.#down.stop();
          closeSoon(other);
        }
        if (++this.#closed === 2) {
          this.#up.stop();
          this.#down.stop();
          onClosed(this);
        }
      });
    }
  }

  /** The toxics now on the proxy; each is decided for this connection the first time it is seen. */
  applyToxics(toxics: ToxicSpec[]): void {
    const up: ToxicSpec[] = [];
    const down: ToxicSpec[] = [];
    for (const t of toxics) {
      let on = this.#decided.get(t.name);
      if (on === undefined) this.#decided.set(t.name, (on = appliesTo(t.toxicity)));
      if (on) (t.stream === 'upstream' ? up : down).push(t);
    }
    for (const name of this.#decided.keys()) if (!toxics.some((t) => t.name === name)) this.#decided.delete(name);
    this.#up.setToxics(up);
    this.#down.setToxics(down);
  }

  /** Forgets the decision for a toxic whose toxicity changed. */
  redecide(name: string): void {
    this.#decided.delete(name);
  }

  /** Both sides get a FIN after what was passed on; nothing more goes through. */
  close(): void {
    this.#up.stop();
    this.#down.stop();
    closeSoon(this.client);
    closeSoon(this.server);
  }

  reset(target: Socket): void {
    this.#up.stop();
    this.#down.stop();
    resetSocket(target);
    (target === this.client ? this.server : this.client).destroy();
  }

  destroy(): void {
    this.#up.stop();
    this.#down.stop();
    this.client.destroy();
    this.server.destroy();
  }
}

class ProxyServer implements FaultProxy {
  readonly name: string;
  readonly upstream: string;
  listen: string;
  readonly #spec: ProxySpec;
  readonly #upstream: { host: string; port: number };
  readonly #server: net.Server;
  readonly #http: HttpLayer | undefined;
  readonly #connections = new Set<Connection>();
  readonly #httpSockets = new Set<Socket>();
  #toxics: ToxicSpec[] = [];
  #enabled: boolean;
  #closed = false;
  #stats = { accepted: 0, bytesUpstream: 0, bytesDownstream: 0 };
  readonly #count = {
    up: (n: number): void => { this.#stats.bytesUpstream += n; },
    down: (n: number): void => { this.#stats.bytesDownstream += n; },
  };

  constructor(spec: ProxySpec, opts: ProxyOptions) {
    this.#spec = spec;
    this.name = spec.name;
    this.listen = spec.listen;
    this.upstream = spec.upstream;
    this.#upstream = parseAddress(spec.upstream);
    parseAddress(spec.listen);
    this.#enabled = spec.enabled;
    this.#http = spec.http && opts.httpLayer ? opts.httpLayer(spec.upstream) : undefined;
    this.#server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.#accept(socket));
  }

  async listenNow(): Promise<void> {
    const { host, port } = parseAddress(this.#spec.listen);
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException): void => {
        const why = err.code === 'EADDRINUSE' ? 'address already in use (EADDRINUSE)' : `${err.code ?? ''} ${err.message}`.trim();
        reject(Object.assign(new Error(`fault proxy ${this.name}: cannot listen on ${this.#spec.listen}: ${why}`, { cause: err }), { code: err.code }));
      };
      this.#server.once('error', failed);
      this.#server.listen(host === '' ? { port } : { host, port }, () => {
        this.#server.off('error', failed);
        resolve();
      });
    });
    this.#server.on('error', () => {}); // accept errors (EMFILE…) must not crash a run
    const addr = this.#server.address() as net.AddressInfo;
    this.listen = formatAddress(host === '' ? addr.address : host, addr.port);
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(on: boolean) {
    this.#enabled = on;
    if (on) return;
    for (const c of this.#connections) c.destroy();
    for (const s of this.#httpSockets) s.destroy();
  }

  #accept(socket: Socket): void {
    if (!this.#enabled || this.#closed) {
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    this.#stats.accepted++;
    if (this.#http) {
      // HTTP mode: the layer reads and writes the socket; toxics do not apply
      this.#httpSockets.add(socket);
      socket.once('close', () => {
        this.#httpSockets.delete(socket);
        this.#stats.bytesUpstream += socket.bytesRead;
        this.#stats.bytesDownstream += socket.bytesWritten;
      });
      this.#http.handle(socket);
      return;
    }
    const conn = new Connection(socket, this.#upstream, this.#count, (c) => this.#connections.delete(c));
    this.#connections.add(conn);
    if (this.#toxics.length > 0) conn.applyToxics(this.#toxics);
  }

  toxics(): ToxicSpec[] {
    return this.#toxics.map((t) => ({ ...t, attributes: { ...t.attributes } }));
  }

  addToxic(toxic: ToxicSpec): void {
    try {
      checkToxic(toxic);
    } catch (err) {
      throw new ProxyError((err as Error).message, 400);
    }
    if (this.#toxics.some((t) => t.name === toxic.name)) throw new ProxyError(`toxic ${toxic.name} already exists on proxy ${this.name}`, 409);
    this.#toxics = [...this.#toxics, { ...toxic, attributes: { ...toxic.attributes } }];
    this.#applyToxics();
  }

  updateToxic(name: string, change: { attributes?: Record<string, number>; toxicity?: number }): ToxicSpec {
    const i = this.#toxics.findIndex((t) => t.name === name);
    if (i < 0) throw new ProxyError(`toxic ${name} not found on proxy ${this.name}`, 404);
    try {
      if (change.toxicity !== undefined) checkToxicity(name, change.toxicity);
      if (change.attributes !== undefined) checkAttributes(name, change.attributes);
    } catch (err) {
      throw new ProxyError((err as Error).message, 400);
    }
    const old = this.#toxics[i];
    const next: ToxicSpec = { ...old, toxicity: change.toxicity ?? old.toxicity, attributes: { ...old.attributes, ...change.attributes } };
    this.#toxics = this.#toxics.map((t, j) => (j === i ? next : t));
    if (next.toxicity !== old.toxicity) for (const c of this.#connections) c.redecide(name);
    this.#applyToxics();
    return { ...next, attributes: { ...next.attributes } };
  }

  removeToxic(name: string): void {
    if (!this.#toxics.some((t) => t.name === name)) throw new ProxyError(`toxic ${name} not found on proxy ${this.name}`, 404);
    this.#toxics = this.#toxics.filter((t) => t.name !== name);
    this.#applyToxics();
  }

  #applyToxics(): void {
    if (this.#http) return;
    for (const c of this.#connections) c.applyToxics(this.#toxics);
  }

  setHttpFault(fault: HttpFaultSpec | undefined): void {
    if (!this.#http) {
      throw new Error(this.#spec.http
        ? `proxy ${this.name} was started without an HTTP layer, so it cannot take HTTP faults`
        : `proxy ${this.name} does not speak HTTP: declare it with http: true`);
    }
    this.#http.setFault(fault);
  }

  stats(): ProxyStats {
    return { connections: this.#connections.size + this.#httpSockets.size, ...this.#stats };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const c of this.#connections) c.destroy();
    for (const s of this.#httpSockets) s.destroy();
    await this.#http?.close();
    await closed;
  }
}
