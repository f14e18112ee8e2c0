/**
 * k6's browser metrics: the web vitals each page reports (through the
 * web-vitals library injected into every page) and one set of samples per
 * request the page made. Tags as k6 sets them: the VU's tags, `url` and
 * `name` (the page's URL for vitals, the request's for requests; renamed
 * by page.on('metric') groupings), `rating` on vitals, and `method`,
 * `status`, `resource_type` on requests.
 */
import type { SampleSink, VuRuntime } from '../../../vu-runtime.ts';
import type { Tags } from '../../../../metrics/types.ts';

const VITALS: Record<string, { metric: string; time: boolean }> = {
  LCP: { metric: 'browser_web_vital_lcp', time: true },
  FCP: { metric: 'browser_web_vital_fcp', time: true },
  CLS: { metric: 'browser_web_vital_cls', time: false },
  INP: { metric: 'browser_web_vital_inp', time: true },
  TTFB: { metric: 'browser_web_vital_ttfb', time: true },
  FID: { metric: 'browser_web_vital_fid', time: true },
};

export function defineBrowserMetrics(sink: SampleSink): void {
  for (const v of Object.values(VITALS)) sink.define(v.metric, 'trend', v.time ? 'time' : 'default');
  sink.define('browser_http_req_duration', 'trend', 'time');
  sink.define('browser_http_req_failed', 'rate');
  sink.define('browser_data_received', 'counter', 'data');
  sink.define('browser_data_sent', 'counter', 'data');
}

/** One web-vitals report from a page: { name: 'LCP', value, rating, url }. */
export interface VitalReport { name: string; value: number; rating: string; url: string }

/** A `page.on('metric')` handler: it may rename the url and name tags of the metric it is shown. */
export type MetricHandler = (message: MetricMessage) => void;

/** What k6 hands `page.on('metric')` handlers: the URL and method, and tag() to group them. */
export class MetricMessage {
  readonly url: string;
  readonly method: string;
  /** the name a matching tag() call chose */
  renamed: string | undefined;

  constructor(url: string, method: string) {
    this.url = url;
    this.method = method;
  }

  tag(spec: { name?: unknown; matches?: unknown }): void {
    if (this.renamed !== undefined) return;
    const name = typeof spec?.name === 'string' ? spec.name.trim() : '';
    if (!name) throw new Error(`name ${JSON.stringify(spec?.name)} is invalid`);
    const matches = Array.isArray(spec.matches) ? spec.matches as { url?: unknown; method?: unknown }[] : [];
    for (const m of matches) {
      if (typeof m.method === 'string' && !METHODS.includes(m.method.toUpperCase())) throw new Error(`method "${m.method}" is invalid`);
      const urlMatches = m.url instanceof RegExp ? m.url.test(this.url) : typeof m.url === 'string' ? new RegExp(m.url).test(this.url) : false;
      if (!urlMatches) continue;
      if (typeof m.method === 'string' && m.method.toUpperCase() !== this.method) continue;
      this.renamed = name;
      return;
    }
  }
}
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'];

/** The url/name tag for `url`: the first page.on('metric') grouping that matches, else the URL itself. */
export function groupedName(handlers: readonly MetricHandler[], url: string, method: string): string {
  if (handlers.length === 0) return url;
  const message = new MetricMessage(url, method);
  for (const h of handlers) {
    try { h(message); } catch { return url; } // a handler that fails renames nothing, as in k6
    if (message.renamed !== undefined) return message.renamed;
  }
  return url;
}

/** The VU's tags now (its scenario, options.tags, exec.vu.tags, and the group it is in). */
export function vuTags(vu: VuRuntime): Record<string, string> {
  const tags: Record<string, string> = { ...vu.state.tags };
  if (vu.state.groupPath && vu.systemTags.has('group')) tags.group = vu.state.groupPath;
  return tags;
}

/** Emits one page view's last value of each vital. */
export function emitVitals(vu: VuRuntime, reports: Iterable<VitalReport>, handlers: readonly MetricHandler[]): void {
  for (const r of reports) {
    const vital = VITALS[r.name];
    if (!vital || !Number.isFinite(r.value)) continue;
    const tags: Record<string, string> = vuTags(vu);
    if (vu.systemTags.has('url')) { const name = groupedName(handlers, r.url, 'GET'); tags.url = name; tags.name = name; }
    tags.rating = r.rating;
    vu.samples.add(vital.metric, tags as Tags, r.value);
  }
}

/** What a finished request cost and returned, as Playwright reports it. */
export interface RequestRecord {
  url: string;
  method: string;
  /** playwright's lowercase type ('document', 'xhr', …) */
  resourceType: string;
  /** undefined when no response came (a network error) */
  status: number | undefined;
  durationMs: number | undefined;
  sentBytes: number;
  receivedBytes: number;
  fromServiceWorker: boolean;
}

/** The samples of one request: duration, failed (when a response came), data sent and received. */
export function emitRequest(vu: VuRuntime, r: RequestRecord, handlers: readonly MetricHandler[]): void {
  if (r.url.startsWith('data:') || r.url.startsWith('blob:')) return; // k6 skips these
  const tags: Record<string, string> = vuTags(vu);
  if (vu.systemTags.has('method')) tags.method = r.method;
  if (vu.systemTags.has('url')) { const name = groupedName(handlers, r.url, r.method); tags.url = name; tags.name = name; }
  tags.resource_type = cdpResourceType(r.resourceType);
  const sentTags = { ...tags } as Tags;
  vu.samples.add('browser_data_sent', sentTags, r.sentBytes);
  if (r.status === undefined) return;
  if (vu.systemTags.has('status')) tags.status = String(r.status);
  tags.from_service_worker = String(r.fromServiceWorker);
  const t = tags as Tags;
  if (r.durationMs !== undefined && r.durationMs >= 0) vu.samples.add('browser_http_req_duration', t, r.durationMs);
  vu.samples.add('browser_http_req_failed', t, r.status < 200 || r.status > 399 ? 1 : 0);
  vu.samples.add('browser_data_received', t, r.receivedBytes);
}

/** k6 tags resource types as the DevTools protocol names them (Document, XHR, Fetch …); Playwright lowercases them. */
export function cdpResourceType(type: string): string {
  const special: Record<string, string> = { xhr: 'XHR', eventsource: 'EventSource', websocket: 'WebSocket', texttrack: 'TextTrack', cspviolationreport: 'CSPViolationReport' };
  return special[type] ?? (type ? type[0].toUpperCase() + type.slice(1) : 'Other');
}
