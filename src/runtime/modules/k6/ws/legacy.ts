/**
 * k6/ws: `connect(url, [params], callback)` and the Socket the callback
 * receives. The returned promise (awaited by the compiled script, as k6's
 * connect blocks) settles when the connection has closed and every handler
 * has run: with k6's response object (status 101, url, headers, body, error),
 * or with the first exception a handler threw, as in k6 where it ends the
 * iteration. A connection that never opens logs a warning and resolves with
 * the error in the response, or rejects with options.throw.
 */
import type { CookieJar } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { WsConnection, parseWsUrl, type HandshakeFailure } from './connection.ts';
import { EventQueue } from './event-queue.ts';
import { closeMessage } from './failure.ts';
import { parseParams, type WsParams } from './params.ts';
import { wsTagFlags, type WsTagFlags } from './samples.ts';

/** What ws.connect() resolves to. */
export interface WsResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** '' on success */
  error: string;
  /** k6 error code, 0 on success */
  error_code: number;
}

type Handler = (this: Socket, ...args: unknown[]) => unknown;
type Settle = (r: { ok: true; response: WsResponse } | { ok: false; err: unknown }) => void;

const EVENTS = new Set(['open', 'message', 'binaryMessage', 'ping', 'pong', 'close', 'error']);
/** code sent when a handler threw and the session is cut short */
const GOING_AWAY = 1001;

/** The error object `error` handlers receive: `e.error()` is the message, as in k6. */
function errorEvent(message: string) {
  return { error: () => message, message, toString: () => message };
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

/** The script's handle on one k6/ws connection. */
export class Socket {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  /** Adds a handler; several per event are allowed. */
  on(event: unknown, handler: unknown): void {
    const name = String(event);
    if (!EVENTS.has(name)) throw new Error(`socket.on(): unknown event "${name}"; use one of ${[...EVENTS].join(', ')}`);
    if (typeof handler !== 'function') throw new Error(`socket.on("${name}", handler): the handler must be a function`);
    this.#session.addHandler(name, handler as Handler);
  }

  send(data: unknown): void {
    this.#session.send(String(data), false);
  }

  sendBinary(data: unknown): void {
    let buf: Buffer;
    if (data instanceof ArrayBuffer) buf = Buffer.from(data);
    else if (ArrayBuffer.isView(data)) buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else throw new Error(`socket.sendBinary() expects an ArrayBuffer, got ${data === null ? 'null' : typeof data}`);
    this.#session.send(buf, true);
  }

  ping(): void {
    this.#session.ping();
  }

  /** Closes with `code` (default 1000, normal closure). */
  close(code?: unknown): void {
    this.#session.close(code === undefined || code === null ? 1000 : Number(code));
  }

  /** Calls `fn` once after `ms`, if the connection is still open then. */
  setTimeout(fn: unknown, ms: unknown): void {
    if (typeof fn !== 'function') throw new Error('socket.setTimeout(fn, ms): fn must be a function');
    this.#session.timer(fn as Handler, Math.max(0, Number(ms) || 0), false);
  }

  /** Calls `fn` every `ms` while the connection is open. */
  setInterval(fn: unknown, ms: unknown): void {
    if (typeof fn !== 'function') throw new Error('socket.setInterval(fn, ms): fn must be a function');
    const interval = Number(ms);
    if (!(interval > 0)) throw new Error(`socket.setInterval() requires an interval > 0 ms, got ${String(ms)}`);
    this.#session.timer(fn as Handler, interval, true);
  }
}

/** One connect() call: the connection, its handlers, timers and the promise the script awaits. */
class Session {
  readonly socket: Socket;
  readonly #vu: VuRuntime;
  readonly #conn: WsConnection;
  readonly #queue: EventQueue;
  readonly #handlers = new Map<string, Handler[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #settle: Settle;
  #scriptError: { err: unknown } | undefined;
  #interrupted = false;
  /** an error event was already dispatched for this connection */
  #errored = false;
  #closed = false;
  #finished = false;

  constructor(vu: VuRuntime, flags: WsTagFlags, url: URL, params: WsParams, callback: (socket: Socket) => unknown, settle: Settle) {
    this.#vu = vu;
    this.#settle = settle;
    this.socket = new Socket(this);
    this.#queue = new EventQueue(() => vu.hold(), (err) => this.#fail(err));
    this.#conn = new WsConnection(vu, flags, url, [], params, {
      open: () => this.#queue.push(async () => {
        await callback.call(undefined, this.socket);
        await this.#dispatch('open');
      }),
      message: (data, binary) => this.#queue.push(() => (binary ? this.#dispatch('binaryMessage', toArrayBuffer(data)) : this.#dispatch('message', data.toString('utf8')))),
      ping: () => this.#queue.push(() => this.#dispatch('ping')),
      pong: () => this.#queue.push(() => this.#dispatch('pong')),
      error: (message) => {
        this.#errored = true;
        this.#queue.push(() => this.#dispatch('error', errorEvent(message)));
      },
      close: (code, reason) => this.#onClose(code, reason),
      failed: (f) => this.#onFailed(f),
    });
  }

  addHandler(name: string, h: Handler): void {
    const list = this.#handlers.get(name);
    if (list) list.push(h); else this.#handlers.set(name, [h]);
  }

  send(data: string | Buffer, binary: boolean): void {
    if (this.#conn.send(data, binary)) return;
    // k6 reports a write on a closing connection to the error handlers
    if (this.#conn.state !== 'connecting') this.#queue.push(() => this.#dispatch('error', errorEvent('websocket: close sent')));
  }

  ping(): void {
    this.#conn.ping();
  }

  close(code: number): void {
    this.#conn.close(code);
  }

  timer(fn: Handler, ms: number, repeat: boolean): void {
    if (this.#closed || this.#scriptError) return;
    const run = () => this.#queue.push(() => fn.call(this.socket));
    const t: NodeJS.Timeout = repeat ? setInterval(run, ms) : setTimeout(() => { this.#timers.delete(t); run(); }, ms);
    this.#timers.add(t);
  }

  /** The VU is being stopped: drop the connection, skip the remaining handlers. */
  interrupt(): void {
    this.#interrupted = true;
    this.#queue.clear();
    this.#clearTimers();
    if (this.#closed) this.#finish(); // its close task may just have been dropped
    else this.#conn.terminate();
  }

  async #dispatch(name: string, ...args: unknown[]): Promise<void> {
    const list = this.#handlers.get(name);
    if (!list) return;
    for (const h of [...list]) {
      if (this.#scriptError || this.#interrupted) return;
      const r = h.apply(this.socket, args);
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await r;
    }
  }

  /** A handler or the callback threw: the session ends and connect() rethrows, as k6's does. */
  #fail(err: unknown): void {
    if (this.#scriptError) return;
    this.#scriptError = { err };
    this.#queue.clear();
    this.#clearTimers();
    if (this.#closed) this.#finish();
    else this.#conn.shutdown(GOING_AWAY);
  }

  #onClose(code: number, reason: string): void {
    this.#closed = true;
    this.#clearTimers();
    this.#queue.push(async () => {
      try {
        if (!this.#scriptError && !this.#interrupted) {
          // k6 forwards a close other than 1000 that the script did not ask for as an error
          if (code !== 1000 && !this.#conn.closeRequested && !this.#errored) await this.#dispatch('error', errorEvent(closeMessage(code, reason)));
          await this.#dispatch('close', code);
        }
      } catch (err) {
        this.#scriptError ??= { err };
      }
      this.#finish();
    });
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#scriptError) {
      this.#settle({ ok: false, err: this.#scriptError.err });
      return;
    }
    const c = this.#conn;
    this.#settle({ ok: true, response: { url: c.url.href, status: c.status, headers: c.headers, body: '', error: '', error_code: 0 } });
  }

  #onFailed(f: HandshakeFailure): void {
    this.#closed = true;
    this.#finished = true;
    const url = this.#conn.url.href;
    if (this.#vu.options.throw && !this.#interrupted) {
      this.#settle({ ok: false, err: new Error(f.message) });
      return;
    }
    if (!this.#interrupted) this.#vu.logger.warn(`Attempt to establish a WebSocket connection failed error=${JSON.stringify(f.message)} url=${url}`);
    this.#settle({ ok: true, response: { url, status: f.status, headers: f.headers, body: f.body, error: f.message, error_code: f.code } });
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

/** The `connect` function of one VU's k6/ws instance. */
export function createConnect(vu: VuRuntime, defaultJar?: () => CookieJar): (url: unknown, params?: unknown, callback?: unknown) => Promise<WsResponse> {
  const flags = wsTagFlags(vu.systemTags);
  const live = new Set<Session>();
  const stopAll = () => { for (const s of [...live]) s.interrupt(); };
  vu.onInterrupt(stopAll);
  vu.onClose(stopAll);
  return async (rawUrl, rawParams, rawCallback) => {
    if (vu.state.inInit) throw new Error('using WebSockets (ws.connect) in the init context is not supported');
    let callback = rawCallback;
    let params = rawParams;
    if (callback === undefined && typeof rawParams === 'function') {
      callback = rawParams;
      params = undefined;
    }
    if (typeof callback !== 'function') throw new Error('ws.connect(url, [params], callback): the last argument must be a function receiving the socket');
    const url = parseWsUrl(rawUrl);
    const parsed = parseParams(params, defaultJar);
    return new Promise<WsResponse>((resolve, reject) => {
      const session: Session = new Session(vu, flags, url, parsed, callback as (socket: Socket) => unknown, (r) => {
        live.delete(session);
        if (r.ok) resolve(r.response); else reject(r.err);
      });
      live.add(session);
    });
  };
}
