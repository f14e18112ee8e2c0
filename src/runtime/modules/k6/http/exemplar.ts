/**
 * Offers each round trip to the worker's exemplar lists (metrics/exemplars.ts).
 * The cheap question comes first: only a request that enters a list (one of
 * its name's slowest so far, or drawn into the failed sample) is copied into
 * an Exemplar, with the chosen response headers and its trace id.
 */
import type { HttpResult } from '../../../../http/index.ts';
import { DEFAULT_EXEMPLAR_HEADERS, type Exemplar } from '../../../../metrics/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { cleanUrl, type RequestTagging } from './samples.ts';

/** The response headers exemplars record: as configured (the exemplar's keys) and lower-cased (for the lookup). */
export interface ExemplarHeaderNames {
  names: readonly string[];
  lower: readonly string[];
}

/** `options.exemplarHeaders` (or the default list), ready for lookups. */
export function exemplarHeaderNames(configured: readonly string[] | undefined): ExemplarHeaderNames {
  const names = configured ?? DEFAULT_EXEMPLAR_HEADERS;
  return { names, lower: names.map((h) => h.toLowerCase()) };
}

/** Failed as http_req_failed counts it; without a response callback, no response or a 4xx/5xx. */
function failedOf(hop: HttpResult, expected: boolean | undefined): boolean {
  return expected === undefined ? hop.status === 0 || hop.status >= 400 : !expected;
}

/** Offers one hop; `expected` is what emitHopSamples returned for it. */
export function offerExemplar(vu: VuRuntime, hop: HttpResult, tagging: RequestTagging, expected: boolean | undefined, names: ExemplarHeaderNames): void {
  const keeper = vu.samples.exemplars;
  if (keeper === undefined) return;
  const name = tagging.name ?? cleanUrl(hop.url);
  const failed = failedOf(hop, expected);
  const t = hop.timings;
  if (!keeper.consider(name, t.duration, failed)) return;
  const state = vu.state;
  const ex: Exemplar = {
    time: Date.now(), name, method: hop.method, url: cleanUrl(hop.url), status: hop.status, errorCode: hop.errorCode, error: hop.error, failed,
    scenario: state.scenario, vu: state.id, iteration: state.iteration, group: state.groupPath,
    timings: {
      duration: t.duration, blocked: t.blocked, connecting: t.connecting, tlsHandshaking: t.tlsHandshaking,
      sending: t.sending, waiting: t.waiting, receiving: t.receiving,
    },
    headers: chosenHeaders(hop, names),
  };
  const traceId = tagging.metadata?.trace_id ?? state.metadata?.trace_id ?? traceIdOf(requestHeader(hop, 'traceparent') ?? (hop.status === 0 ? undefined : hop.header('traceparent')));
  if (traceId !== undefined) ex.traceId = traceId;
  keeper.keep(ex);
}

/** The chosen headers the response had, under their configured names (repeated ones joined). */
function chosenHeaders(hop: HttpResult, names: ExemplarHeaderNames): Record<string, string> {
  const out: Record<string, string> = {};
  if (hop.status === 0) return out;
  for (let i = 0; i < names.lower.length; i++) {
    const value = hop.header(names.lower[i]);
    if (value !== undefined) out[names.names[i]] = value;
  }
  return out;
}

/** A request header as sent, by lower-case name. */
function requestHeader(hop: HttpResult, lowerName: string): string | undefined {
  const f = hop.request.flatHeaders;
  for (let i = 0; i < f.length; i += 2) if (f[i].toLowerCase() === lowerName) return f[i + 1];
  return undefined;
}

/** The trace id of a W3C traceparent (`00-<32 hex>-<16 hex>-<2 hex>`). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const m = traceparent === undefined ? null : /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}/i.exec(traceparent.trim());
  return m ? m[1].toLowerCase() : undefined;
}
