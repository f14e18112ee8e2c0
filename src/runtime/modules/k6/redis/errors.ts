/**
 * The messages a script sees when a Redis call fails: one line that says
 * which server or command, and why, instead of the client library's terse
 * text or stack.
 */

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

/** The connection to `address` could not be opened (refused, timed out, TLS, AUTH, SELECT …). */
export function connectError(address: string, err: unknown): Error {
  return new Error(`redis: cannot connect to ${address}: ${reason(err)}`, { cause: err });
}

/** A command failed: a server error reply, a timeout or a dropped connection. */
export function commandError(command: string, address: string, err: unknown): Error {
  const e = err as { message?: unknown; constructor?: { name?: string } } | null;
  const name = e?.constructor?.name ?? '';
  if (name === 'SimpleError' || name === 'BlobError' || name === 'ErrorReply') {
    return new Error(`redis ${command}: ${String(e?.message)}`, { cause: err });
  }
  return new Error(`redis ${command} on ${address}: ${reason(err)}`, { cause: err });
}

/** k6 rejects single-value reads that find nothing (go-redis' "redis: nil"). */
export function nilError(command: string, what: string): Error {
  return new Error(`redis ${command}: nil: ${what}`);
}

function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; constructor?: { name?: string } } | null;
  if (typeof e?.code === 'string' && SOCKET_REASONS[e.code]) return SOCKET_REASONS[e.code];
  const name = e?.constructor?.name;
  if (name === 'ConnectionTimeoutError') return 'connection timed out';
  if (name === 'SocketClosedUnexpectedlyError') return 'connection closed unexpectedly';
  if (name === 'ClientClosedError' || name === 'DisconnectsClientError') return 'connection closed';
  if (typeof e?.message === 'string' && e.message === 'Command timeout') return 'no reply in time (socket.readTimeout)';
  return typeof e?.message === 'string' && e.message ? e.message : String(err);
}
