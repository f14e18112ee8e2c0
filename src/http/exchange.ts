/**
 * One request/response round trip on one pooled connection: the undici
 * dispatch handler that timestamps each phase and collects the response.
 *
 * Hot path: one Exchange object per round trip, methods on the prototype, the
 * timeout timer gets the exchange as an argument (no per-request closures
 * besides the promise's resolver).
 */
import { constants as bufferConstants } from 'node:buffer';
import type { Dispatcher } from 'undici';
import type { ConnectTimings, PooledConnection } from './pool.ts';
import type { HeaderValues } from './headers.ts';
import type { HttpTimings } from './result.ts';
import { classifyError, REQUEST_TIMEOUT, type ClassifiedError } from './errors.ts';

const NO_HEADERS: Record<string, HeaderValues> = Object.freeze({}) as Record<string, HeaderValues>;
/**
 * A body announced at least this long (content-length) is copied into one
 * buffer of that size as it arrives, instead of a list of chunks joined at
 * the end: a 600 MB download then needs 600 MB, not twice that, and no
 * long copy after the last byte.
 */
const PREALLOCATE_MIN_BYTES = 1 << 20;
const TIMEOUT_ABORT = new Error('request timeout');

/** Handles one dispatch; `done` resolves exactly once, on end, error or timeout. */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly conn: PooledConnection;
  readonly done: Promise<Exchange>;
  /** performance.now() when the request was handed to the connection */
  readonly tDispatch: number;
  tStart = 0;
  tSent = 0;
  tFirstByte = 0;
  tEnd = 0;
  /** set-up timings when this request opened the connection */
  connect: ConnectTimings | null = null;
  status = 0;
  statusMessage = '';
  headers: Record<string, HeaderValues> = NO_HEADERS;
  chunks: Buffer[] = [];
  /** the body so far when it was preallocated (see PREALLOCATE_MIN_BYTES): its first receivedBodyBytes bytes; chunks is then empty */
  body: Buffer | null = null;
  receivedBodyBytes = 0;
  bytesSent = 0;
  bytesReceived = 0;
  error: ClassifiedError | null = null;
  finished = false;
  /** the connection is in an unknown state (timed out before the request started): drop it */
  discardConnection = false;
  timer: NodeJS.Timeout | undefined;
  readonly #host: string;
  readonly #keepBody: boolean;
  readonly #requestSize: number;
  #controller: Dispatcher.DispatchController | null = null;
  #written0 = 0;
  #read0 = 0;
  #resolve!: (ex: Exchange) => void;

  /** `requestSize` is the estimated size of the request on the wire, used when socket counters cannot be. */
  constructor(conn: PooledConnection, host: string, keepBody: boolean, requestSize: number) {
    this.conn = conn;
    this.#host = host;
    this.#keepBody = keepBody;
    this.#requestSize = requestSize;
    this.tDispatch = performance.now();
    this.done = new Promise<Exchange>((resolve) => { this.#resolve = resolve; });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    this.tStart = performance.now();
    if (this.finished) { controller.abort(TIMEOUT_ABORT); return; }
    const conn = this.conn;
    if (conn.fresh !== null) { this.connect = conn.fresh; conn.fresh = null; }
    const s = conn.socket;
    if (s !== null && !conn.h2) { this.#written0 = s.bytesWritten; this.#read0 = s.bytesRead; }
  }

  onRequestSent(): void {
    this.tSent = performance.now();
  }

  onResponseStarted(): void {
    if (this.tFirstByte === 0) this.tFirstByte = performance.now();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, HeaderValues>, statusMessage?: string): void {
    if (this.tFirstByte === 0) this.tFirstByte = performance.now();
    if (this.tSent === 0) this.tSent = this.tFirstByte;
    this.status = statusCode;
    this.statusMessage = statusMessage ?? '';
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.finished) return;
    const offset = this.receivedBodyBytes;
    this.receivedBodyBytes += chunk.length;
    if (!this.#keepBody) return;
    if (offset === 0) this.#preallocate();
    const body = this.body;
    if (body === null) this.chunks.push(chunk);
    else if (offset + chunk.length <= body.length) chunk.copy(body, offset);
    else {
      // more than content-length announced: back to a list of chunks
      this.chunks.push(body.subarray(0, offset), chunk);
      this.body = null;
    }
  }

  #preallocate(): void {
    const declared = this.headers['content-length'];
    if (declared === undefined) return;
    const length = Number(typeof declared === 'string' ? declared : declared[0]);
    if (!(length >= PREALLOCATE_MIN_BYTES && length <= bufferConstants.MAX_LENGTH && Number.isInteger(length))) return;
    try {
      this.body = Buffer.allocUnsafe(length);
    } catch {
      // no room for what the server announced: keep the chunks as they come
    }
  }

  /** The body bytes received (valid once `done` resolved). */
  bodyBytes(): Buffer {
    if (this.body !== null) return this.body.length === this.receivedBodyBytes ? this.body : this.body.subarray(0, this.receivedBodyBytes);
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.receivedBodyBytes);
  }

  onResponseEnd(): void {
    if (this.finished) return;
    this.tEnd = performance.now();
    this.#finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, err: Error): void {
    if (this.finished) return;
    this.tEnd = performance.now();
    this.error = classifyError(err, this.#host);
    this.#finish();
  }

  /** Ends the exchange with k6's "request timeout"; aborts the request if it already started. */
  timeout(): void {
    if (this.finished) return;
    this.tEnd = performance.now();
    this.error = REQUEST_TIMEOUT;
    const controller = this.#controller;
    if (controller === null && this.conn.inFlight <= 1) this.discardConnection = true;
    this.#finish();
    if (controller !== null) controller.abort(TIMEOUT_ABORT);
  }

  #finish(): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const conn = this.conn;
    const s = conn.socket;
    if (s !== null && !conn.h2 && this.tStart !== 0) {
      this.bytesSent = s.bytesWritten - this.#written0;
      this.bytesReceived = s.bytesRead - this.#read0;
    } else {
      this.bytesSent = this.tStart !== 0 ? this.#requestSize : 0;
      this.bytesReceived = this.status !== 0 ? estimateHeaderBytes(this.headers) + this.receivedBodyBytes : 0;
    }
    this.#resolve(this);
  }

  /** k6's timings for this round trip (valid once `done` resolved). */
  timings(): HttpTimings {
    const end = this.tEnd;
    let blocked: number;
    let connecting = 0;
    let tlsHandshaking = 0;
    const c = this.connect;
    if (c !== null) {
      blocked = c.tcpStart - this.tDispatch;
      connecting = c.tcpEnd - c.tcpStart;
      tlsHandshaking = c.tlsEnd - c.tcpEnd;
    } else if (this.tStart !== 0) {
      blocked = this.tStart - this.tDispatch;
    } else {
      // failed or timed out before the request could be written: attribute the set-up attempt
      const attempt = this.conn.lastAttempt;
      const tcpStart = attempt !== null && attempt.start >= this.tDispatch ? attempt.tcpStart : end;
      blocked = tcpStart - this.tDispatch;
      connecting = end - tcpStart;
    }
    const sending = this.tStart !== 0 ? (this.tSent || end) - this.tStart : 0;
    const waiting = this.tSent !== 0 ? (this.tFirstByte || end) - this.tSent : 0;
    const receiving = this.tFirstByte !== 0 ? end - this.tFirstByte : 0;
    return {
      blocked: blocked > 0 ? blocked : 0,
      connecting: connecting > 0 ? connecting : 0,
      tlsHandshaking: tlsHandshaking > 0 ? tlsHandshaking : 0,
      sending: sending > 0 ? sending : 0,
      waiting: waiting > 0 ? waiting : 0,
      receiving: receiving > 0 ? receiving : 0,
      duration: (sending > 0 ? sending : 0) + (waiting > 0 ? waiting : 0) + (receiving > 0 ? receiving : 0),
    };
  }
}

/** Timer callback: module-level so no closure is allocated per request. */
export function timeoutExchange(ex: Exchange): void {
  ex.timeout();
}

function estimateHeaderBytes(headers: Record<string, HeaderValues>): number {
  let n = 17; // status line + final CRLF
  for (const k in headers) {
    const v = headers[k];
    if (typeof v === 'string') n += k.length + v.length + 4;
    else if (v) for (const x of v) n += k.length + x.length + 4;
  }
  return n;
}
