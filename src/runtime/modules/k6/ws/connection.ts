/**
 * One client WebSocket connection over the `ws` package, shared by k6/ws and
 * k6/websockets: builds the handshake (headers, User-Agent, cookies,
 * subprotocols, compression, TLS options), follows its state, records the
 * ws_* samples (sessions, connecting, messages, ping round trips, duration,
 * bytes) and reports each event once to its owner, which decides how the
 * script sees it. A connection that never opens reports `failed` only.
 */
import { createRequire } from 'node:module';
import type WebSocket from 'ws';

// `ws` pulls in node:http, which loads Node's bundled undici (~10 MB per
// worker): load it on the first connection, not in every worker.
let wsClass: typeof WebSocket | undefined;
const loadWs = (): typeof WebSocket => (wsClass ??= createRequire(import.meta.url)('ws') as typeof WebSocket);
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { canonicalHeaderName, DEFAULT_USER_AGENT, ErrorCode, hostOverride } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { badHandshake, dialFailure, type Failure } from './failure.ts';
import type { WsParams } from './params.ts';
import { SessionSamples, type WsTagFlags } from './samples.ts';

/** What the server answered when the connection did not open. */
export interface HandshakeFailure extends Failure {
  /** 0 when no HTTP response came back (refused, reset, timeout) */
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ConnectionEvents {
  open(): void;
  message(data: Buffer, binary: boolean): void;
  ping(): void;
  pong(): void;
  /** an error on an open connection; a close follows */
  error(message: string): void;
  /** an opened connection has closed */
  close(code: number, reason: string): void;
  /** the connection never opened; nothing else follows */
  failed(failure: HandshakeFailure): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

const HANDSHAKE_TIMEOUT_MS = 60_000;
const MAX_ERROR_BODY = 64 * 1024;
/** how long a close we start because of an error may wait for the server's close frame */
const SHUTDOWN_GRACE_MS = 1000;

/** Parses a ws:// or wss:// URL; anything else throws a clear Error. */
export function parseWsUrl(raw: unknown): URL {
  const s = String(raw ?? '');
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new Error(`invalid WebSocket URL ${JSON.stringify(s)}: it must be an absolute ws:// or wss:// URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`invalid WebSocket URL ${JSON.stringify(s)}: the scheme must be ws:// or wss://, not ${url.protocol}//`);
  }
  return url;
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[canonicalHeaderName(k)] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function hasHeader(headers: Record<string, string>, lower: string): boolean {
  for (const k in headers) if (k.toLowerCase() === lower) return true;
  return false;
}

export class WsConnection {
  readonly url: URL;
  state: ConnectionState = 'connecting';
  /** handshake response status (101 once open) */
  status = 0;
  /** handshake response headers, canonical names */
  headers: Record<string, string> = {};
  readonly #ws: WebSocket;
  readonly #events: ConnectionEvents;
  readonly #samples: SessionSamples;
  readonly #start = performance.now();
  #socket: Socket | undefined;
  #failure: HandshakeFailure | undefined;
  #closeRequested = false;
  #pingSeq = 0;
  readonly #pings = new Map<string, number>();
  #shutdownTimer: NodeJS.Timeout | undefined;

  /** Starts connecting at once; `protocols` are the offered subprotocols. */
  constructor(vu: VuRuntime, flags: WsTagFlags, url: URL, protocols: string[], params: WsParams, events: ConnectionEvents) {
    this.url = url;
    this.#events = events;
    this.#samples = new SessionSamples(vu, flags, url.href, params.tags);
    const headers = { ...params.headers };
    const ua = vu.options.userAgent ?? DEFAULT_USER_AGENT;
    if (ua !== '' && !hasHeader(headers, 'user-agent')) headers['User-Agent'] = ua;
    if (params.jar !== undefined && !hasHeader(headers, 'cookie')) {
      const cookie = params.jar.cookieHeader(url);
      if (cookie !== '') headers.Cookie = cookie;
    }
    const ws = new (loadWs())(url, protocols, {
      headers,
      perMessageDeflate: params.compression,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      followRedirects: false,
      rejectUnauthorized: vu.options.insecureSkipTLSVerify !== true,
      ...(vu.options.hosts && { lookup: hostsLookup(vu.options.hosts, url) }),
    });
    this.#ws = ws;
    ws.on('upgrade', (res) => {
      this.status = res.statusCode ?? 101;
      this.headers = flatHeaders(res.headers);
      this.#socket = res.socket;
    });
    ws.on('unexpected-response', (_req, res) => this.#unexpectedResponse(res));
    ws.on('open', () => this.#opened());
    ws.on('message', (data, isBinary) => {
      this.#samples.messageReceived();
      this.#events.message(toBuffer(data), isBinary);
    });
    ws.on('ping', () => this.#events.ping());
    ws.on('pong', (data) => this.#pong(data));
    ws.on('error', (err) => this.#error(err));
    ws.on('close', (code, reason) => this.#closed(code, reason.toString('utf8')));
  }

  /** the subprotocol the server chose ('' if none) */
  get protocol(): string {
    return this.#ws.protocol;
  }

  get extensions(): string {
    return this.#ws.extensions;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  /** true once the script (or the VU stopping) asked for the close */
  get closeRequested(): boolean {
    return this.#closeRequested;
  }

  /** Sends one message; false (nothing sent, nothing counted) unless the connection is open. */
  send(data: string | Buffer, binary: boolean): boolean {
    if (this.state !== 'open') return false;
    this.#ws.send(data, { binary });
    this.#samples.messageSent();
    return true;
  }

  /** Sends a ping whose pong is timed into ws_ping; false unless open. */
  ping(): boolean {
    if (this.state !== 'open') return false;
    const id = String(++this.#pingSeq);
    this.#pings.set(id, performance.now());
    this.#ws.ping(id);
    return true;
  }

  /** Starts the closing handshake (or abandons a handshake in progress). Throws on a code `ws` rejects. */
  close(code?: number, reason?: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.#closeRequested = true;
    if (this.state === 'connecting') {
      this.#ws.terminate();
      return;
    }
    this.#ws.close(code, reason);
    this.state = 'closing';
  }

  /** Closes because something failed on our side: a close frame, then the TCP connection after a short grace. */
  shutdown(code: number): void {
    if (this.state === 'closed') return;
    try {
      this.close(code);
    } catch {
      this.#ws.terminate();
    }
    if (this.#shutdownTimer === undefined && this.state === 'closing') {
      this.#shutdownTimer = setTimeout(() => this.#ws.terminate(), SHUTDOWN_GRACE_MS);
      this.#shutdownTimer.unref();
    }
  }

  /** Drops the connection at once (VU interrupted or closed). */
  terminate(): void {
    if (this.state === 'closed') return;
    this.#closeRequested = true;
    this.#ws.terminate();
  }

  #opened(): void {
    this.state = 'open';
    this.status = 101;
    this.#samples.handshakeDone(101, this.#ws.protocol);
    this.#samples.opened(performance.now() - this.#start);
    this.#events.open();
  }

  #pong(data: Buffer): void {
    const sent = this.#pings.get(data.toString('utf8'));
    if (sent !== undefined) {
      this.#pings.delete(data.toString('utf8'));
      this.#samples.pingRoundTrip(performance.now() - sent);
    }
    this.#events.pong();
  }

  #unexpectedResponse(res: IncomingMessage): void {
    const status = res.statusCode ?? 0;
    const headers = flatHeaders(res.headers);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.#failure ??= { ...badHandshake(status), status, headers, body: Buffer.concat(chunks).toString('utf8') };
      this.#ws.terminate();
    };
    const timer = setTimeout(finish, 2000);
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_ERROR_BODY) chunks.push(c);
      else finish();
    });
    res.on('end', finish);
    res.on('error', finish);
    res.on('close', finish);
  }

  #error(err: Error): void {
    if (this.state === 'connecting') {
      if (this.#failure === undefined) {
        const f = this.#closeRequested
          ? { message: 'websocket: the connection was closed before it was established', code: ErrorCode.generic }
          : dialFailure(err, this.url);
        this.#failure = { ...f, status: 0, headers: {}, body: '' };
      }
      return;
    }
    if (this.state === 'closed') return;
    this.#events.error(err.message);
  }

  #closed(code: number, reason: string): void {
    const wasOpen = this.state !== 'connecting';
    this.state = 'closed';
    if (this.#shutdownTimer !== undefined) clearTimeout(this.#shutdownTimer);
    if (!wasOpen) {
      this.#events.failed(this.#failure ?? { message: 'websocket: the connection closed during the handshake', code: ErrorCode.generic, status: this.status, headers: this.headers, body: '' });
      return;
    }
    const socket = this.#socket;
    this.#samples.closed(performance.now() - this.#start, socket?.bytesWritten ?? 0, socket?.bytesRead ?? 0);
    this.#events.close(code, reason);
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The `hosts` option for a WebSocket handshake: an overridden hostname resolves to its IP (the port stays the URL's). */
function hostsLookup(hosts: Readonly<Record<string, string>>, url: URL) {
  const port = url.port || (url.protocol === 'wss:' ? 443 : 80);
  return (hostname: string, opts: { all?: boolean }, cb: LookupCallback): void => {
    const override = hostOverride(hosts, hostname, port);
    if (!override) { dnsLookup(hostname, opts, cb as never); return; }
    const ip = override.startsWith('[') ? override.slice(1, override.indexOf(']')) : isIP(override) ? override : override.split(':')[0];
    const family = isIP(ip) || 4;
    if (opts?.all) cb(null, [{ address: ip, family }]);
    else cb(null, ip, family);
  };
}
