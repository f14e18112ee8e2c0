/**
 * One VU's k6/http client: validates a script's call, hands it to the VU's
 * engine (created on first use, closed with the VU), emits the samples of
 * every hop, logs or throws failures as k6 does, and returns the Response.
 */
import { createHttpEngine, DEFAULT_DNS, ErrorCode, failedResult, type CookieJar, type HttpEngine, type HttpOutcome, type HttpRequest } from '../../../../http/index.ts';
import { newSharedRateLimiter, type SharedRateLimiter } from '../../../../lib/rate-limit.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { encodeBody } from './body.ts';
import { dumpRequest, dumpResponse } from './debug.ts';
import { DEFAULT_EXPECTED_STATUSES, expectedStatuses, type ExpectedStatuses } from './expected-statuses.ts';
import { normalizeParams, UnsupportedParamError, type NormalizedParams } from './params.ts';
import { Response } from './response.ts';
import { emitHopSamples, HopTags, systemTagFlags, type SystemTagFlags } from './samples.ts';
import { exemplarHeaderNames, offerExemplar, type ExemplarHeaderNames } from './exemplar.ts';
import { HttpURL } from './url-tag.ts';
import { hostKey, parseBatch, runLimited } from './batch.ts';

/** k6's message for HTTP calls made while the script's init code runs. */
export const INIT_CONTEXT_ERROR = 'Making http requests in the init context is not supported';

/** The `rps` limiter of the test (one view per worker of the buffer every worker shares), or undefined without `rps`. */
const limiters = new WeakMap<SharedArrayBuffer, SharedRateLimiter>();
function rpsLimiter(o: ResolvedOptions): SharedRateLimiter | undefined {
  const buffer = o.rpsLimiter;
  if (!(buffer instanceof SharedArrayBuffer) || typeof o.rps !== 'number' || !(o.rps > 0)) return undefined;
  let limiter = limiters.get(buffer);
  if (!limiter) { limiter = newSharedRateLimiter(buffer, o.rps); limiters.set(buffer, limiter); }
  return limiter;
}

/** The expected status of a digest request's first round trip (the challenge). */
const DIGEST_CHALLENGE = expectedStatuses(401);

/** A validated call, ready to run. */
export interface PreparedRequest {
  req: HttpRequest;
  params: NormalizedParams;
  /** the http.url template name, if the URL came from http.url`…` */
  templateName: string | undefined;
}

function hasHeader(headers: Record<string, unknown>, lower: string): boolean {
  for (const k in headers) if (k.toLowerCase() === lower) return true;
  return false;
}

/** Go's url.Error operation name: "Get", "Post", … */
function goOp(method: string): string {
  return method.length === 0 ? method : method[0].toUpperCase() + method.slice(1).toLowerCase();
}

/** The k6/http state of one VU. */
export class HttpClient {
  readonly #vu: VuRuntime;
  readonly #flags: SystemTagFlags;
  readonly #hopTags = new HopTags();
  /** the test's rps limiter, looked up with the engine (VU 0 is created before the options are known) */
  #rps: SharedRateLimiter | undefined;
  #engine: HttpEngine | undefined;
  #iteration: number | undefined;
  #scenario: string | undefined;
  /** the VU-wide response callback (http.setResponseCallback) */
  responseCallback: ExpectedStatuses | null = DEFAULT_EXPECTED_STATUSES;

  /** submitForm() / clickLink() requests go through the same path as http.request */
  readonly #followUp = (method: string, url: string, body: unknown, params: unknown) => this.request(method, url, body, params);

  /** the VU was interrupted (gracefulStop over, Ctrl-C): its cancelled requests are no failures worth a line */
  #interrupted = false;
  readonly #exemplarHeaders: ExemplarHeaderNames;

  /** The script (or config, env, CLI) set maxRedirects: no option default fills it (config/known-options.ts). */
  get #userMaxRedirects(): boolean {
    return this.#vu.options.maxRedirects !== undefined;
  }

  constructor(vu: VuRuntime) {
    this.#vu = vu;
    this.#flags = systemTagFlags(vu.systemTags);
    this.#exemplarHeaders = exemplarHeaderNames(vu.options.exemplarHeaders);
    vu.onInterrupt(() => { this.#interrupted = true; });
  }

  /**
   * The VU's engine, created on first use with the test's options (TLS and
   * dns already read and checked by config/ before the run) and closed with the VU.
   */
  engine(): HttpEngine {
    if (this.#engine) return this.#engine;
    const o = this.#vu.options;
    const engine = createHttpEngine({
      tls: o.tlsSettings,
      dns: o.dnsSettings ? { ...DEFAULT_DNS, ...o.dnsSettings } : undefined,
      userAgent: o.userAgent,
      maxRedirects: o.maxRedirects,
      insecureSkipTLSVerify: o.insecureSkipTLSVerify,
      noConnectionReuse: o.noConnectionReuse,
      hosts: o.hosts,
      blockHostnames: o.blockHostnames,
      maxIdlePerOrigin: o.batchPerHost !== undefined && o.batchPerHost > 0 ? o.batchPerHost : undefined,
    });
    this.#engine = engine;
    this.#rps = rpsLimiter(o);
    this.#vu.onClose(() => engine.close());
    return engine;
  }

  /**
   * The cookie jar of the current iteration: k6 starts each iteration with an
   * empty one (unless noCookiesReset) and, with noVUConnectionReuse, with new
   * connections. Detected from the VU's iteration/scenario on first use.
   */
  currentJar(): CookieJar {
    this.#syncIteration();
    return this.engine().cookieJar;
  }

  #syncIteration(): void {
    const s = this.#vu.state;
    if (s.iteration === this.#iteration && s.scenario === this.#scenario) return;
    this.#iteration = s.iteration;
    this.#scenario = s.scenario;
    const engine = this.#engine;
    if (engine === undefined) return;
    if (!this.#vu.options.noCookiesReset) engine.resetCookies();
    if (this.#vu.options.noVUConnectionReuse) engine.closeIdleConnections();
  }

  /** Validates a call (throws on bad arguments or in init code); does no I/O. */
  prepare(method: unknown, url: unknown, body: unknown, rawParams: unknown): PreparedRequest {
    if (this.#vu.state.inInit) throw new Error(INIT_CONTEXT_ERROR);
    if (url === undefined || url === null || url === '') throw new Error('http request: a URL is required');
    let urlString: string;
    let templateName: string | undefined;
    if (url instanceof HttpURL) {
      urlString = url.url;
      if (url.name !== url.url && this.#flags.name) templateName = url.name;
    } else urlString = String(url);
    const params = normalizeParams(rawParams);
    const encoded = encodeBody(body, (msg) => this.#vu.logger.warn(msg));
    let headers = params.headers;
    if (encoded.contentType !== undefined && !hasHeader(headers, 'content-type')) headers = { ...headers, 'Content-Type': encoded.contentType };
    const req: HttpRequest = {
      method: String(method),
      url: urlString,
      headers,
      body: encoded.body,
      timeoutMs: params.timeoutMs,
      redirects: params.redirects,
      responseType: params.responseType ?? (this.#vu.options.discardResponseBodies ? 'none' : 'text'),
      compression: params.compression,
      cookies: params.cookies,
      jar: params.jar,
      auth: params.auth,
    };
    return { req, params, templateName };
  }

  /**
   * Runs a prepared request: samples for every hop, then the Response (or a
   * rejection with options.throw). Hot path: a `then`, not an async frame.
   */
  execute(p: PreparedRequest): Promise<Response> {
    let sent: Promise<HttpOutcome>;
    try {
      this.#syncIteration();
      const engine = this.engine();
      // k6's rps: wait for this request's slot (before the request, so outside its timings)
      const wait = this.#rps?.reserve() ?? 0;
      sent = wait > 0 ? new Promise<void>((r) => setTimeout(r, wait)).then(() => engine.request(p.req)) : engine.request(p.req);
    } catch (err) {
      return Promise.reject(err);
    }
    return sent.then((outcome) => {
      this.#record(p, outcome);
      return new Response(outcome, this.#followUp);
    });
  }

  #record(p: PreparedRequest, outcome: HttpOutcome): void {
    const vu = this.#vu;
    const debug = vu.httpDebug;
    const tagging = {
      userTags: p.params.tags,
      name: p.params.nameTag ?? p.templateName,
      callback: p.params.responseCallback === undefined ? this.responseCallback : p.params.responseCallback,
      metadata: p.params.metadata,
    };
    const hops = outcome.hops;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i];
      if (debug !== '') {
        vu.logger.info(dumpRequest(hop, debug === 'full'));
        const res = dumpResponse(hop, debug === 'full');
        if (res !== undefined) vu.logger.info(res);
      }
      // k6: with auth 'digest' the first response is the server's 401 challenge, an expected one
      if (i === 0 && p.params.auth === 'digest' && hop.status === 401 && tagging.callback !== null && hops.length > 1) {
        const challenge = { ...tagging, callback: DIGEST_CHALLENGE };
        offerExemplar(vu, hop, challenge, emitHopSamples(vu, this.#flags, hop, challenge, this.#hopTags), this.#exemplarHeaders);
      } else offerExemplar(vu, hop, tagging, emitHopSamples(vu, this.#flags, hop, tagging, this.#hopTags), this.#exemplarHeaders);
    }
    // k6 is silent when the script chose the limit (params.redirects or options.maxRedirects)
    if (outcome.redirectsExhausted && p.params.redirects === undefined && !this.#userMaxRedirects) {
      vu.logger.warn(`Stopped after ${outcome.hops.length - 1} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this url=${outcome.hops[0].url}`);
    }
    const final = outcome.response;
    if (final.status === 0 && final.error !== '' && !this.#interrupted) {
      const message = `${goOp(final.method)} "${final.url}": ${final.error}`;
      if (vu.options.throw) throw new Error(message);
      vu.logger.warn(`Request Failed error=${JSON.stringify(message)}`);
    }
  }

  /**
   * k6 http.request(). Init-context calls throw. Invalid arguments behave as
   * in k6: with options.throw the promise rejects, otherwise a warning is
   * logged and the Response carries the error (no metrics are emitted).
   */
  request(method: unknown, url: unknown, body: unknown, params: unknown): Promise<Response> {
    let prepared: PreparedRequest;
    try {
      prepared = this.prepare(method, url, body, params);
    } catch (err) {
      if (this.#vu.state.inInit || err instanceof UnsupportedParamError) throw err;
      return this.#invalidCall(String(method), url, err);
    }
    return this.execute(prepared);
  }

  #invalidCall(method: string, url: unknown, err: unknown): Promise<Response> {
    if (this.#vu.options.throw) return Promise.reject(err);
    const message = err instanceof Error ? err.message : String(err);
    this.#vu.logger.warn(`Request Failed error=${JSON.stringify(message)}`);
    const result = failedResult(String(url ?? ''), method, [], null, 'text', { code: ErrorCode.generic, message });
    return Promise.resolve(new Response({ response: result, hops: [], redirectsExhausted: false }));
  }

  /** k6 http.batch(): every request validated first, then run within options.batch / batchPerHost. */
  batch(requests: unknown): Promise<Response[] | Record<string, Response>> {
    if (this.#vu.state.inInit) throw new Error(INIT_CONTEXT_ERROR);
    const parsed = parseBatch(requests);
    const prepared = parsed.items.map((it) => this.prepare(it.method, it.url, it.body, it.params));
    const o = this.#vu.options;
    const run = runLimited(prepared.length, (i) => hostKey(prepared[i].req.url), o.batch ?? 20, o.batchPerHost ?? 6, (i) => this.execute(prepared[i]));
    if (parsed.keys === null) return run;
    const keys = parsed.keys;
    return run.then((list) => {
      const out: Record<string, Response> = {};
      keys.forEach((k, i) => { out[k] = list[i]; });
      return out;
    });
  }
}
