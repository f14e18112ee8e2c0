/**
 * k6's `Response` object over the engine's result. Every field is a getter
 * that builds its value on first use (headers, body string, cookies, timings,
 * the request) because most scripts read only `status` and maybe `body`.
 */
import { parseSetCookie, type HttpOutcome, type HttpResult, type SentRequest } from '../../../../http/index.ts';
import { selectJson } from './json-selector.ts';
import { parseHTML, type Selection } from '../html/index.ts';
import { submitForm, clickLink, type Requester, type SubmitFormOptions, type ClickLinkOptions } from './forms.ts';

/** k6's `Response.timings` (looking_up is always 0, as in current k6). */
export interface K6Timings {
  duration: number;
  blocked: number;
  looking_up: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
}

/** One entry of `Response.cookies[name]`. */
export interface K6ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  httpOnly: boolean;
  secure: boolean;
  max_age: number;
  maxAge: number;
  expires: number;
}

const NOT_PARSED = Symbol('not parsed');
const EMPTY_OCSP = Object.freeze({ produced_at: 0, this_update: 0, next_update: 0, revocation_reason: '', revoked_at: 0, status: '' });

/** Converts engine timings to k6's names. */
export function k6Timings(r: HttpResult): K6Timings {
  const t = r.timings;
  return {
    duration: t.duration, blocked: t.blocked, looking_up: 0, connecting: t.connecting,
    tls_handshaking: t.tlsHandshaking, sending: t.sending, waiting: t.waiting, receiving: t.receiving,
  };
}

/** The script-facing response of one request (the last hop of its redirects). */
export class Response {
  readonly #r: HttpResult;
  readonly #sent: SentRequest;
  #timings: K6Timings | undefined;
  #cookies: Record<string, K6ResponseCookie[]> | undefined;
  #request: Record<string, unknown> | undefined;
  #json: unknown = NOT_PARSED;
  #html: Selection | undefined;
  readonly #followUp: Requester | undefined;

  /** `request` makes follow-up requests for submitForm() and clickLink() */
  constructor(outcome: HttpOutcome, request?: Requester) {
    this.#r = outcome.response;
    this.#sent = (outcome.hops[0] ?? outcome.response).request;
    this.#followUp = request;
  }

  get status(): number { return this.#r.status; }
  get status_text(): string { return this.#r.statusText; }
  get proto(): string { return this.#r.proto; }
  get url(): string { return this.#r.url; }
  get error(): string { return this.#r.error; }
  get error_code(): number { return this.#r.errorCode; }
  get remote_ip(): string { return this.#r.remoteIP; }
  get remote_port(): number { return this.#r.remotePort; }
  get tls_version(): string { return this.#r.tlsVersion; }
  get tls_cipher_suite(): string { return ''; }
  get ocsp(): typeof EMPTY_OCSP { return EMPTY_OCSP; }
  get headers(): Record<string, string> { return this.#r.headers; }
  get body(): string | ArrayBuffer | null { return this.#r.body; }
  get timings(): K6Timings { return (this.#timings ??= k6Timings(this.#r)); }

  get cookies(): Record<string, K6ResponseCookie[]> {
    if (this.#cookies) return this.#cookies;
    const out: Record<string, K6ResponseCookie[]> = {};
    for (const h of this.#r.setCookies) {
      const c = parseSetCookie(h);
      if (!c) continue;
      (out[c.name] ??= []).push({
        name: c.name, value: c.value, domain: c.domain, path: c.path,
        http_only: c.httpOnly, httpOnly: c.httpOnly, secure: c.secure,
        max_age: c.maxAge, maxAge: c.maxAge, expires: Math.max(c.expires, 0),
      });
    }
    return (this.#cookies = out);
  }

  get request(): Record<string, unknown> {
    if (this.#request) return this.#request;
    const s = this.#sent;
    return (this.#request = { method: s.method, url: s.url, headers: s.headers, body: s.body, cookies: s.cookies });
  }

  /**
   * Parses the body as JSON (cached); with a gjson-style selector returns
   * that part, or undefined when the path does not exist.
   */
  json(selector?: string): unknown {
    if (this.#json === NOT_PARSED) {
      if (this.#r.body === null) throw new Error("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
      const text = this.#r.bodyText();
      try {
        this.#json = JSON.parse(text);
      } catch (err) {
        throw new Error(`cannot parse json due to an error: ${(err as Error).message}`);
      }
    }
    return selector === undefined || selector === null ? this.#json : selectJson(this.#json, String(selector));
  }

  /** The body as a k6/html Selection (parsed once), or the elements matching `selector` in it. */
  html(selector?: string): Selection {
    if (!this.#html) this.#html = parseHTML(this.#r.body === null ? '' : this.#r.bodyText());
    return selector === undefined ? this.#html : this.#html.find(String(selector));
  }

  /** Follows the first link matching `selector` (default `a[href]`), as k6 does. */
  clickLink(opts?: ClickLinkOptions): Promise<unknown> {
    return clickLink(this.html(), this.#r.url, opts, this.#requester());
  }

  /** Fills and submits the first form matching `formSelector` (default `form`), as k6 does. */
  submitForm(opts?: SubmitFormOptions): Promise<unknown> {
    return submitForm(this.html(), this.#r.url, opts, this.#requester());
  }

  #requester(): Requester {
    if (!this.#followUp) throw new Error('this response cannot make follow-up requests');
    return this.#followUp;
  }

  /** A plain object with k6's fields, for JSON.stringify(res) and console.log. */
  toJSON(): Record<string, unknown> {
    return {
      remote_ip: this.remote_ip, remote_port: this.remote_port, url: this.url, status: this.status,
      status_text: this.status_text, proto: this.proto, headers: this.headers, cookies: this.cookies,
      body: this.body, timings: this.timings, tls_version: this.tls_version, tls_cipher_suite: this.tls_cipher_suite,
      ocsp: this.ocsp, error: this.error, error_code: this.error_code, request: this.request,
    };
  }
}
