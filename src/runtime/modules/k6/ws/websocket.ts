/**
 * k6/websockets: the browser-style WebSocket class, bound to one VU. Each
 * open socket holds the VU's iteration open until its close event has been
 * handled; handlers of all the VU's sockets run one after another through
 * the VU's event queue. A handler that throws is logged and, as k6 ends the
 * iteration on such an error, the VU's sockets are closed.
 */
import { Blob } from 'node:buffer';
import type { CookieJar } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { WsConnection, parseWsUrl, type HandshakeFailure } from './connection.ts';
import { EventQueue } from './event-queue.ts';
import { Listeners, makeEvent, type WsEvent } from './events.ts';
import { parseParams } from './params.ts';
import { wsTagFlags, type WsTagFlags } from './samples.ts';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** close code used when the VU's sockets are cut short after a handler error */
const GOING_AWAY = 1001;
const EVENT_TYPES = ['open', 'message', 'error', 'close', 'ping', 'pong'] as const;
/** module-internal: ends a socket for the VU (not visible to scripts as a named method) */
const STOP = Symbol('stop');

/** What every WebSocket of one VU shares. */
export class VuSockets {
  readonly vu: VuRuntime;
  readonly flags: WsTagFlags;
  readonly queue: EventQueue;
  readonly live = new Set<BrowserWebSocket>();
  /** the VU's k6/http cookie jar, used when a socket's params give none */
  readonly defaultJar: (() => CookieJar) | undefined;

  constructor(vu: VuRuntime, defaultJar?: () => CookieJar) {
    this.vu = vu;
    this.defaultJar = defaultJar;
    this.flags = wsTagFlags(vu.systemTags);
    this.queue = new EventQueue(() => vu.hold(), (err) => this.handlerFailed(err, 'event'));
    const stopAll = () => {
      this.queue.clear();
      for (const s of [...this.live]) s[STOP](true);
    };
    vu.onInterrupt(stopAll);
    vu.onClose(stopAll);
  }

  /** A handler threw: log it as an iteration error and end the VU's sockets, as k6 ends the iteration. */
  handlerFailed(err: unknown, type: string): void {
    this.vu.reportError(err);
    this.vu.logger.warn(`a WebSocket ${type} handler threw: the VU's WebSockets are closed`);
    this.queue.clear();
    for (const sock of [...this.live]) sock[STOP](false);
  }
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

function protocolList(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map(String);
  return [String(raw)];
}

function invalidState(what: string): Error {
  const err = new Error(what);
  err.name = 'InvalidStateError';
  return err;
}

export class BrowserWebSocket {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  readonly #ctx: VuSockets;
  readonly #conn: WsConnection;
  readonly #listeners = new Listeners();
  readonly #release: () => void;
  #readyState = CONNECTING;
  #binaryType: 'blob' | 'arraybuffer' = 'blob';
  /** no more events for the script (VU stopping, or a handler failed) */
  #silenced = false;
  #finished = false;
  /** sends that wait for a Blob's bytes keep later sends and close() behind them */
  #pendingSends = 0;
  #sendTail: Promise<void> = Promise.resolve();

  constructor(ctx: VuSockets, url: unknown, protocols?: unknown, params?: unknown) {
    if (ctx.vu.state.inInit) throw new Error('using WebSockets (new WebSocket) in the init context is not supported');
    const parsedUrl = parseWsUrl(url);
    const parsedParams = parseParams(params, ctx.defaultJar);
    this.#ctx = ctx;
    this.#release = ctx.vu.hold();
    ctx.live.add(this);
    try {
      this.#conn = new WsConnection(ctx.vu, ctx.flags, parsedUrl, protocolList(protocols), parsedParams, {
        open: () => {
          this.#readyState = OPEN;
          this.#emit(makeEvent('open', this));
        },
        message: (data, binary) => {
          const payload = !binary ? data.toString('utf8') : this.#binaryType === 'arraybuffer' ? toArrayBuffer(data) : new Blob([data]);
          this.#emit(makeEvent('message', this, { data: payload, origin: parsedUrl.origin }));
        },
        ping: () => this.#emit(makeEvent('ping', this)),
        pong: () => this.#emit(makeEvent('pong', this)),
        error: (message) => this.#emit(makeEvent('error', this, { error: message, message })),
        close: (code, reason) => this.#closed(code, reason, code !== 1006),
        failed: (f) => this.#failed(f),
      });
    } catch (err) {
      ctx.live.delete(this);
      this.#release();
      throw err;
    }
  }

  get url(): string { return this.#conn.url.href; }
  get readyState(): number { return this.#readyState; }
  get protocol(): string { return this.#conn.protocol; }
  get extensions(): string { return this.#conn.extensions; }
  get bufferedAmount(): number { return this.#conn.bufferedAmount; }

  get binaryType(): string { return this.#binaryType; }
  set binaryType(v: unknown) {
    if (v !== 'blob' && v !== 'arraybuffer') throw new Error(`WebSocket.binaryType must be "blob" or "arraybuffer", got ${JSON.stringify(v)}`);
    this.#binaryType = v;
  }

  get onopen() { return this.#listeners.getAttribute('open'); }
  set onopen(fn: unknown) { this.#listeners.setAttribute('open', fn); }
  get onmessage() { return this.#listeners.getAttribute('message'); }
  set onmessage(fn: unknown) { this.#listeners.setAttribute('message', fn); }
  get onerror() { return this.#listeners.getAttribute('error'); }
  set onerror(fn: unknown) { this.#listeners.setAttribute('error', fn); }
  get onclose() { return this.#listeners.getAttribute('close'); }
  set onclose(fn: unknown) { this.#listeners.setAttribute('close', fn); }
  get onping() { return this.#listeners.getAttribute('ping'); }
  set onping(fn: unknown) { this.#listeners.setAttribute('ping', fn); }
  get onpong() { return this.#listeners.getAttribute('pong'); }
  set onpong(fn: unknown) { this.#listeners.setAttribute('pong', fn); }

  addEventListener(type: unknown, listener: unknown): void {
    const t = String(type);
    if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new Error(`WebSocket.addEventListener(): unknown event "${t}"; use one of ${EVENT_TYPES.join(', ')}`);
    this.#listeners.add(t, listener);
  }

  removeEventListener(type: unknown, listener: unknown): void {
    this.#listeners.remove(String(type), listener);
  }

  /** Sends a string as text, an ArrayBuffer, typed array, DataView or Blob as binary. */
  send(data: unknown): void {
    if (this.#readyState === CONNECTING) throw invalidState('WebSocket.send() was called before the connection was open; send from the open event');
    if (this.#readyState !== OPEN) return;
    if (data instanceof Blob) {
      this.#afterPending(async () => { this.#conn.send(Buffer.from(await data.arrayBuffer()), true); });
      return;
    }
    let payload: string | Buffer;
    let binary = true;
    if (data instanceof ArrayBuffer) payload = Buffer.from(data);
    else if (ArrayBuffer.isView(data)) payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else { payload = String(data); binary = false; }
    if (this.#pendingSends > 0) this.#afterPending(() => { this.#conn.send(payload, binary); });
    else this.#conn.send(payload, binary);
  }

  /** Sends a ping; its pong is timed into ws_ping. */
  ping(): void {
    if (this.#readyState === OPEN) this.#conn.ping();
  }

  /** Closes with `code` (default 1000) and `reason`; a close before the connection opened abandons it. */
  close(code?: unknown, reason?: unknown): void {
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    const c = code === undefined || code === null ? 1000 : Number(code);
    const r = reason === undefined || reason === null ? undefined : String(reason);
    this.#readyState = CLOSING;
    if (this.#pendingSends > 0) this.#afterPending(() => this.#conn.close(c, r));
    else this.#conn.close(c, r);
  }

  /** The VU stops (`now`: drop the connection) or a handler failed (close politely). */
  [STOP](now: boolean): void {
    this.#silenced = true;
    if (this.#readyState === CLOSED) {
      this.#finish();
      return;
    }
    this.#readyState = CLOSING;
    if (now) this.#conn.terminate(); else this.#conn.shutdown(GOING_AWAY);
  }

  #afterPending(step: () => void | Promise<void>): void {
    this.#pendingSends++;
    this.#sendTail = this.#sendTail.then(step).catch(() => undefined).finally(() => { this.#pendingSends--; });
  }

  #emit(ev: WsEvent, after?: () => void): void {
    if (this.#silenced) {
      after?.();
      return;
    }
    const ctx = this.#ctx;
    ctx.queue.push(async () => {
      try {
        await this.#listeners.dispatch(this, ev, () => !this.#silenced);
      } catch (err) {
        ctx.handlerFailed(err, ev.type);
      } finally {
        after?.();
      }
    });
  }

  #closed(code: number, reason: string, wasClean: boolean): void {
    this.#readyState = CLOSED;
    this.#emit(makeEvent('close', this, { code, reason, wasClean }), () => this.#finish());
  }

  #failed(f: HandshakeFailure): void {
    this.#readyState = CLOSED;
    if (!this.#silenced && !this.#conn.closeRequested) {
      if (!this.#listeners.has('error')) this.#ctx.vu.logger.warn(`WebSocket connection failed error=${JSON.stringify(f.message)} url=${this.#conn.url.href}`);
      this.#emit(makeEvent('error', this, { error: f.message, message: f.message, status: f.status }));
    }
    this.#emit(makeEvent('close', this, { code: 1006, reason: '', wasClean: false }), () => this.#finish());
  }

  /** The socket is done for the script: the VU's iteration no longer waits for it. */
  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#ctx.live.delete(this);
    this.#release();
  }
}

/** The WebSocket constructor scripts see, bound to one VU. */
export function webSocketClass(ctx: VuSockets) {
  return class WebSocket extends BrowserWebSocket {
    constructor(url: unknown, protocols?: unknown, params?: unknown) {
      super(ctx, url, protocols, params);
    }
  };
}
