/**
 * Turns one round trip into k6's samples: http_reqs, the http_req_* trends,
 * http_req_failed (when a response callback is set), data_sent and
 * data_received, all tagged with k6's system tags (only those enabled) over
 * the VU's tags and the request's own tags, with the request's sample
 * metadata if it has any.
 */
import type { HttpResult } from '../../../../http/index.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';
import type { ExpectedStatuses } from './expected-statuses.ts';

/** Which k6 system tags are enabled, looked up once per VU instead of per sample. */
export interface SystemTagFlags {
  proto: boolean;
  status: boolean;
  method: boolean;
  url: boolean;
  name: boolean;
  group: boolean;
  error: boolean;
  errorCode: boolean;
  tlsVersion: boolean;
  expectedResponse: boolean;
  ip: boolean;
}

/** Reads the enabled system tags once. */
export function systemTagFlags(enabled: ReadonlySet<string>): SystemTagFlags {
  return {
    proto: enabled.has('proto'), status: enabled.has('status'), method: enabled.has('method'), url: enabled.has('url'),
    name: enabled.has('name'), group: enabled.has('group'), error: enabled.has('error'), errorCode: enabled.has('error_code'),
    tlsVersion: enabled.has('tls_version'), expectedResponse: enabled.has('expected_response'), ip: enabled.has('ip'),
  };
}

/** The URL as k6 tags it: with a password masked as `****`. */
export function cleanUrl(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    return url.replace(`:${u.password}@`, ':****@');
  } catch {
    return url;
  }
}

/** What the request adds to a hop's tags. */
export interface RequestTagging {
  /** params.tags without `name` */
  userTags: Record<string, string> | undefined;
  /** params.tags.name, or the http.url template; url and name tags both take it (k6 ≥ 0.41) */
  name: string | undefined;
  /** undefined → no expected_response tag and no http_req_failed sample */
  callback: ExpectedStatuses | null;
  /** k6 sample metadata for every sample of the request (e.g. tracing's trace_id): not tags, no new series */
  metadata?: Readonly<Record<string, string>> | undefined;
}

/**
 * Builds a hop's tag set, handing back the previous object when nothing that
 * goes into it changed: scripts mostly repeat the same request, and the same
 * object lets the batcher skip resolving the tag set again. Tag objects are
 * never mutated once handed out (the batcher may keep them).
 */
export class HopTags {
  /** scratch for one hop's sample values (emitHopSamples), reused: the sink does not keep it */
  readonly values: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  #last: Record<string, string> | undefined;
  #stateTags: unknown;
  #userTags: unknown;
  #name: string | undefined;
  #url = '';
  #method = '';
  #status = 0;
  #proto = '';
  #group = '';
  #error = '';
  #errorCode = 0;
  #tlsVersion = '';
  #ip = '';
  #expected: boolean | undefined;

  of(state: VuRuntime['state'], flags: SystemTagFlags, hop: HttpResult, tagging: RequestTagging, expected: boolean | undefined): Record<string, string> {
    const last = this.#last;
    if (last !== undefined && state.tags === this.#stateTags && tagging.userTags === this.#userTags && tagging.name === this.#name
      && hop.url === this.#url && hop.method === this.#method && hop.status === this.#status && hop.proto === this.#proto
      && state.groupPath === this.#group && hop.error === this.#error && hop.errorCode === this.#errorCode
      && hop.tlsVersion === this.#tlsVersion && hop.remoteIP === this.#ip && expected === this.#expected) return last;
    const tags = buildHopTags(state, flags, hop, tagging, expected);
    this.#last = tags;
    this.#stateTags = state.tags;
    this.#userTags = tagging.userTags;
    this.#name = tagging.name;
    this.#url = hop.url;
    this.#method = hop.method;
    this.#status = hop.status;
    this.#proto = hop.proto;
    this.#group = state.groupPath;
    this.#error = hop.error;
    this.#errorCode = hop.errorCode;
    this.#tlsVersion = hop.tlsVersion;
    this.#ip = hop.remoteIP;
    this.#expected = expected;
    return tags;
  }
}

function buildHopTags(state: VuRuntime['state'], flags: SystemTagFlags, hop: HttpResult, tagging: RequestTagging, expected: boolean | undefined): Record<string, string> {
  const tags: Record<string, string> = tagging.userTags === undefined ? { ...state.tags } : { ...state.tags, ...tagging.userTags };
  const name = tagging.name ?? (flags.name || flags.url ? cleanUrl(hop.url) : '');
  if (tagging.name !== undefined || flags.name) tags.name = name;
  if (flags.url) tags.url = name;
  if (flags.method) tags.method = hop.method;
  if (flags.status) tags.status = String(hop.status);
  if (flags.proto && hop.proto !== '') tags.proto = hop.proto;
  if (flags.group) tags.group = state.groupPath;
  if (flags.error && hop.error !== '') tags.error = hop.error;
  if (flags.errorCode && hop.errorCode !== 0) tags.error_code = String(hop.errorCode);
  if (flags.tlsVersion && hop.tlsVersion !== '') tags.tls_version = hop.tlsVersion;
  if (flags.ip && hop.remoteIP !== '') tags.ip = hop.remoteIP;
  if (expected !== undefined && flags.expectedResponse) tags.expected_response = expected ? 'true' : 'false';
  return tags;
}

/**
 * Emits the samples of one hop. Returns whether the response was expected
 * (undefined without a callback).
 */
export function emitHopSamples(vu: VuRuntime, flags: SystemTagFlags, hop: HttpResult, tagging: RequestTagging, cache: HopTags): boolean | undefined {
  const expected = tagging.callback !== null ? tagging.callback.matches(hop.status) : undefined;
  const tags = cache.of(vu.state, flags, hop, tagging, expected);
  const t = hop.timings;
  const v = cache.values;
  v[0] = 1;
  v[1] = t.duration;
  v[2] = t.blocked;
  v[3] = t.connecting;
  v[4] = t.tlsHandshaking;
  v[5] = t.sending;
  v[6] = t.waiting;
  v[7] = t.receiving;
  if (expected === undefined) {
    v[8] = hop.bytesSent;
    v[9] = hop.bytesReceived;
    vu.samples.addAll(HOP_METRICS, tags, v, tagging.metadata);
  } else {
    v[8] = expected ? 0 : 1;
    v[9] = hop.bytesSent;
    v[10] = hop.bytesReceived;
    vu.samples.addAll(HOP_METRICS_WITH_FAILED, tags, v, tagging.metadata);
  }
  return expected;
}

/** A round trip's metrics in `HopTags.values` order; http_req_failed only with a response callback. */
const TIMING_METRICS = [
  'http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking',
  'http_req_sending', 'http_req_waiting', 'http_req_receiving',
];
const HOP_METRICS = Object.freeze([...TIMING_METRICS, 'data_sent', 'data_received']);
const HOP_METRICS_WITH_FAILED = Object.freeze([...TIMING_METRICS, 'http_req_failed', 'data_sent', 'data_received']);
