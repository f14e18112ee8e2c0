/**
 * The per-VU HTTP engine: turns a request into round trips on the VU's own
 * connections, follows redirects the way k6 (Go's http.Client) does, keeps
 * the VU's cookie jar, sends URL credentials as Basic auth (as Go does) or,
 * with `auth: 'digest'`, answers a 401 Digest challenge once (as k6 does),
 * decodes compressed bodies, and never rejects: network
 * failures come back as results with k6's error codes.
 */
import { ConnectionPool } from './pool.ts';
import type { TlsSettings } from './tls-options.ts';
import type { DnsSettings } from './dns.ts';
import { Exchange, timeoutExchange } from './exchange.ts';
import type { HttpResult, ResponseType } from './result.ts';
import { CookieJar } from './cookie-jar.ts';
import { compressBody } from './compression.ts';
import { ErrorCode, REQUEST_TIMEOUT, type ClassifiedError } from './errors.ts';
import { failedResult, resultFromExchange } from './result-builder.ts';
import { digestAuthorization, pickDigestChallenge } from './digest-auth.ts';
import { basicAuthFromUrl, cookieHeader, prepareHeaders, requestSize, withoutHeaders, withReferer, type PreparedHeaders } from './request-headers.ts';

/** Stampede's default User-Agent (k6 sends `k6/<version> (https://k6.io/)`). */
export const DEFAULT_USER_AGENT = 'Stampede/0.1 (k6-compatible)';

/** How one VU's engine behaves; every field is optional and defaults to k6's. */
export interface HttpEngineOptions {
  /** '' sends no User-Agent; default DEFAULT_USER_AGENT */
  userAgent?: string;
  /** redirects followed per request unless the request says otherwise; default 10 */
  maxRedirects?: number;
  insecureSkipTLSVerify?: boolean;
  /** close every connection after its request (k6 noConnectionReuse) */
  noConnectionReuse?: boolean;
  /** hostname → IP or IP:port overrides (k6 `hosts`) */
  hosts?: Readonly<Record<string, string>>;
  /** hostnames refused with error 1111; a leading `*` matches any prefix (k6 `blockHostnames`) */
  blockHostnames?: readonly string[];
  /** whole-request timeout including redirects; default 60000 */
  timeoutMs?: number;
  /** TCP+TLS set-up timeout; default 30000 (k6's dialer) */
  connectTimeoutMs?: number;
  /** idle connections kept per origin (k6: batchPerHost); default 6 */
  maxIdlePerOrigin?: number;
  /** k6 tlsVersion, tlsCipherSuites, tlsAuth */
  tls?: TlsSettings;
  /** k6 dns */
  dns?: DnsSettings;
}

/** One request as the k6/http module hands it over (URL already a string, body already bytes or text). */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string | string[]>>;
  body?: string | Uint8Array | null;
  /** overrides the engine timeout */
  timeoutMs?: number;
  /** overrides the engine maxRedirects */
  redirects?: number;
  /** default 'text' */
  responseType?: ResponseType;
  /** request body compression: gzip, deflate, br, zstd or a comma-separated stack */
  compression?: string;
  /** request-scoped cookies (k6 params.cookies); `replace` hides a jar cookie of the same name */
  cookies?: Readonly<Record<string, { value: string; replace?: boolean }>>;
  /** cookie jar for this request; undefined = the engine's jar, null = no jar */
  jar?: CookieJar | null;
  /**
   * how the URL's credentials are sent: 'basic' (default) as an Authorization
   * header on the first try; 'digest' not at first, then, when the answer is
   * a 401 with a Digest challenge, the same request once more with the
   * computed Authorization header (both round trips are hops, as in k6)
   */
  auth?: 'basic' | 'digest';
}

/** Every round trip of one request; k6 emits metrics for each hop. */
export interface HttpOutcome {
  /** the last hop: what the script's Response shows */
  response: HttpResult;
  /**
   * every round trip in order, redirects first; the last one is `response`.
   * Empty when the request could not be made at all (invalid URL, unsupported
   * scheme): k6 emits no metrics for those.
   */
  hops: HttpResult[];
  /** true when the request stopped on a redirect because its redirect limit was reached */
  redirectsExhausted: boolean;
}

/** One VU's HTTP client. Not shared between VUs. */
export interface HttpEngine {
  /** Makes the request; resolves (never rejects) once the final response body is read. */
  request(req: HttpRequest): Promise<HttpOutcome>;
  /** The VU's current cookie jar. */
  readonly cookieJar: CookieJar;
  /** Replaces the cookie jar with an empty one (k6 does this before each iteration) and returns it. */
  resetCookies(): CookieJar;
  /** Closes the idle connections, so the next requests connect anew (k6 noVUConnectionReuse). */
  closeIdleConnections(): void;
  /** Closes every connection; pending requests fail. */
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-encoding'];
const SENSITIVE_HEADERS = ['authorization', 'www-authenticate', 'cookie', 'cookie2'];

/** Creates one VU's engine. */
export function createHttpEngine(opts: HttpEngineOptions = {}): HttpEngine {
  return new Engine(opts);
}

/** A parsed request URL and the parts every round trip reads (URL getters are not free). */
interface Target {
  url: URL;
  origin: string;
  /** pathname + search */
  path: string;
  hostname: string;
}

function targetOf(url: URL): Target {
  return { url, origin: url.origin, path: url.pathname + url.search, hostname: url.hostname };
}

/** One round trip to make: what changes from hop to hop of a redirect chain. */
interface Hop {
  target: Target;
  /** the URL as the result shows it: the script's string on the first hop */
  urlString: string;
  method: string;
  headers: string[];
  body: string | Uint8Array | null;
  /** this round trip already answers a Digest challenge */
  digestAnswered?: boolean;
}

/** What stays the same over a request's hops. */
interface Chain {
  req: HttpRequest;
  responseType: ResponseType;
  deadline: number;
  jar: CookieJar | null;
  maxRedirects: number;
  initialHost: string;
  userCookie: string | undefined;
  /** the URL's credentials, with auth: 'digest' */
  digest: { username: string; password: string } | undefined;
}

class Engine implements HttpEngine {
  cookieJar = new CookieJar();
  readonly #pool: ConnectionPool;
  readonly #userAgent: string;
  readonly #maxRedirects: number;
  readonly #timeoutMs: number;
  readonly #noReuse: boolean;
  readonly #blocked: readonly string[];
  /** the last URL string parsed, kept because scripts mostly request the same few URLs in a row */
  #lastUrlString = '';
  #lastTarget: Target | undefined;
  #lastFrozenHeaders: HttpRequest['headers'];
  #lastPrepared: PreparedHeaders | undefined;

  constructor(opts: HttpEngineOptions) {
    this.#userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.#maxRedirects = opts.maxRedirects ?? 10;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#noReuse = opts.noConnectionReuse ?? false;
    this.#blocked = (opts.blockHostnames ?? []).map((p) => p.toLowerCase());
    this.#pool = new ConnectionPool({
      insecureSkipTLSVerify: opts.insecureSkipTLSVerify ?? false,
      hosts: opts.hosts,
      connectTimeoutMs: opts.connectTimeoutMs ?? 30_000,
      maxIdlePerOrigin: opts.maxIdlePerOrigin ?? 6,
      tls: opts.tls,
      dns: opts.dns,
    });
  }

  resetCookies(): CookieJar {
    this.cookieJar = new CookieJar();
    return this.cookieJar;
  }

  closeIdleConnections(): void {
    this.#pool.closeIdle();
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  /**
   * Hot path: no async frames here (each costs a generator, its registers and
   * a promise per await, about 1 KB per request of garbage for three of them).
   * Preparing is synchronous; the hops are chained on the exchanges' own
   * promises, and every failure, thrown or not, becomes a failed outcome.
   */
  request(req: HttpRequest): Promise<HttpOutcome> {
    const responseType = req.responseType ?? 'text';
    try {
      const deadline = performance.now() + (req.timeoutMs ?? this.#timeoutMs);
      const prepared = this.#prepareHeaders(req.headers);
      const target = this.#parse(req.url);
      if (target === undefined) return Promise.resolve(failedOutcome(req, prepared.flat, responseType, { code: ErrorCode.invalidUrl, message: `parse "${req.url}": invalid URI for request` }, false));
      const url = target.url;
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve(failedOutcome(req, prepared.flat, responseType, { code: ErrorCode.generic, message: `unsupported protocol scheme "${url.protocol.slice(0, -1)}"` }, false));
      if (this.#isBlocked(target.hostname)) return Promise.resolve(failedOutcome(req, prepared.flat, responseType, { code: ErrorCode.blockedHostname, message: 'hostname is blocked' }, true));
      const digest = req.auth === 'digest' ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
      const auth = prepared.hasAuthorization || digest !== undefined ? undefined : basicAuthFromUrl(url);
      let flat = prepared.flat;
      if (auth !== undefined) flat = [...flat, 'Authorization', auth];
      let body = req.body ?? null;
      if (body !== null && req.compression) {
        const c = compressBody(typeof body === 'string' ? Buffer.from(body) : body, req.compression);
        body = c.body;
        if (!prepared.hasContentEncoding && c.contentEncoding) flat = [...flat, 'Content-Encoding', c.contentEncoding];
      }
      const chain: Chain = {
        req, responseType, deadline,
        jar: req.jar === undefined ? this.cookieJar : req.jar,
        maxRedirects: req.redirects ?? this.#maxRedirects,
        initialHost: target.hostname,
        userCookie: prepared.userCookie,
        digest,
      };
      return this.#hop(chain, { target, urlString: req.url, method: req.method, headers: flat, body }, [], 0);
    } catch (err) {
      return Promise.resolve(internalFailure(req, responseType, err));
    }
  }

  /**
   * The script's headers flattened. Frozen header objects (a call without
   * params) cannot change, so their flat form is kept; the flat list is
   * never mutated once made.
   */
  #prepareHeaders(headers: HttpRequest['headers']): PreparedHeaders {
    if (headers !== undefined && headers === this.#lastFrozenHeaders) return this.#lastPrepared!;
    const prepared = prepareHeaders(headers, this.#userAgent);
    if (headers !== undefined && Object.isFrozen(headers)) {
      this.#lastFrozenHeaders = headers;
      this.#lastPrepared = prepared;
    }
    return prepared;
  }

  /** The parsed URL, from a one-entry cache; undefined when it does not parse. */
  #parse(urlString: string): Target | undefined {
    if (urlString === this.#lastUrlString && this.#lastTarget !== undefined) return this.#lastTarget;
    let url: URL;
    try {
      url = new URL(urlString);
    } catch {
      return undefined;
    }
    const target = targetOf(url);
    this.#lastUrlString = urlString;
    this.#lastTarget = target;
    return target;
  }

  /**
   * Makes round trip number `followed` of the request (0: the first), then
   * follows redirects (Go's rules) until a final response or the limit.
   * Never rejects.
   */
  #hop(chain: Chain, hop: Hop, hops: HttpResult[], followed: number): Promise<HttpOutcome> {
    const cookie = cookieHeader(chain.jar, hop.target.url, chain.req.cookies, followed === 0 ? chain.userCookie : undefined);
    const headers = cookie === '' ? hop.headers : [...hop.headers, 'Cookie', cookie];
    const ex = this.#dispatch(hop, headers, chain);
    if (ex === undefined) {
      hops.push(failedResult(hop.urlString, hop.method, headers, hop.body, chain.responseType, REQUEST_TIMEOUT));
      return Promise.resolve({ response: hops[hops.length - 1], hops, redirectsExhausted: false });
    }
    return ex.done.then(() => {
      try {
        if (ex.discardConnection) this.#pool.discard(ex.conn); else this.#pool.release(ex.conn);
        const result = resultFromExchange(ex, hop.urlString, hop.method, headers, hop.body, chain.responseType);
        if (result instanceof Promise) return result.then((r) => this.#afterHop(chain, hop, hops, followed, r));
        return this.#afterHop(chain, hop, hops, followed, result);
      } catch (err) {
        return internalFailure(chain.req, chain.responseType, err);
      }
    });
  }

  /** The outcome once `result` (of `hop`) is in, or the next hop of a redirect. */
  #afterHop(chain: Chain, hop: Hop, hops: HttpResult[], followed: number, result: HttpResult): HttpOutcome | Promise<HttpOutcome> {
    hops.push(result);
    if (result.status === 0) return { response: result, hops, redirectsExhausted: false };
    if (chain.jar !== null) {
      const setCookies = result.setCookies;
      if (setCookies.length > 0) chain.jar.storeFromResponse(hop.target.url, setCookies);
    }
    if (result.status === 401 && chain.digest !== undefined && !hop.digestAnswered) {
      const retry = this.#digestRetry(chain, hop, result);
      if (retry !== undefined) return this.#hop(chain, retry, hops, followed);
    }
    if (!REDIRECT_STATUSES.has(result.status)) return { response: result, hops, redirectsExhausted: false };
    const next = redirectTarget(hop.target.url, result.header('location'));
    if (next === undefined) return { response: result, hops, redirectsExhausted: false };
    if (followed >= chain.maxRedirects) return { response: result, hops, redirectsExhausted: true };
    return this.#hop(chain, redirectedHop(hop, result.status, next, chain.initialHost), hops, followed + 1);
  }

  /**
   * The same round trip again with the answer to the 401's Digest challenge,
   * or undefined (no usable challenge, or a host outside the request's domain:
   * its credentials are not sent there).
   */
  #digestRetry(chain: Chain, hop: Hop, result: HttpResult): Hop | undefined {
    const host = hop.target.hostname;
    if (host !== chain.initialHost && !host.endsWith(`.${chain.initialHost}`)) return undefined;
    const challenge = pickDigestChallenge(result.header('www-authenticate'));
    if (challenge === undefined) return undefined;
    const authorization = digestAuthorization(challenge, { ...chain.digest!, method: hop.method, uri: hop.target.path, body: hop.body });
    if (authorization === undefined) return undefined;
    return { ...hop, headers: [...withoutHeaders(hop.headers, ['authorization']), 'Authorization', authorization], digestAnswered: true };
  }

  #isBlocked(hostname: string): boolean {
    if (this.#blocked.length === 0) return false;
    const host = hostname.toLowerCase();
    for (const p of this.#blocked) if (p.startsWith('*') ? host.endsWith(p.slice(1)) : host === p) return true;
    return false;
  }

  /** Sends one round trip on a pooled connection; undefined when the request's deadline has already passed. */
  #dispatch(hop: Hop, headers: string[], chain: Chain): Exchange | undefined {
    const { target, method, body } = hop;
    const remaining = chain.deadline - performance.now();
    if (remaining <= 0) return undefined;
    const conn = this.#pool.acquire(target.origin);
    const path = target.path;
    const ex = new Exchange(conn, target.hostname, chain.responseType !== 'none', requestSize(method, path, headers, body));
    // Whole milliseconds: Node keeps one timer list per distinct duration, so
    // equal timeouts share a list instead of each creating (and heap-sorting) its own.
    ex.timer = setTimeout(timeoutExchange, Math.ceil(remaining), ex);
    try {
      conn.client.dispatch({ path, method, headers, body, reset: this.#noReuse }, ex);
    } catch (err) {
      ex.onResponseError(null, err as Error);
    }
    return ex;
  }
}

/** Whatever went wrong inside the engine itself: a failed outcome, never a rejection. */
function internalFailure(req: HttpRequest, responseType: ResponseType, err: unknown): HttpOutcome {
  const error = { code: ErrorCode.generic, message: err instanceof Error ? err.message : String(err) };
  const result = failedResult(req.url, req.method, [], req.body ?? null, responseType, error);
  return { response: result, hops: [], redirectsExhausted: false };
}

/** A request that failed before (or, `madeRequest`, instead of) a round trip. */
function failedOutcome(req: HttpRequest, flatHeaders: string[], responseType: ResponseType, error: ClassifiedError, madeRequest: boolean): HttpOutcome {
  const result = failedResult(req.url, req.method, flatHeaders, req.body ?? null, responseType, error);
  return { response: result, hops: madeRequest ? [result] : [], redirectsExhausted: false };
}

function redirectTarget(current: URL, location: string | undefined): URL | undefined {
  if (!location) return undefined;
  try {
    const next = new URL(location, current);
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The next hop after a redirect, as Go's client builds it: 301/302/303 turn
 * other methods into GET and drop the body; 307/308 repeat the request;
 * credentials are dropped for hosts outside the original domain; Referer is set.
 */
function redirectedHop(hop: Hop, status: number, next: URL, initialHost: string): Hop {
  let { method, body, headers } = hop;
  if (status <= 303) {
    if (method !== 'GET' && method !== 'HEAD') method = 'GET';
    if (body !== null) { body = null; headers = withoutHeaders(headers, BODY_HEADERS); }
  }
  if (next.hostname !== initialHost && !next.hostname.endsWith(`.${initialHost}`)) headers = withoutHeaders(headers, SENSITIVE_HEADERS);
  return { target: targetOf(next), urlString: next.href, method, body, headers: withReferer(headers, hop.target.url, next) };
}
