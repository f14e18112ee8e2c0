/**
 * What the report page keeps between renders. The page exposes it as
 * `window.stampede` (the browser tests read the run and the charts' data
 * from there).
 */
import type uPlot from 'uplot';
import type { RunReport } from '../../run-report.ts';
import type { FaultBand } from './model.ts';
import type { ExemplarMark } from './exemplars-model.ts';

export interface PageState {
  /** the run as last rendered (null: the live page before the first update) */
  report: RunReport | null;
  /** the scope selector's value: `all`, `scenario:NAME` or `group:NAME` */
  scope: string;
  /** chart instances by chart spec id */
  charts: Record<string, uPlot>;
  /** per chart, the unit and series labels it was built with (a change rebuilds it) */
  chartKeys: Record<string, string>;
  /** the x range (s) all charts share, the load's and the probes': the whole timeline */
  xRange: [number, number] | null;
  /** the chaos faults' windows, a band on every time chart */
  faults: FaultBand[];
  /** the slowest requests in the scope, marked on the request-duration chart */
  marks: ExemplarMark[];
}

export function createState(report: RunReport | null): PageState {
  return { report, scope: 'all', charts: {}, chartKeys: {}, xRange: null, faults: [], marks: [] };
}
