/**
 * The HTML report: one self-contained file (uPlot, the page script and the
 * run's data inline; no network needed) with the run's header, totals,
 * charts over time per scope, thresholds, checks and metrics. The live
 * dashboard serves the same page in live mode.
 */
import type { RunReport } from '../run-report.ts';
import { renderPage } from './page.ts';

export { renderPage, escapeHtml, jsonForScript, type PageOptions } from './page.ts';
export { OVERVIEW_CHARTS, BUILTIN_METRICS, type ChartSpec, type ChartSeriesSpec, type PageConfig, type Unit } from './charts.ts';

/** The saved report of one run (--report FILE, `stampede report RUN`). */
export function renderHtmlReport(report: RunReport): string {
  return renderPage(report, { live: false });
}
