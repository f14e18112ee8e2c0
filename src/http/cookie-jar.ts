/**
 * A per-VU cookie jar with the RFC 6265 rules that matter for load tests:
 * host-only vs domain cookies, default and explicit paths, expiry (Max-Age
 * over Expires), Secure only over https, and no Domain attribute naming a
 * public suffix (`co.uk`, `github.io`: the Public Suffix List, ICANN and
 * private sections, as browsers apply it; from tldts). Otherwise like Go's
 * jar, which k6 uses (k6 gives it no public suffix list).
 *
 * Our own rather than tough-cookie: where every response sets a cookie and
 * every request sends the jar's back, tough-cookie's sync API alone costs
 * 6–8 µs per request against 1.5–1.9 µs here, on a budget of ~50 µs per
 * request (bench/cookie-jar.ts; the public-suffix lookup adds ~0.15 µs,
 * only for cookies with a Domain attribute). TODO(#http-cookies): SameSite,
 * per-domain limits.
 */
import { createRequire } from 'node:module';
import type * as Tldts from 'tldts';

/** One stored cookie. `expiresAt` is epoch ms, Infinity for a session cookie. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresAt: number;
  secure: boolean;
  httpOnly: boolean;
  /** insertion order, for Go's ordering of equal-path cookies */
  seq: number;
}

/** A cookie as one `Set-Cookie` header describes it (k6's `Response.cookies` entries). */
export interface ParsedSetCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  /** Max-Age in seconds; 0 when absent, negative when it deletes the cookie */
  maxAge: number;
  /** Expires as epoch ms; 0 when absent, -1 for dates at or before the epoch (already expired) */
  expires: number;
}

/** Options of `CookieJar.set()` in k6's spelling (snake_case) or camelCase. */
export interface CookieOptions {
  domain?: string;
  path?: string;
  expires?: string | number | Date;
  max_age?: number;
  maxAge?: number;
  secure?: boolean;
  http_only?: boolean;
  httpOnly?: boolean;
}

/** Parses one Set-Cookie header value; undefined when it has no `name=`. */
export function parseSetCookie(header: string): ParsedSetCookie | undefined {
  const parts = header.split(';');
  const first = parts[0];
  const eq = first.indexOf('=');
  if (eq <= 0) return undefined;
  const name = first.slice(0, eq).trim();
  if (name === '') return undefined;
  let value = first.slice(eq + 1).trim();
  if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') value = value.slice(1, -1);
  const c: ParsedSetCookie = { name, value, domain: '', path: '', httpOnly: false, secure: false, maxAge: 0, expires: 0 };
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    const at = p.indexOf('=');
    const key = (at < 0 ? p : p.slice(0, at)).trim().toLowerCase();
    const val = at < 0 ? '' : p.slice(at + 1).trim();
    if (key === 'domain') c.domain = val.replace(/^\./, '').toLowerCase();
    else if (key === 'path') c.path = val;
    else if (key === 'secure') c.secure = true;
    else if (key === 'httponly') c.httpOnly = true;
    else if (key === 'max-age') {
      const n = Number(val);
      if (/^-?\d+$/.test(val)) c.maxAge = n <= 0 ? -1 : n;
    } else if (key === 'expires') {
      c.expires = expiresMs(Date.parse(val));
    }
  }
  return c;
}

/** 0 for "no expiry" (NaN), -1 for the epoch or earlier, else the time itself. */
function expiresMs(t: number): number {
  if (Number.isNaN(t)) return 0;
  return t <= 0 ? -1 : t;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

let tldts: typeof Tldts | undefined;
const PSL_OPTIONS: Parameters<typeof Tldts.getPublicSuffix>[1] = { allowPrivateDomains: true, extractHostname: false };

/**
 * true when `domain` is a public suffix: cookies may not be set for it.
 * `localhost` is not one (as in tough-cookie), so `app.localhost` and
 * `api.localhost` may share a cookie. The list (~220 KB of code) is loaded
 * on the first Domain attribute, so VUs of a script whose cookies carry
 * none never load it.
 */
export function isPublicSuffix(domain: string): boolean {
  if (domain === 'localhost') return false;
  tldts ??= createRequire(import.meta.url)('tldts') as typeof Tldts;
  return tldts.getPublicSuffix(domain, PSL_OPTIONS) === domain;
}

function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const i = pathname.lastIndexOf('/');
  return i === 0 ? '/' : pathname.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function toUrl(url: string | URL): URL {
  return typeof url === 'string' ? new URL(url) : url;
}

/** Stores cookies per domain and answers which ones a URL should carry. */
export class CookieJar {
  #byDomain = new Map<string, StoredCookie[]>();
  #seq = 0;
  readonly #now: () => number;

  /** `now` is injectable for tests (epoch ms). */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** true when no cookie is stored (lets the hot path skip matching). */
  get isEmpty(): boolean {
    return this.#byDomain.size === 0;
  }

  /** Sets a cookie for `url` as a script would (k6 `jar.set`); throws on an invalid URL. */
  set(url: string | URL, name: string, value: string, opts: CookieOptions = {}): void {
    const maxAge = opts.max_age ?? opts.maxAge;
    let expires = 0;
    if (opts.expires !== undefined && opts.expires !== null && opts.expires !== '') {
      expires = expiresMs(opts.expires instanceof Date ? opts.expires.getTime() : typeof opts.expires === 'number' ? opts.expires : Date.parse(opts.expires));
    }
    this.#store(toUrl(url), {
      name: String(name), value: String(value), domain: (opts.domain ?? '').replace(/^\./, '').toLowerCase(), path: opts.path ?? '',
      secure: Boolean(opts.secure), httpOnly: Boolean(opts.http_only ?? opts.httpOnly),
      maxAge: maxAge === undefined ? 0 : maxAge <= 0 ? -1 : maxAge, expires,
    });
  }

  /** Stores the cookies of a response's Set-Cookie headers received from `url`. */
  storeFromResponse(url: URL, setCookieHeaders: readonly string[]): void {
    for (const h of setCookieHeaders) {
      const c = parseSetCookie(h);
      if (c) this.#store(url, c);
    }
  }

  #store(url: URL, c: ParsedSetCookie): void {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    let domain = host;
    let hostOnly = true;
    if (c.domain !== '') {
      // a Domain attribute must cover the request host; IPs only take host-only cookies
      if (c.domain !== host && (isIp(host) || !host.endsWith(`.${c.domain}`))) return;
      if (isIp(host)) {
        hostOnly = true;
      } else if (isPublicSuffix(c.domain)) {
        // RFC 6265 5.3 step 5: refused, unless the host is that suffix itself (then host-only)
        if (c.domain !== host) return;
      } else {
        domain = c.domain;
        hostOnly = false;
      }
    }
    const path = c.path.startsWith('/') ? c.path : defaultPath(url.pathname);
    const now = this.#now();
    const expiresAt = c.maxAge !== 0 ? (c.maxAge < 0 ? 0 : now + c.maxAge * 1000) : c.expires !== 0 ? Math.max(c.expires, 0) : Infinity;
    let list = this.#byDomain.get(domain);
    if (!list) { list = []; this.#byDomain.set(domain, list); }
    const at = list.findIndex((x) => x.name === c.name && x.path === path && x.hostOnly === hostOnly);
    if (expiresAt <= now) {
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.#byDomain.delete(domain);
      return;
    }
    const stored: StoredCookie = { name: c.name, value: c.value, domain, hostOnly, path, expiresAt, secure: c.secure, httpOnly: c.httpOnly, seq: at >= 0 ? list[at].seq : this.#seq++ };
    if (at >= 0) list[at] = stored; else list.push(stored);
  }

  /** The cookies `url` should carry, longest path first (Go's order); drops expired ones. */
  matching(url: URL): StoredCookie[] {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const path = url.pathname || '/';
    const now = this.#now();
    const out: StoredCookie[] = [];
    let domain = host;
    for (;;) {
      const list = this.#byDomain.get(domain);
      if (list) {
        for (let i = list.length - 1; i >= 0; i--) {
          const c = list[i];
          if (c.expiresAt <= now) { list.splice(i, 1); continue; }
          if (c.hostOnly && domain !== host) continue;
          if (c.secure && !secure) continue;
          if (!pathMatches(path, c.path)) continue;
          out.push(c);
        }
      }
      const dot = domain.indexOf('.');
      if (dot < 0 || isIp(host)) break;
      domain = domain.slice(dot + 1);
    }
    if (out.length > 1) out.sort((a, b) => b.path.length - a.path.length || a.seq - b.seq);
    return out;
  }

  /** The `Cookie` header value for `url` ('' when no cookie applies). */
  cookieHeader(url: URL): string {
    if (this.isEmpty) return '';
    const list = this.matching(url);
    let s = '';
    for (const c of list) s += (s === '' ? '' : '; ') + `${c.name}=${c.value}`;
    return s;
  }

  /** k6 `jar.cookiesForURL(url)`: name → every value that would be sent to `url`. */
  cookiesForURL(url: string | URL): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const c of this.matching(toUrl(url))) (out[c.name] ??= []).push(c.value);
    return out;
  }

  /** k6 `jar.clear(url)`: removes every cookie that would be sent to `url`. */
  clear(url: string | URL): void {
    for (const c of this.matching(toUrl(url))) this.#remove(c);
  }

  /** k6 `jar.delete(url, name)`: removes the `name` cookies that would be sent to `url`. */
  delete(url: string | URL, name: string): void {
    for (const c of this.matching(toUrl(url))) if (c.name === name) this.#remove(c);
  }

  /** Removes every cookie. */
  clearAll(): void {
    this.#byDomain.clear();
  }

  #remove(c: StoredCookie): void {
    const list = this.#byDomain.get(c.domain);
    const i = list ? list.indexOf(c) : -1;
    if (list && i >= 0) list.splice(i, 1);
    if (list && list.length === 0) this.#byDomain.delete(c.domain);
  }
}
