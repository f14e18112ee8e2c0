/**
 * `k6/experimental/tracing` (k6 v0.43–v0.5x): a `Client` whose request
 * methods add a trace context header (W3C `traceparent`, B3 single `b3`,
 * Jaeger `uber-trace-id`) with a fresh trace id to every request, and
 * `instrumentHTTP(options)`, which makes every k6/http request of the VU
 * carry one. The request itself is the VU's k6/http module; instrumenting
 * goes through the hook slot that runtime/modules/index.ts puts around it
 * (http-hook.ts), so named imports (`import { get } from 'k6/http'`) taken
 * before instrumentHTTP() runs are instrumented too.
 *
 * As k6 does, every sample of a traced request carries its trace id as
 * `trace_id` sample metadata (not a tag: no series per trace), set through
 * the hidden k6/http params key SAMPLE_METADATA.
 */
import { randomBytes } from 'node:crypto';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { SAMPLE_METADATA } from '../http/params.ts';
import { rawHttp, setHttpHook, type ParamsHook } from './http-hook.ts';

export type Propagator = 'w3c' | 'b3' | 'jaeger';

export interface TracingOptions {
  propagator: Propagator;
  /** probability in [0, 1] that a request is marked sampled */
  sampling: number;
  baggage: Readonly<Record<string, string>> | undefined;
}

const PROPAGATORS: readonly string[] = ['w3c', 'b3', 'jaeger'];

/** Validates a script's options object the way k6 does (unknown propagator, sampling out of [0, 1]). */
export function parseTracingOptions(raw: unknown): TracingOptions {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object') throw new TypeError('tracing options must be an object');
  const o = raw as Record<string, unknown>;
  const propagator = o.propagator === undefined ? 'w3c' : String(o.propagator);
  if (!PROPAGATORS.includes(propagator)) throw new Error(`unknown propagator: ${propagator} (supported: w3c, b3, jaeger)`);
  const sampling = o.sampling === undefined || o.sampling === null ? 1 : Number(o.sampling);
  if (!(sampling >= 0 && sampling <= 1)) throw new Error('sampling rate must be between 0.0 and 1.0');
  let baggage: Record<string, string> | undefined;
  if (o.baggage !== undefined && o.baggage !== null) {
    if (typeof o.baggage !== 'object') throw new TypeError('baggage must be an object of strings');
    baggage = {};
    for (const [k, v] of Object.entries(o.baggage as Record<string, unknown>)) baggage[k] = String(v);
  }
  return { propagator: propagator as Propagator, sampling, baggage };
}

/** The headers of one new trace context. */
export function traceHeaders(opts: TracingOptions, random: () => number = Math.random): { traceId: string; headers: Record<string, string> } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const sampled = opts.sampling >= 1 || (opts.sampling > 0 && random() < opts.sampling);
  const headers: Record<string, string> = {};
  if (opts.propagator === 'w3c') headers.traceparent = `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
  else if (opts.propagator === 'b3') headers.b3 = `${traceId}-${spanId}-${sampled ? '1' : '0'}`;
  else headers['uber-trace-id'] = `${traceId}:${spanId}:0:${sampled ? '1' : '0'}`;
  if (opts.baggage && Object.keys(opts.baggage).length > 0) {
    headers.baggage = Object.entries(opts.baggage).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(',');
  }
  return { traceId, headers };
}

/**
 * A copy of k6/http params with the trace headers set (replacing any of the
 * same name, in any case) and the trace id as the request's `trace_id`
 * sample metadata (sampled or not, as in k6).
 */
export function withTraceHeaders(params: unknown, opts: TracingOptions): unknown {
  const base = params !== null && typeof params === 'object' ? params as Record<string, unknown> : {};
  const given = base.headers !== null && typeof base.headers === 'object' ? base.headers as Record<string, unknown> : {};
  const { traceId, headers } = traceHeaders(opts);
  const names = new Set(Object.keys(headers));
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) if (!names.has(k.toLowerCase())) merged[k] = v;
  return { ...base, headers: { ...merged, ...headers }, [SAMPLE_METADATA]: { trace_id: traceId } };
}

/**
 * Creates the module for one VU. `http` is the VU's k6/http namespace
 * with a hook slot (http-hook.ts): the Client calls its un-hooked request
 * functions, so an instrumented VU's Client requests carry one header, not two.
 */
export function createTracingModule(vu: VuRuntime, http: Record<string, unknown>): Record<string, unknown> {
  const raw = rawHttp(http);
  const call = (name: string, args: unknown[]): unknown => raw[name](...args);

  class Client {
    #opts: TracingOptions;
    constructor(options?: unknown) { this.#opts = parseTracingOptions(options); }
    /** k6: reconfigures the client (propagator, sampling) */
    configure(options?: unknown): void { this.#opts = parseTracingOptions(options); }
    request(method: unknown, url: unknown, body?: unknown, params?: unknown): unknown {
      return call('request', [method, url, body ?? null, withTraceHeaders(params, this.#opts)]);
    }
    asyncRequest(method: unknown, url: unknown, body?: unknown, params?: unknown): unknown {
      return call('asyncRequest', [method, url, body ?? null, withTraceHeaders(params, this.#opts)]);
    }
    get(url: unknown, params?: unknown): unknown { return call('get', [url, withTraceHeaders(params, this.#opts)]); }
    head(url: unknown, params?: unknown): unknown { return call('head', [url, withTraceHeaders(params, this.#opts)]); }
    post(url: unknown, body?: unknown, params?: unknown): unknown { return call('post', [url, body, withTraceHeaders(params, this.#opts)]); }
    put(url: unknown, body?: unknown, params?: unknown): unknown { return call('put', [url, body, withTraceHeaders(params, this.#opts)]); }
    patch(url: unknown, body?: unknown, params?: unknown): unknown { return call('patch', [url, body, withTraceHeaders(params, this.#opts)]); }
    options(url: unknown, body?: unknown, params?: unknown): unknown { return call('options', [url, body, withTraceHeaders(params, this.#opts)]); }
    del(url: unknown, body?: unknown, params?: unknown): unknown { return call('del', [url, body, withTraceHeaders(params, this.#opts)]); }
  }

  let instrumented = false;
  const instrumentHTTP = (options?: unknown): void => {
    if (!vu.state.inInit) throw new Error('instrumentHTTP can only be called in the init context');
    if (instrumented) throw new Error('instrumentHTTP can only be called once');
    const opts = parseTracingOptions(options);
    const hook: ParamsHook = (params) => withTraceHeaders(params, opts);
    setHttpHook(http, hook);
    instrumented = true;
  };

  const api = { Client, instrumentHTTP };
  return { ...api, default: api };
}
