/**
 * The few numbers of a run the history keeps in columns of their own, so
 * `stampede runs` can list runs without reading every report: requests,
 * request rate, p(95) latency, error rate and check pass rate.
 */
import type { RunReport } from '../reports/index.ts';

export interface KeyNumbers {
  /** http_reqs count */
  httpReqs?: number;
  /** http_reqs per second */
  httpReqRate?: number;
  /** http_req_duration p(95), ms (absent when p(95) is not in summaryTrendStats) */
  p95?: number;
  /** http_req_failed rate (0..1) */
  errorRate?: number;
  /** checks rate (0..1) */
  checksRate?: number;
}

const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);

export function keyNumbers(summary: RunReport['summary']): KeyNumbers {
  const m = summary?.metrics ?? {};
  return {
    httpReqs: finite(m.http_reqs?.values.count),
    httpReqRate: finite(m.http_reqs?.values.rate),
    p95: finite(m.http_req_duration?.values['p(95)']),
    errorRate: finite(m.http_req_failed?.values.rate),
    checksRate: finite(m.checks?.values.rate),
  };
}
