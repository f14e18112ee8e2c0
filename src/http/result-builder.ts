/**
 * Builds an HttpResult from a finished Exchange (decoding the body, choosing
 * the error and k6's status-based error code) or from a request that failed
 * before anything was sent.
 */
import type { Exchange } from './exchange.ts';
import { HttpResult, SentRequest, type HttpTimings, type ResponseType } from './result.ts';
import { decodeBody } from './compression.ts';
import { ErrorCode, statusErrorCode, type ClassifiedError } from './errors.ts';

const ZERO_TIMINGS: HttpTimings = Object.freeze({ blocked: 0, connecting: 0, tlsHandshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 });

/**
 * The result of a finished round trip; a body that fails to decode becomes
 * error 1701. Synchronous unless the body must be decompressed, so the
 * common request costs no extra promise.
 */
export function resultFromExchange(ex: Exchange, url: string, method: string, headers: string[], body: string | Uint8Array | null, responseType: ResponseType): HttpResult | Promise<HttpResult> {
  if (ex.error !== null || responseType === 'none') return buildResult(ex, url, method, headers, body, responseType, ex.error, null);
  const raw = ex.bodyBytes();
  const encoding = ex.headers['content-encoding'];
  if (encoding === undefined) return buildResult(ex, url, method, headers, body, responseType, null, raw);
  return decodeBody(raw, typeof encoding === 'string' ? encoding : encoding.join(',')).then(
    (decoded) => buildResult(ex, url, method, headers, body, responseType, null, decoded),
    (err: unknown) => buildResult(ex, url, method, headers, body, responseType, { code: ErrorCode.decompression, message: err instanceof Error ? err.message : String(err) }, null),
  );
}

function buildResult(ex: Exchange, url: string, method: string, headers: string[], body: string | Uint8Array | null, responseType: ResponseType, error: ClassifiedError | null, bodyBytes: Buffer | null): HttpResult {
  const ok = error === null;
  const conn = ex.conn;
  const started = ex.tStart !== 0;
  return new HttpResult({
    url, method,
    status: ok ? ex.status : 0,
    statusMessage: ex.statusMessage,
    proto: ok ? (conn.h2 ? 'HTTP/2.0' : 'HTTP/1.1') : '',
    error: error === null ? '' : error.message,
    errorCode: error === null ? statusErrorCode(ex.status) : error.code,
    timings: ex.timings(),
    bytesSent: ex.bytesSent,
    bytesReceived: ex.bytesReceived,
    tlsVersion: ok ? conn.tlsVersion : '',
    remoteIP: started ? conn.remoteIP : '',
    remotePort: started ? conn.remotePort : 0,
    request: new SentRequest(method, url, headers, body),
    rawHeaders: ok ? ex.headers : {},
    body: bodyBytes,
    responseType,
  });
}

/** The result of a request that failed before a round trip (bad URL, blocked host, deadline passed). */
export function failedResult(url: string, method: string, headers: string[], body: string | Uint8Array | null, responseType: ResponseType, error: ClassifiedError): HttpResult {
  return new HttpResult({
    url, method, status: 0, statusMessage: '', proto: '', error: error.message, errorCode: error.code,
    timings: { ...ZERO_TIMINGS }, bytesSent: 0, bytesReceived: 0, tlsVersion: '', remoteIP: '', remotePort: 0,
    request: new SentRequest(method, url, headers, body), rawHeaders: {}, body: null, responseType,
  });
}
