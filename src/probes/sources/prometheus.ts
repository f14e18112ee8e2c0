/**
 * The `prometheus` probe source: each read is a PromQL instant query
 * (`GET <url>/api/v1/query?query=…`). A scalar is one reading; an instant
 * vector is one reading per element with its labels (less `__name__`) as
 * tags. An element or scalar whose value is NaN or ±Inf is skipped — it is
 * no number to plot or to sum into a drain condition — so such a read can
 * give fewer readings, or none. Range vectors and strings are refused.
 */
import type { ProbeReading, ProbeSource, ProbeSourceSpec } from '../types.ts';
import { openHttpGetter } from './fetch-json.ts';
import type { HttpAnswer } from './fetch-json.ts';

type PrometheusSpec = Extract<ProbeSourceSpec, { kind: 'prometheus' }>;

interface QueryAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

interface VectorElement {
  metric?: Record<string, string>;
  value?: [number, string];
  histogram?: unknown;
}

export async function openPrometheusProbe(spec: PrometheusSpec, opts: { timeoutMs: number }): Promise<ProbeSource> {
  const http = openHttpGetter({ url: spec.url, headers: spec.headers, tls: spec.tls, timeoutMs: opts.timeoutMs });
  const queryUrl = new URL(http.url);
  // the base may carry a path prefix (behind a proxy): the API is under it
  queryUrl.pathname = `${queryUrl.pathname.replace(/\/+$/, '')}/api/v1/query`;
  queryUrl.searchParams.set('query', spec.query);
  const where = `Prometheus ${http.shownUrl.replace(/\/+$/, '')}`;

  return {
    async read(signal) {
      const answer = await http.get(signal, queryUrl);
      return readings(parseAnswer(answer, where, spec.query), where, spec.query);
    },
    close: () => http.close(),
  };
}

function snippet(text: string): string {
  const one = text.trim().replace(/\s+/g, ' ');
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

/** The API's JSON answer, or an error naming Prometheus's own words and the HTTP status. */
function parseAnswer(answer: HttpAnswer, where: string, query: string): QueryAnswer {
  const ok = answer.status >= 200 && answer.status < 300;
  let body: QueryAnswer | undefined;
  try {
    body = JSON.parse(answer.body) as QueryAnswer;
  } catch { /* not the API's JSON: said below */ }
  if (body === undefined || typeof body !== 'object' || body === null) {
    const text = snippet(answer.body);
    const hint = answer.status === 404 || ok ? ` (is that Prometheus's base URL? the probe queries <url>/api/v1/query)` : '';
    throw new Error(`${where} answered ${answer.status}${ok ? ' but not with JSON' : ''}${text === '' ? '' : `: ${text}`}${hint}`);
  }
  if (!ok || body.status !== 'success') {
    const kind = body.errorType ? ` (${body.errorType})` : '';
    throw new Error(`${where} answered ${answer.status}${kind} to query ${JSON.stringify(query)}: ${body.error ?? snippet(answer.body)}`);
  }
  return body;
}

/** A sample value as the API spells it ("1.5", "NaN", "+Inf"); undefined for a non-finite one. */
function finite(text: unknown): number | undefined {
  const value = typeof text === 'string' ? Number(text) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

function readings(body: QueryAnswer, where: string, query: string): ProbeReading[] {
  const type = body.data?.resultType;
  const result = body.data?.result;
  if (type === 'scalar') {
    const value = finite((result as [number, string] | undefined)?.[1]);
    return value === undefined ? [] : [{ value }];
  }
  if (type === 'vector' && Array.isArray(result)) {
    const out: ProbeReading[] = [];
    for (const element of result as VectorElement[]) {
      if (element.histogram !== undefined) {
        throw new Error(`${where}: query ${JSON.stringify(query)} gives a native histogram; wrap it in histogram_count(), histogram_sum() or histogram_quantile()`);
      }
      const value = finite(element.value?.[1]);
      if (value === undefined) continue;
      const tags = { ...element.metric };
      delete tags.__name__;
      out.push(Object.keys(tags).length === 0 ? { value } : { value, tags });
    }
    return out;
  }
  throw new Error(`${where}: query ${JSON.stringify(query)} gives a ${type ?? 'missing'} result; a probe needs an instant-vector or scalar expression (for a range like x[5m], wrap it: rate(x[5m]), max_over_time(x[5m]))`);
}
