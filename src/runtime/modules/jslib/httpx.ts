/**
 * Built-in equivalent of https://jslib.k6.io/httpx/<version>/index.js: the
 * `Httpx` session wrapper over the VU's own k6/http module — a base URL,
 * headers, tags and a timeout applied to every request.
 */
type HttpModule = Record<string, (...args: unknown[]) => unknown>;
type Params = { headers?: Record<string, string>; tags?: Record<string, string>; timeout?: unknown; [k: string]: unknown };

interface HttpxOptions { baseURL?: string; headers?: Record<string, string>; tags?: Record<string, string>; timeout?: unknown }

function createHttpxClass(http: HttpModule) {
  return class Httpx {
    baseURL: string;
    headers: Record<string, string>;
    tags: Record<string, string>;
    timeout: unknown;

    constructor(opts: HttpxOptions = {}) {
      this.baseURL = opts.baseURL ?? '';
      this.headers = { ...(opts.headers ?? {}) };
      this.tags = { ...(opts.tags ?? {}) };
      this.timeout = opts.timeout;
    }

    setBaseUrl(url: string): void { this.baseURL = url; }
    addHeader(name: string, value: string): void { this.headers[name] = value; }
    addHeaders(headers: Record<string, string>): void { Object.assign(this.headers, headers); }
    clearHeader(name: string): void { delete this.headers[name]; }
    addTag(name: string, value: string): void { this.tags[name] = value; }
    addTags(tags: Record<string, string>): void { Object.assign(this.tags, tags); }
    clearTag(name: string): void { delete this.tags[name]; }

    #url(url: unknown): string {
      const u = String(url ?? '');
      return /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : this.baseURL + u;
    }

    #params(params: Params = {}): Params {
      return {
        ...(this.timeout !== undefined && { timeout: this.timeout }),
        ...params,
        headers: { ...this.headers, ...(params.headers ?? {}) },
        tags: { ...this.tags, ...(params.tags ?? {}) },
      };
    }

    request(method: string, url: unknown, body?: unknown, params?: Params): unknown {
      return http.request(method, this.#url(url), body ?? null, this.#params(params));
    }
    get(url: unknown, body?: unknown, params?: Params): unknown { return this.request('GET', url, body, params); }
    post(url: unknown, body?: unknown, params?: Params): unknown { return this.request('POST', url, body, params); }
    put(url: unknown, body?: unknown, params?: Params): unknown { return this.request('PUT', url, body, params); }
    patch(url: unknown, body?: unknown, params?: Params): unknown { return this.request('PATCH', url, body, params); }
    delete(url: unknown, body?: unknown, params?: Params): unknown { return this.request('DELETE', url, body, params); }
    head(url: unknown, body?: unknown, params?: Params): unknown { return this.request('HEAD', url, body, params); }
    options(url: unknown, body?: unknown, params?: Params): unknown { return this.request('OPTIONS', url, body, params); }
    trace(url: unknown, body?: unknown, params?: Params): unknown { return this.request('TRACE', url, body, params); }

    /** Requests as `{ method, url, body, params }` objects, sent with http.batch. */
    batch(requests: { method: string; url: unknown; body?: unknown; params?: Params }[], params?: Params): unknown {
      return http.batch(requests.map((r) => ({
        method: r.method, url: this.#url(r.url), body: r.body ?? null, params: this.#params({ ...(params ?? {}), ...(r.params ?? {}) }),
      })));
    }
  };
}

/** `httpModule` is the VU's k6/http namespace (its `default` export). */
export function httpxModule(httpModule: Record<string, unknown>): Record<string, unknown> {
  const Httpx = createHttpxClass((httpModule.default ?? httpModule) as HttpModule);
  return { Httpx, default: { Httpx } };
}
