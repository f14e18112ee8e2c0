/**
 * What one HTTP round trip produced (`HttpResult`), with k6's semantics for
 * every field. Header objects and the body in its requested form are built
 * lazily on first access: most load-test iterations never read them.
 */
import { constants as bufferConstants } from 'node:buffer';
import { reasonPhrase } from './status-text.ts';
import { canonicalHeaderName, canonicalResponseHeaders, type HeaderValues } from './headers.ts';

/** k6's per-request timings, in ms (floats). duration = sending + waiting + receiving. */
export interface HttpTimings {
  blocked: number;
  connecting: number;
  tlsHandshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

/**
 * The most bytes a body may have to be decoded into one string: V8's string
 * limit (0x1fffffe8 = 536,870,888 characters on 64-bit), which Node checks
 * against the byte count. k6 (Go) has no such limit; a bigger body stays
 * readable as bytes with responseType 'binary'.
 */
export const MAX_TEXT_BODY_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** Reading a body as text that a JavaScript string cannot hold; the message says what to do instead. */
export class BodyTooLargeError extends Error {
  readonly bytes: number;
  constructor(bytes: number, method: string, url: string) {
    super(`the response body of ${method} ${url} is ${bytes} bytes, more than a JavaScript string can hold (${MAX_TEXT_BODY_BYTES} characters), so it cannot be read as text: ` +
      "request it with { responseType: 'binary' } to get r.body as an ArrayBuffer (r.body.byteLength is its size), " +
      "or with { responseType: 'none' } (or the option discardResponseBodies: true) if the script does not need it");
    this.name = 'BodyTooLargeError';
    this.bytes = bytes;
  }
}

/** Decodes a body as UTF-8, or throws BodyTooLargeError when no string can hold it. */
export function decodeBodyText(bytes: Buffer, method: string, url: string): string {
  if (bytes.length > MAX_TEXT_BODY_BYTES) throw new BodyTooLargeError(bytes.length, method, url);
  try {
    return bytes.toString('utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STRING_TOO_LONG') throw new BodyTooLargeError(bytes.length, method, url);
    throw err;
  }
}

/** The bytes as an ArrayBuffer: the Buffer's own when it spans all of it (a large body is not copied), else a copy. */
function toArrayBuffer(b: Buffer): ArrayBuffer {
  const ab = b.buffer;
  if (b.byteOffset === 0 && b.byteLength === ab.byteLength && ab instanceof ArrayBuffer) return ab;
  return ab.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** How the caller wants the response body: string, ArrayBuffer, or dropped. */
export type ResponseType = 'text' | 'binary' | 'none';

/** A request cookie as k6's `Response.request.cookies` shows it. */
export interface RequestCookie {
  name: string;
  value: string;
  replace: boolean;
}

/** The request as it was sent (k6's `Response.request`); headers are built lazily. */
export class SentRequest {
  readonly method: string;
  readonly url: string;
  readonly #flatHeaders: readonly string[];
  readonly #body: string | Uint8Array | null;
  #headers: Record<string, string[]> | undefined;
  #cookies: Record<string, RequestCookie[]> | undefined;

  /** `flatHeaders` is [name, value, name, value, …] as sent. */
  constructor(method: string, url: string, flatHeaders: readonly string[], body: string | Uint8Array | null) {
    this.method = method;
    this.url = url;
    this.#flatHeaders = flatHeaders;
    this.#body = body;
  }

  /** The cookies the request carried: name → [{ name, value, replace: false }]. */
  get cookies(): Record<string, RequestCookie[]> {
    if (this.#cookies) return this.#cookies;
    const out: Record<string, RequestCookie[]> = {};
    const f = this.#flatHeaders;
    for (let i = 0; i < f.length; i += 2) {
      if (f[i].toLowerCase() !== 'cookie') continue;
      for (const pair of f[i + 1].split(';')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const name = pair.slice(0, eq).trim();
        (out[name] ??= []).push({ name, value: pair.slice(eq + 1).trim(), replace: false });
      }
    }
    this.#cookies = out;
    return out;
  }

  /** Canonical header name → values, as k6 (`{ 'User-Agent': ['…'] }`). */
  get headers(): Record<string, string[]> {
    if (this.#headers) return this.#headers;
    const out: Record<string, string[]> = {};
    const f = this.#flatHeaders;
    for (let i = 0; i < f.length; i += 2) (out[canonicalHeaderName(f[i])] ??= []).push(f[i + 1]);
    this.#headers = out;
    return out;
  }

  /** The body as sent, as a string ('' when there was none). */
  get body(): string {
    const b = this.#body;
    if (b === null) return '';
    return typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  /** The raw body as sent (null when there was none). */
  get rawBody(): string | Uint8Array | null {
    return this.#body;
  }

  /** [name, value, …] exactly as sent, for debug dumps. */
  get flatHeaders(): readonly string[] {
    return this.#flatHeaders;
  }
}

/** Everything the engine learnt from one round trip, ready to become a k6 Response and samples. */
export interface HttpResultInit {
  url: string;
  method: string;
  status: number;
  statusMessage: string;
  proto: 'HTTP/1.1' | 'HTTP/2.0' | '';
  error: string;
  errorCode: number;
  timings: HttpTimings;
  bytesSent: number;
  bytesReceived: number;
  tlsVersion: string;
  remoteIP: string;
  remotePort: number;
  request: SentRequest;
  rawHeaders: Record<string, HeaderValues>;
  body: Buffer | null;
  responseType: ResponseType;
}

/** One round trip's outcome; `status` 0 with `error`/`errorCode` set when it failed. */
export class HttpResult {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  /** k6's `status_text`: "200 OK" */
  readonly statusText: string;
  /** '' when no response arrived */
  readonly proto: 'HTTP/1.1' | 'HTTP/2.0' | '';
  readonly error: string;
  /** k6 error code: network codes, or 1000 + status for 4xx/5xx; 0 when fine */
  readonly errorCode: number;
  readonly timings: HttpTimings;
  /** bytes written for this request (request line, headers, body) */
  readonly bytesSent: number;
  /** bytes read for this response (status line, headers, body as transferred) */
  readonly bytesReceived: number;
  /** `tls1.3` etc.; '' for plain http */
  readonly tlsVersion: string;
  readonly remoteIP: string;
  readonly remotePort: number;
  readonly request: SentRequest;
  readonly responseType: ResponseType;
  readonly #raw: Record<string, HeaderValues>;
  readonly #bodyBytes: Buffer | null;
  #headers: Record<string, string> | undefined;
  #body: string | ArrayBuffer | null | undefined;

  constructor(init: HttpResultInit) {
    this.url = init.url;
    this.method = init.method;
    this.status = init.status;
    this.statusText = init.status === 0 ? '' : `${init.status} ${init.statusMessage || reasonPhrase(init.status)}`.trimEnd();
    this.proto = init.proto;
    this.error = init.error;
    this.errorCode = init.errorCode;
    this.timings = init.timings;
    this.bytesSent = init.bytesSent;
    this.bytesReceived = init.bytesReceived;
    this.tlsVersion = init.tlsVersion;
    this.remoteIP = init.remoteIP;
    this.remotePort = init.remotePort;
    this.request = init.request;
    this.responseType = init.responseType;
    this.#raw = init.rawHeaders;
    this.#bodyBytes = init.body;
  }

  /** Response headers with canonical names, repeated values joined with ", ". */
  get headers(): Record<string, string> {
    return (this.#headers ??= canonicalResponseHeaders(this.#raw));
  }

  /** The value of one response header by lower-case name (joined when repeated). */
  header(lowerName: string): string | undefined {
    const v = this.#raw[lowerName];
    return v === undefined ? undefined : typeof v === 'string' ? v : v.join(', ');
  }

  /** Every Set-Cookie header value of the response. */
  get setCookies(): string[] {
    const v = this.#raw['set-cookie'];
    return v === undefined ? [] : typeof v === 'string' ? [v] : v;
  }

  /**
   * The body as the request asked: string ('text'), ArrayBuffer ('binary')
   * or null ('none', or no response). As text, a body too large for a
   * JavaScript string throws BodyTooLargeError (saying to use 'binary').
   */
  get body(): string | ArrayBuffer | null {
    if (this.#body !== undefined) return this.#body;
    const b = this.#bodyBytes;
    if (this.responseType === 'none' || this.status === 0) this.#body = null;
    else if (this.responseType === 'binary') this.#body = b ? toArrayBuffer(b) : new ArrayBuffer(0);
    else this.#body = b ? decodeBodyText(b, this.method, this.url) : '';
    return this.#body;
  }

  /** The body decoded as UTF-8 whatever the responseType ('' without one), for json() and html(); BodyTooLargeError as for `body`. */
  bodyText(): string {
    const body = this.body;
    if (typeof body === 'string') return body;
    const b = this.#bodyBytes;
    return b === null ? '' : decodeBodyText(b, this.method, this.url);
  }

  /** The decoded body bytes (null for responseType 'none'), for debug dumps and parsing. */
  get bodyBytes(): Buffer | null {
    return this.#bodyBytes;
  }
}
