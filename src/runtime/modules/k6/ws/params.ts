/**
 * The params object of ws.connect() and new WebSocket(): headers, tags,
 * compression ('deflate' or none) and an explicit cookie jar, validated into
 * one shape. Bad params throw a clear Error naming the field.
 */
import { CookieJar } from '../../../../http/index.ts';

export interface WsParams {
  headers: Record<string, string>;
  /** params.tags, stringified; undefined when absent */
  tags: Record<string, string> | undefined;
  /** permessage-deflate negotiated (params.compression === 'deflate') */
  compression: boolean;
  jar: CookieJar | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (!isObject(v)) throw new Error(`WebSocket params.${field} must be an object of name: value pairs`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined || val === null) continue;
    out[k] = String(val);
  }
  return out;
}

/**
 * `raw` may be undefined or null (no params). Without `jar`, the handshake
 * carries the cookies of `defaultJar` (the VU's k6/http jar), as in k6.
 */
export function parseParams(raw: unknown, defaultJar?: () => CookieJar): WsParams {
  const out = parseExplicit(raw);
  out.jar ??= defaultJar?.();
  return out;
}

function parseExplicit(raw: unknown): WsParams {
  const out: WsParams = { headers: {}, tags: undefined, compression: false, jar: undefined };
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) throw new Error(`WebSocket params must be an object, got ${typeof raw}`);
  if (raw.headers !== undefined && raw.headers !== null) out.headers = stringMap(raw.headers, 'headers');
  if (raw.tags !== undefined && raw.tags !== null) out.tags = stringMap(raw.tags, 'tags');
  const c = raw.compression;
  if (c !== undefined && c !== null && c !== '') {
    if (String(c).trim() !== 'deflate') throw new Error(`unsupported compression algorithm "${String(c)}" in WebSocket params; the only supported one is "deflate"`);
    out.compression = true;
  }
  if (raw.jar !== undefined && raw.jar !== null) {
    if (!(raw.jar instanceof CookieJar)) throw new Error('WebSocket params.jar must be a cookie jar (http.cookieJar() or new http.CookieJar())');
    out.jar = raw.jar;
  }
  return out;
}
