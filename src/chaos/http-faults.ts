/**
 * Chaos drills (issue #17): the HTTP layer of the fault proxy. In HTTP mode
 * the TCP proxy hands every accepted client socket to `handle`; the layer
 * speaks HTTP/1.1 on it (one `http.Server` that never listens, keep-alive
 * on) and forwards each request to the upstream through a keep-alive
 * `http.Agent`, streaming bodies both ways. With a fault set (xk6-
 * disruptor's fields) each request whose path is not excluded waits
 * averageDelay ± delayVariation, then, with probability errorRate, is
 * answered by the layer itself with errorCode and errorBody and never
 * reaches the upstream (as xk6-disruptor does). An upstream that refuses
 * or cannot be reached is a 502 naming the cause; one that stalls is a 504
 * after a bounded wait.
 */
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpFaultSpec } from './types.ts';

export interface HttpFaultLayer {
  /** Serves HTTP/1.1 on an accepted client socket (call before anything reads from it). */
  handle(socket: net.Socket): void;
  /** Sets (or clears, with undefined) the faults; requests arriving afterwards see the change. */
  setFault(fault: HttpFaultSpec | undefined): void;
  /** Closes the server, the upstream agent and every open socket. */
  close(): Promise<void>;
}

export type HttpLayerFactory = (upstream: string) => HttpFaultLayer;

export interface HttpFaultLayerOptions {
  /** time allowed to open a connection to the upstream (default 5 s), then 502 */
  connectTimeoutMs?: number;
  /** time the upstream may stay silent (waiting for its answer or mid-body; default 60 s), then 504 */
  idleTimeoutMs?: number;
  /** source of randomness in [0, 1) (tests) */
  random?: () => number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Headers that belong to one connection, never forwarded (RFC 9110 7.6.1), plus `proxy-connection`. */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

// ---------------------------------------------------------------- pure parts

/** A fault's added delay in ms: uniform in averageDelay ± delayVariation, never negative. */
export function sampleDelayMs(fault: Pick<HttpFaultSpec, 'averageDelayMs' | 'delayVariationMs'>, random: () => number = Math.random): number {
  const average = fault.averageDelayMs > 0 ? fault.averageDelayMs : 0;
  const variation = fault.delayVariationMs > 0 ? fault.delayVariationMs : 0;
  if (variation === 0) return average;
  return Math.max(0, average - variation + random() * 2 * variation);
}

/** Whether one request is answered with the fault's error (probability errorRate). */
export function shouldInjectError(fault: Pick<HttpFaultSpec, 'errorRate'>, random: () => number = Math.random): boolean {
  return fault.errorRate > 0 && random() < fault.errorRate;
}

/** The path of a request target (`/a/b?x=1`, or absolute-form `http://h/a/b`), without query or fragment. */
export function requestPath(target: string): string {
  let path = target;
  if (!path.startsWith('/')) {
    const scheme = path.indexOf('://');
    if (scheme >= 0) {
      const slash = path.indexOf('/', scheme + 3);
      path = slash >= 0 ? path.slice(slash) : '/';
    }
  }
  const end = path.search(/[?#]/);
  return end >= 0 ? path.slice(0, end) : path;
}

/** Whether a path is excluded: equal to an entry, or starting with an entry's text before its trailing `*`. */
export function isExcluded(path: string, exclude: readonly string[]): boolean {
  for (const pattern of exclude) {
    if (pattern.endsWith('*')) {
      if (path.startsWith(pattern.slice(0, -1))) return true;
    } else if (path === pattern) {
      return true;
    }
  }
  return false;
}

/** The content type of an injected error body: JSON when it parses as an object or array, text otherwise. */
export function errorContentType(body: string): string {
  const text = body.trim();
  if ((text.startsWith('{') && text.endsWith('}')) || (text.startsWith('[') && text.endsWith(']'))) {
    try {
      JSON.parse(text);
      return 'application/json';
    } catch {
      // not JSON after all
    }
  }
  return 'text/plain; charset=utf-8';
}

/** An error line when a fault cannot be applied, undefined when it can. */
export function validateHttpFault(fault: HttpFaultSpec): string | undefined {
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (!finite(fault.averageDelayMs) || fault.averageDelayMs < 0) return `averageDelay must be a number of ms >= 0, not ${String(fault.averageDelayMs)}`;
  if (!finite(fault.delayVariationMs) || fault.delayVariationMs < 0) return `delayVariation must be a number of ms >= 0, not ${String(fault.delayVariationMs)}`;
  if (!finite(fault.errorRate) || fault.errorRate < 0 || fault.errorRate > 1) return `errorRate must be between 0 and 1, not ${String(fault.errorRate)}`;
  if (fault.errorRate > 0 && (!Number.isInteger(fault.errorCode) || fault.errorCode < 100 || fault.errorCode > 599)) {
    return `errorCode must be an HTTP status (100-599), not ${String(fault.errorCode)}`;
  }
  if (typeof fault.errorBody !== 'string') return 'errorBody must be a string';
  if (!Array.isArray(fault.exclude) || fault.exclude.some((p) => typeof p !== 'string')) return 'exclude must be a list of paths';
  return undefined;
}

/** `host:port` (or `[v6]:port`) as host and port. */
export function parseUpstream(upstream: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(upstream.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port > 0 && port < 65536)) throw new Error(`chaos proxy: upstream ${JSON.stringify(upstream)} is not host:port`);
  return { host: match[1] ?? match[2], port };
}

/** Raw headers (name, value, name, value…) without hop-by-hop ones, nor those the Connection header names. */
function forwardable(raw: string[], connection: string | undefined): string[] {
  const named = connection ? connection.toLowerCase().split(',').map((s) => s.trim()).filter(Boolean) : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

function isChunked(headers: http.IncomingHttpHeaders): boolean {
  const te = headers['transfer-encoding'];
  return typeof te === 'string' && /(^|,)\s*chunked\s*$/i.test(te);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

// ---------------------------------------------------------------- the layer

class UpstreamError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export function createHttpFaultLayer(upstream: string, options: HttpFaultLayerOptions = {}): HttpFaultLayer {
  const { host, port } = parseUpstream(upstream);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const random = options.random ?? Math.random;

  let fault: HttpFaultSpec | undefined;
  let closed = false;
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });

  const server = http.createServer({
    keepAlive: true,
    // a client may hold its connection as long as the load test runs; uploads may be long
    keepAliveTimeout: 60_000,
    requestTimeout: 0,
  }, (req, res) => onRequest(req, res));
  // upgrades (WebSocket) and CONNECT are not proxied in HTTP mode: answer instead of dropping silently
  const refuseUpgrade = (_req: http.IncomingMessage, socket: Duplex): void => {
    const body = 'chaos proxy: upgrade/CONNECT is not proxied in HTTP mode\n';
    socket.end(`HTTP/1.1 501 Not Implemented\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  };
  server.on('upgrade', refuseUpgrade);
  server.on('connect', refuseUpgrade);

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const current = fault;
    if (!current || isExcluded(requestPath(req.url ?? '/'), current.exclude)) {
      forward(req, res);
      return;
    }
    const delay = sampleDelayMs(current, random);
    const fail = shouldInjectError(current, random);
    const act = (): void => {
      if (fail) answerError(res, current); else forward(req, res);
    };
    if (delay <= 0) { act(); return; }
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.off('close', cancel);
      if (!res.destroyed) act();
    }, delay);
    timers.add(timer);
    const cancel = (): void => { clearTimeout(timer); timers.delete(timer); };
    res.once('close', cancel);
  }

  function answerError(res: http.ServerResponse, spec: HttpFaultSpec): void {
    const body = Buffer.from(spec.errorBody ?? '', 'utf8');
    res.writeHead(spec.errorCode, { 'content-type': errorContentType(spec.errorBody ?? ''), 'content-length': String(body.length) });
    res.end(body);
  }

  function answerProxyError(res: http.ServerResponse, status: number, message: string): void {
    if (res.headersSent) { res.destroy(); return; }
    const body = Buffer.from(`${message}\n`, 'utf8');
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) });
    res.end(body);
  }

  function forward(req: http.IncomingMessage, res: http.ServerResponse, retried = false): void {
    const headers = forwardable(req.rawHeaders, headerText(req.headers.connection));
    const hasContentLength = req.headers['content-length'] !== undefined;
    const chunked = !hasContentLength && isChunked(req.headers);
    if (chunked) headers.push('Transfer-Encoding', 'chunked');
    const hasBody = hasContentLength ? req.headers['content-length'] !== '0' : chunked;
    if (!req.headers.host) headers.push('Host', upstream);

    const upReq = http.request({
      host, port, agent,
      method: req.method,
      path: req.url,
      headers,
      setHost: false,
    });
    let failed = false;
    let upResponse: http.IncomingMessage | undefined;
    const fail = (err: NodeJS.ErrnoException): void => {
      if (failed) return;
      failed = true;
      req.unpipe(upReq);
      // an upstream that answered, then broke the connection (e.g. 413 mid-upload): its answer stands,
      // and an answer cut short is cut short for the client too
      if (upResponse) {
        if (!upResponse.complete) res.destroy();
        return;
      }
      // a keep-alive connection the upstream closed just as it was reused: try once more on a new one
      if (!retried && !hasBody && upReq.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !res.headersSent && !res.destroyed) {
        forward(req, res, true);
        return;
      }
      if (err instanceof UpstreamError && err.code === 'ETIMEDOUT' && !res.headersSent) {
        answerProxyError(res, 504, `chaos proxy: upstream ${upstream} timed out (${err.message})`);
      } else {
        const cause = err instanceof UpstreamError ? `${err.code}: ${err.message}` : (err.code ?? err.message);
        answerProxyError(res, 502, `chaos proxy: upstream ${upstream} unreachable (${cause})`);
      }
    };

    upReq.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => upReq.destroy(new UpstreamError(`no connection in ${connectTimeoutMs} ms`, 'ECONNTIMEOUT')), connectTimeoutMs);
      const clear = (): void => clearTimeout(timer);
      socket.once('connect', clear);
      socket.once('close', clear);
    });
    upReq.setTimeout(idleTimeoutMs, () => upReq.destroy(new UpstreamError(`silent for ${idleTimeoutMs} ms`, 'ETIMEDOUT')));
    upReq.on('error', fail);

    upReq.on('response', (upRes) => {
      upResponse = upRes;
      const out = forwardable(upRes.rawHeaders, headerText(upRes.headers.connection));
      if (/\bclose\b/i.test(headerText(upRes.headers.connection) ?? '')) out.push('Connection', 'close');
      try {
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, out);
      } catch (err) {
        upRes.destroy();
        answerProxyError(res, 502, `chaos proxy: upstream ${upstream} sent an invalid response (${(err as Error).message})`);
        return;
      }
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
      // the upstream closed mid-body: the client must see a broken answer, not a short one
      upRes.once('close', () => { if (!upRes.complete) res.destroy(); });
    });

    // the client went away before its answer was complete: stop the upstream exchange too
    res.once('close', () => {
      if (!res.writableFinished) upReq.destroy();
    });
    req.on('error', () => upReq.destroy());

    if (hasBody) req.pipe(upReq);
    else upReq.end();
  }

  return {
    handle(socket) {
      if (closed) { socket.destroy(); return; }
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      server.emit('connection', socket);
      // a socket accepted with pauseOnConnect reads nothing until resumed
      if (socket.isPaused()) socket.resume();
    },
    setFault(next) {
      if (next) {
        const problem = validateHttpFault(next);
        if (problem) throw new Error(`chaos proxy: ${problem}`);
        fault = { ...next, exclude: [...next.exclude] };
      } else {
        fault = undefined;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => { /* the server never listened: nothing to wait for */ });
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      agent.destroy();
    },
  };
}
