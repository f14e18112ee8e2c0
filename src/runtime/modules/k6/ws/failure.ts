/**
 * Words for what goes wrong on a WebSocket, in the form k6 users see (Go's
 * net and gorilla/websocket messages): a failed dial or handshake becomes a
 * message plus k6 error code; an abnormal close becomes
 * `websocket: close 1006 (abnormal closure)`.
 */
import { classifyError, ErrorCode, statusErrorCode } from '../../../../http/index.ts';

export interface Failure {
  message: string;
  /** k6 error code (1212 refused, 1000 generic, 1000+status for a 4xx/5xx handshake) */
  code: number;
}

interface NodeLikeError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  message?: string;
  errors?: unknown[];
}

const DIAL_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'i/o timeout',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** A dial or TLS error thrown before the handshake completed. */
export function dialFailure(err: unknown, url: URL): Failure {
  let e = (err ?? {}) as NodeLikeError;
  if (Array.isArray(e.errors) && e.errors.length > 0 && !e.syscall) e = e.errors[0] as NodeLikeError;
  const classified = classifyError(e, url.host);
  const text = e.code !== undefined ? DIAL_TEXT[e.code] : undefined;
  if (e.syscall === 'connect' && text !== undefined && e.address !== undefined) {
    const host = e.address.includes(':') ? `[${e.address}]` : e.address;
    return { message: `dial tcp ${host}:${e.port ?? url.port}: connect: ${text}`, code: classified.code };
  }
  if (e.code === 'ENOTFOUND') return { message: `dial tcp: lookup ${url.hostname}: no such host`, code: classified.code };
  const own = e.message ?? '';
  if (own === 'Opening handshake has timed out') return { message: 'websocket: opening handshake timed out', code: ErrorCode.tcpDialTimeout };
  if (e.code === undefined && own !== '') return { message: `websocket: bad handshake (${own})`, code: ErrorCode.generic };
  return classified;
}

/** The server answered the upgrade request with something other than 101. */
export function badHandshake(status: number): Failure {
  return { message: 'websocket: bad handshake', code: statusErrorCode(status) || ErrorCode.generic };
}

const CLOSE_TEXT: Record<number, string> = {
  1000: 'normal', 1001: 'going away', 1002: 'protocol error', 1003: 'unsupported data', 1005: 'no status',
  1006: 'abnormal closure', 1007: 'invalid payload data', 1008: 'policy violation', 1009: 'message too big',
  1010: 'mandatory extension missing', 1011: 'internal server error', 1012: 'service restart',
  1013: 'try again later', 1015: 'TLS handshake error',
};

/** `websocket: close 1011 (internal server error): reason` */
export function closeMessage(code: number, reason: string): string {
  const text = CLOSE_TEXT[code];
  return `websocket: close ${code}${text ? ` (${text})` : ''}${reason ? `: ${reason}` : ''}`;
}
