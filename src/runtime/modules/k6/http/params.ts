/**
 * k6's request `Params` object, validated and normalized once per request:
 * headers, tags, timeout, redirects, responseType, responseCallback,
 * cookies, jar, compression, auth. Bad values throw with a message naming
 * the param, as k6 does.
 */
import { CookieJar, type ResponseType } from '../../../../http/index.ts';
import { ExpectedStatuses } from './expected-statuses.ts';
import { parseDurationMs as parseAnyDurationMs } from '../../../../lib/index.ts';

/** What a request needs from its Params, after validation. */
export interface NormalizedParams {
  headers: Record<string, string | string[]>;
  /** user tags except `name` */
  tags: Record<string, string> | undefined;
  /** params.tags.name, if given */
  nameTag: string | undefined;
  timeoutMs: number | undefined;
  redirects: number | undefined;
  responseType: ResponseType | undefined;
  /** undefined = the module's current callback; null = none */
  responseCallback: ExpectedStatuses | null | undefined;
  cookies: Record<string, { value: string; replace: boolean }> | undefined;
  jar: CookieJar | undefined;
  compression: string | undefined;
  /** how URL credentials are sent: 'basic' (also when unset) or 'digest' */
  auth: 'basic' | 'digest' | undefined;
  /** sample metadata for every sample of the request (params[SAMPLE_METADATA]); not a k6 param */
  metadata: Readonly<Record<string, string>> | undefined;
}

/**
 * A hidden params key (a symbol: no script can set it by accident) through
 * which another module attaches k6 sample metadata to a request's samples:
 * k6/experimental/tracing puts the request's `trace_id` there.
 */
export const SAMPLE_METADATA: unique symbol = Symbol('stampede.sampleMetadata');

/**
 * A Params value k6 accepts but Stampede cannot honour: a script error at the
 * call (whatever options.throw says), not a failed request every iteration.
 */
export class UnsupportedParamError extends Error {}

function normalizeAuth(raw: unknown): NormalizedParams['auth'] {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const auth = String(raw).toLowerCase();
  if (auth === 'basic' || auth === 'digest') return auth;
  if (auth === 'ntlm') {
    throw new UnsupportedParamError('params.auth "ntlm" (NTLM authentication) is not supported in Stampede; run this script with k6 for NTLM endpoints, '
      + 'or authenticate another way ("basic" or "digest" with the credentials in the URL, or a token in params.headers.Authorization)');
  }
  throw new Error(`invalid params.auth ${JSON.stringify(String(raw))}; use "basic" or "digest" (credentials in the URL: http://user:pass@host/)`);
}

const EMPTY_HEADERS: Record<string, string | string[]> = Object.freeze({}) as Record<string, string | string[]>;

/**
 * A request timeout in ms: k6's duration grammar (the one parser,
 * lib/duration.ts: `"60s"`, `"1m30s"`, `"1.5s"`, `"250ms"`), a bare number
 * (or numeric string) is ms, never negative. Throws `invalid <what> …` on
 * anything else.
 */
export function parseDurationMs(value: unknown, what = 'duration'): number {
  const ms = parseAnyDurationMs(value, { negative: false, bare: 'ms' });
  if (ms === undefined) throw new Error(`invalid ${what} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}; use e.g. "30s", "1m30s", "500ms" or a number of milliseconds`);
  return ms;
}

function toStringRecord(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

function normalizeHeaders(raw: unknown): Record<string, string | string[]> {
  if (raw === undefined || raw === null) return EMPTY_HEADERS;
  if (typeof raw !== 'object') throw new Error('params.headers must be an object');
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(raw)) {
    const v = (raw as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function normalizeCookies(raw: unknown): NormalizedParams['cookies'] {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw new Error('params.cookies must be an object');
  const out: Record<string, { value: string; replace: boolean }> = {};
  for (const name of Object.keys(raw)) {
    const v = (raw as Record<string, unknown>)[name];
    if (v !== null && typeof v === 'object') {
      const c = v as { value?: unknown; replace?: unknown };
      out[name] = { value: String(c.value ?? ''), replace: Boolean(c.replace) };
    } else out[name] = { value: String(v ?? ''), replace: false };
  }
  return out;
}

function normalizeResponseType(raw: unknown): ResponseType | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'text' || raw === 'binary' || raw === 'none') return raw;
  throw new Error(`invalid responseType "${String(raw)}", use "text", "binary" or "none"`);
}

function normalizeCallback(raw: unknown): ExpectedStatuses | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || raw instanceof ExpectedStatuses) return raw;
  throw new Error('params.responseCallback must be the result of http.expectedStatuses() or null');
}

/** Validates a Params object (undefined/null mean none). */
/** A call without params (the common case) shares one frozen object. */
const NO_PARAMS: NormalizedParams = Object.freeze({ headers: EMPTY_HEADERS, tags: undefined, nameTag: undefined, timeoutMs: undefined, redirects: undefined, responseType: undefined, responseCallback: undefined, cookies: undefined, jar: undefined, compression: undefined, auth: undefined, metadata: undefined });

export function normalizeParams(raw: unknown): NormalizedParams {
  if (raw === undefined || raw === null) {
    return NO_PARAMS;
  }
  if (typeof raw !== 'object') throw new Error('the params argument must be an object');
  const p = raw as Record<string, unknown>;
  let tags: Record<string, string> | undefined;
  let nameTag: string | undefined;
  if (p.tags !== undefined && p.tags !== null) {
    if (typeof p.tags !== 'object') throw new Error('params.tags must be an object');
    tags = toStringRecord(p.tags as Record<string, unknown>);
    if ('name' in tags) { nameTag = tags.name; delete tags.name; }
  }
  let redirects: number | undefined;
  if (p.redirects !== undefined && p.redirects !== null) {
    redirects = Number(p.redirects);
    if (!Number.isInteger(redirects) || redirects < 0) throw new Error(`invalid params.redirects ${String(p.redirects)}`);
  }
  if (p.jar !== undefined && p.jar !== null && !(p.jar instanceof CookieJar)) throw new Error('params.jar must be an http.CookieJar');
  const auth = normalizeAuth(p.auth);
  return {
    headers: normalizeHeaders(p.headers),
    tags,
    nameTag,
    timeoutMs: p.timeout === undefined || p.timeout === null ? undefined : parseDurationMs(p.timeout, 'params.timeout'),
    redirects,
    responseType: normalizeResponseType(p.responseType),
    responseCallback: normalizeCallback(p.responseCallback),
    cookies: normalizeCookies(p.cookies),
    jar: (p.jar ?? undefined) as CookieJar | undefined,
    compression: p.compression === undefined || p.compression === null || p.compression === '' ? undefined : String(p.compression),
    auth,
    metadata: metadataOf((p as { [SAMPLE_METADATA]?: unknown })[SAMPLE_METADATA]),
  };
}

function metadataOf(raw: unknown): NormalizedParams['metadata'] {
  return raw !== null && typeof raw === 'object' ? raw as Record<string, string> : undefined;
}
