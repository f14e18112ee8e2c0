/**
 * How an exemplar reads, wherever it is shown (the terminal, Markdown,
 * compare, the HTML report's page script): the values that find it in the
 * service's logs, its status, and a name's failed-sample caption. Pure: the
 * report page bundles it too.
 */
import type { Exemplar, ExemplarGroup } from '../metrics/exemplars.ts';

/** `X-Request-Id=abc`, `trace_id=4bf9…`: the chosen headers, and the trace id unless a header already carries it. */
export function exemplarIds(ex: Exemplar): string[] {
  const ids = Object.entries(ex.headers).map(([k, v]) => `${k}=${v}`);
  if (ex.traceId !== undefined && !ids.some((p) => p.includes(ex.traceId!))) ids.push(`trace_id=${ex.traceId}`);
  return ids;
}

/** `200`, `503 (1503)`, or `0 (1211 request timeout)` when no response came. */
export function exemplarStatus(ex: Exemplar): string {
  if (ex.errorCode === 0) return String(ex.status);
  return ex.status === 0 ? `0 (${ex.errorCode}${ex.error ? ` ${ex.error}` : ''})` : `${ex.status} (${ex.errorCode})`;
}

/** `no failed requests`, `3 failed`, or `1,204 failed, 5 sampled`. */
export function failedCaption(g: Pick<ExemplarGroup, 'failedSeen' | 'failed'>): string {
  if (g.failedSeen === 0) return 'no failed requests';
  const seen = g.failedSeen.toLocaleString('en-US');
  return g.failed.length < g.failedSeen ? `${seen} failed, ${g.failed.length} sampled` : `${seen} failed`;
}
