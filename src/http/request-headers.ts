/**
 * The headers of an outgoing request as a flat [name, value, …] list, the
 * way undici takes them: the script's headers, k6's defaults (User-Agent,
 * Basic auth from URL credentials), the Cookie header, and the changes a
 * redirect makes (Referer, dropped body and credential headers).
 */
import type { CookieJar } from './cookie-jar.ts';

/** The script's headers, flattened, with what the engine needs to know about them. */
export interface PreparedHeaders {
  flat: string[];
  /** the script's own Cookie header; sent on the first hop only, before jar cookies */
  userCookie: string | undefined;
  hasContentEncoding: boolean;
  hasAuthorization: boolean;
}

/** Flattens the script's headers; drops Content-Length (undici computes it, as Go does); adds User-Agent unless given. */
export function prepareHeaders(h: Readonly<Record<string, string | string[]>> | undefined, userAgent: string): PreparedHeaders {
  const flat: string[] = [];
  let userCookie: string | undefined;
  let hasUserAgent = false;
  let hasContentEncoding = false;
  let hasAuthorization = false;
  if (h) {
    for (const key in h) {
      const v = h[key];
      if (v === undefined || v === null) continue;
      const lower = key.toLowerCase();
      if (lower === 'cookie') { userCookie = Array.isArray(v) ? v.join('; ') : String(v); continue; }
      if (lower === 'content-length') continue;
      if (lower === 'user-agent') { hasUserAgent = true; if (v === '') continue; }
      else if (lower === 'content-encoding') hasContentEncoding = true;
      else if (lower === 'authorization') hasAuthorization = true;
      if (Array.isArray(v)) for (const x of v) flat.push(key, String(x));
      else flat.push(key, String(v));
    }
  }
  if (!hasUserAgent && userAgent !== '') flat.push('User-Agent', userAgent);
  return { flat, userCookie, hasContentEncoding, hasAuthorization };
}

/** `Basic …` for the credentials of a URL (percent-decoded), as Go's client sends them. */
export function basicAuthFromUrl(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** Request cookies first, then the jar's (minus those a request cookie replaces), as k6. */
export function cookieHeader(jar: CookieJar | null, url: URL, reqCookies: Readonly<Record<string, { value: string; replace?: boolean }>> | undefined, userCookie: string | undefined): string {
  let s = userCookie ?? '';
  let replaced: Set<string> | undefined;
  if (reqCookies) {
    for (const name in reqCookies) {
      const c = reqCookies[name];
      s += `${s === '' ? '' : '; '}${name}=${c.value}`;
      if (c.replace) (replaced ??= new Set()).add(name);
    }
  }
  if (jar !== null && !jar.isEmpty) {
    for (const c of jar.matching(url)) {
      if (replaced?.has(c.name)) continue;
      s += `${s === '' ? '' : '; '}${c.name}=${c.value}`;
    }
  }
  return s;
}

/** A copy of `headers` without the given (lower-case) names. */
export function withoutHeaders(headers: readonly string[], lowerNames: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if (!lowerNames.includes(headers[i].toLowerCase())) out.push(headers[i], headers[i + 1]);
  return out;
}

/** Sets Referer to the page being left, except from https to http (Go's rule). */
export function withReferer(headers: readonly string[], from: URL, to: URL): string[] {
  const out = withoutHeaders(headers, ['referer']);
  if (from.protocol === 'https:' && to.protocol === 'http:') return out;
  const ref = new URL(from.href);
  ref.username = '';
  ref.password = '';
  ref.hash = '';
  out.push('Referer', ref.href);
  return out;
}

/** Estimated size of the request on the wire, for connections whose socket counters are shared (HTTP/2). */
export function requestSize(method: string, path: string, headers: readonly string[], body: string | Uint8Array | null): number {
  let n = method.length + path.length + 12; // "GET /path HTTP/1.1\r\n"
  for (let i = 0; i < headers.length; i += 2) n += headers[i].length + headers[i + 1].length + 4;
  n += 2;
  if (body !== null) n += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return n;
}
