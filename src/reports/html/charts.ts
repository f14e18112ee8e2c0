/**
 * Which charts the HTML report and the live dashboard draw first, and from
 * which timeline series (metric + stat). Plain data: it is embedded in the
 * page as JSON and the browser code builds the charts from it. Metrics not
 * named here get a chart of their own in "More metrics" (the probes' metrics: in "Service probes", see client/probes-view.ts).
 */
import { BUILTIN_METRICS as REGISTRY } from '../../metrics/index.ts';

/** How a value reads: ms for time trends, fractions shown as %, per-second rates, bytes. */
export type Unit = 'count' | 'per-s' | 'ms' | 'percent' | 'bytes' | 'bytes-per-s' | 'number';

export interface ChartSeriesSpec {
  metric: string;
  /** one of TIMELINE_STATS for the metric's type */
  stat: string;
  label: string;
}

export interface ChartSpec {
  /** stable id (the page keeps chart instances by it) */
  id: string;
  title: string;
  unit: Unit;
  series: ChartSeriesSpec[];
}

const LATENCY_STATS: readonly [string, string][] = [['p(95)', 'p(95)'], ['p(90)', 'p(90)'], ['med', 'median'], ['avg', 'average']];

/** The overview: what a load test is read by. */
export const OVERVIEW_CHARTS: readonly ChartSpec[] = [
  { id: 'requests', title: 'Request rate', unit: 'per-s', series: [{ metric: 'http_reqs', stat: 'rate', label: 'requests/s' }] },
  { id: 'vus', title: 'Virtual users', unit: 'number', series: [{ metric: 'vus', stat: 'value', label: 'VUs' }, { metric: 'vus_max', stat: 'value', label: 'max VUs' }] },
  {
    id: 'http_req_duration', title: 'Request duration', unit: 'ms',
    series: LATENCY_STATS.map(([stat, label]) => ({ metric: 'http_req_duration', stat, label })),
  },
  { id: 'http_req_failed', title: 'Failed requests', unit: 'percent', series: [{ metric: 'http_req_failed', stat: 'rate', label: 'failed' }] },
  { id: 'checks', title: 'Checks passed', unit: 'percent', series: [{ metric: 'checks', stat: 'rate', label: 'passed' }] },
  { id: 'iterations', title: 'Iteration rate', unit: 'per-s', series: [{ metric: 'iterations', stat: 'rate', label: 'iterations/s' }] },
  {
    id: 'iteration_duration', title: 'Iteration duration', unit: 'ms',
    series: LATENCY_STATS.map(([stat, label]) => ({ metric: 'iteration_duration', stat, label })),
  },
  {
    id: 'data', title: 'Data transfer', unit: 'bytes-per-s',
    series: [{ metric: 'data_received', stat: 'rate', label: 'received' }, { metric: 'data_sent', stat: 'rate', label: 'sent' }],
  },
];

/** The built-in metrics Stampede records (metrics/'s registry): anything else a script defined is a custom metric (listed first under "More metrics"). */
export const BUILTIN_METRICS: readonly string[] = REGISTRY.filter((m) => m.emitted).map((m) => m.name);

/** What the page's script is given besides the run itself. */
export interface PageConfig {
  /** live dashboard (SSE from `events`, download from `report`) or a saved report */
  live: boolean;
  overview: readonly ChartSpec[];
  builtin: readonly string[];
}
