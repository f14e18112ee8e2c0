/**
 * k6's error codes for failed requests (k6 docs, "Error Codes") and the
 * mapping from Node/undici errors to them, with Go-style messages so scripts
 * and dashboards that match on `error` / `error_code` keep working.
 */

/** k6's error codes; 1400–1599 are 1000 + the HTTP status, 1611+/1631+/1651+ add the HTTP/2 code. */
export const ErrorCode = {
  generic: 1000,
  nonTcpNetwork: 1010,
  invalidUrl: 1020,
  requestTimeout: 1050,
  dnsGeneric: 1100,
  dnsNoIp: 1101,
  blacklistedIp: 1110,
  blockedHostname: 1111,
  tcpGeneric: 1200,
  tcpBrokenPipe: 1201,
  tcpUnknown: 1202,
  tcpDial: 1210,
  tcpDialTimeout: 1211,
  tcpDialRefused: 1212,
  tcpDialUnknown: 1213,
  tcpResetByPeer: 1220,
  tlsGeneric: 1300,
  tlsUnknownAuthority: 1310,
  tlsHostnameMismatch: 1311,
  http2Generic: 1600,
  http2GoAway: 1610,
  http2Stream: 1630,
  http2Connection: 1650,
  decompression: 1701,
} as const;

/** A classified failure: k6's code and a Go-style message (no `Get "url":` prefix, as k6's `error`). */
export interface ClassifiedError {
  code: number;
  message: string;
}

/** The failure a request ends with when its `timeout` elapses. */
export const REQUEST_TIMEOUT: ClassifiedError = { code: ErrorCode.requestTimeout, message: 'request timeout' };

interface NodeLikeError {
  code?: string;
  syscall?: string;
  address?: string;
  hostname?: string;
  message?: string;
  reason?: string;
  errors?: unknown[];
}

const UNKNOWN_AUTHORITY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

const DIAL_ERRNO_TEXT: Record<string, string> = {
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** HTTP/2 error names in RFC 7540 §7 order; the index is the code k6 adds to 1611/1631/1651. */
const H2_CODES = [
  'NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED',
  'FRAME_SIZE_ERROR', 'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED',
];

/**
 * Maps an error thrown while making a request to `host` to k6's code and
 * message (k6's short messages: `dial: connection refused`, `lookup: no such
 * host`, …). Unknown errors become 1000 with their own message. Never throws.
 */
export function classifyError(err: unknown, host: string): ClassifiedError {
  let e = (err ?? {}) as NodeLikeError;
  if (Array.isArray(e.errors) && e.errors.length > 0 && !e.syscall) e = e.errors[0] as NodeLikeError; // AggregateError from happy eyeballs
  const code = e.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return { code: ErrorCode.tcpDialRefused, message: 'dial: connection refused' };
    case 'ENOTFOUND':
      return { code: ErrorCode.dnsNoIp, message: 'lookup: no such host' };
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'ENODATA':
      return { code: ErrorCode.dnsGeneric, message: `lookup ${e.hostname ?? host}: server misbehaving` };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: ErrorCode.tcpDialTimeout, message: 'dial: i/o timeout' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { code: ErrorCode.tcpDial, message: `dial tcp ${e.address ?? host}: connect: ${DIAL_ERRNO_TEXT[code]}` };
    case 'EMFILE':
    case 'ENFILE':
      // the generator's own limit (ulimit -n), not the target: Go's words for it
      return { code: ErrorCode.tcpDial, message: `dial tcp ${e.address ?? host}: socket: too many open files` };
    case 'ECONNRESET':
      return { code: ErrorCode.tcpResetByPeer, message: `${socketOp(e)}: connection reset by peer` };
    case 'EPIPE':
      return { code: ErrorCode.tcpBrokenPipe, message: 'write: broken pipe' };
    case 'UND_ERR_SOCKET':
      return { code: ErrorCode.generic, message: 'EOF' };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: ErrorCode.tlsHostnameMismatch, message: "x509: certificate doesn't match hostname" };
    default:
      break;
  }
  if (UNKNOWN_AUTHORITY.has(code)) return { code: ErrorCode.tlsUnknownAuthority, message: 'x509: unknown authority' };
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_')) {
    return { code: ErrorCode.tlsGeneric, message: `tls: ${e.reason ?? e.message ?? code}` };
  }
  if (code.startsWith('ERR_HTTP2_')) return classifyHttp2(code, e.message ?? '');
  return { code: ErrorCode.generic, message: e.message || String(err) };
}

function classifyHttp2(code: string, message: string): ClassifiedError {
  const name = /NGHTTP2_([A-Z_0-9]+)/.exec(message)?.[1] ?? '';
  const offset = H2_CODES.indexOf(name) + 1; // 0 when unknown, as k6
  const label = name || 'unknown';
  if (code === 'ERR_HTTP2_GOAWAY_SESSION') return { code: ErrorCode.http2GoAway + offset, message: `http2: received GoAway with http2 ErrCode ${label}` };
  if (code === 'ERR_HTTP2_STREAM_ERROR') return { code: ErrorCode.http2Stream + offset, message: `http2: stream error with http2 ErrCode ${label}` };
  if (code === 'ERR_HTTP2_SESSION_ERROR') return { code: ErrorCode.http2Connection + offset, message: `http2: connection error with http2 ErrCode ${label}` };
  return { code: ErrorCode.http2Generic, message: `http2: ${message}` };
}

function socketOp(e: NodeLikeError): string {
  if (e.syscall === 'connect') return 'dial';
  return e.syscall === 'write' ? 'write' : 'read';
}

/** The code k6 gives an HTTP error status (1000 + status for 4xx/5xx), or 0. */
export function statusErrorCode(status: number): number {
  return status >= 400 && status < 600 ? 1000 + status : 0;
}
