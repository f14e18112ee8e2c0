/**
 * reports/: everything rendered from the final metrics — handleSummary()
 * data, the text summary (current and legacy layouts), the legacy
 * --summary-export JSON and JUnit. Pure functions over metrics/ data.
 */
export {
  buildSummaryData, compareMetricKeys, summaryId,
  type SummaryData, type SummaryGroup, type SummaryCheck, type SummaryMetric, type SummaryOptions, type BuildSummaryOptions, type SummaryFault, type SummaryStretch,
} from './summary-data.ts';
export { renderTextSummary, metricCategory, type TextSummaryOptions } from './text-summary.ts';
export { renderTextSummaryLegacy, type LegacyTextSummaryOptions } from './text-summary-legacy.ts';
export { buildSummaryExport, type SummaryExport, type ExportGroup } from './summary-export.ts';
export { renderJUnit } from './junit.ts';
export { renderJUnitReport } from './junit.ts';
export { formatDuration, formatTime, formatBytes, formatPercent, formatValue } from './format.ts';
export { TimelineCollector, periodFor, TIMELINE_STATS, type Timeline, type TimelineSeries, type TimelineScope } from './timeline.ts';
export { statusOfExitCode, type RunReport, type RunStatus } from './run-report.ts';
export { renderOutputsSummary, type OutputOutcome } from './outputs-summary.ts';
