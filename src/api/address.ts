/**
 * The REST API's `--address host:port`. Loopback by default; anything else
 * must be asked for explicitly, and then may be protected by a bearer token.
 */
import { ConfigError } from '../errors/index.ts';

export const DEFAULT_API_ADDRESS = '127.0.0.1:6565';

export interface ApiAddress {
  host: string;
  port: number;
  loopback: boolean;
}

/** Parses `host:port`, `[::1]:port` or `:port` (loopback); throws a ConfigError naming `flag`. */
export function parseApiAddress(text: string, flag = '--address'): ApiAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ConfigError([`${flag}: expected host:port such as 127.0.0.1:6565, got ${JSON.stringify(text)}`]);
  const host = m[1] ?? (m[2] || '127.0.0.1');
  const bare = host === 'localhost' ? '127.0.0.1' : host;
  return { host: bare, port, loopback: bare === '::1' || /^127\./.test(bare) };
}

export function formatAddress(a: { host: string; port: number }): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
