/**
 * The report page's script as one string: the functions of format.ts,
 * model.ts and app.ts, each by its own source text (type-checked here,
 * types erased by Node or tsc), then a call to the app. A function the
 * others call must be listed in PARTS.
 */
import { formatBytes, formatCount, formatDuration, formatElapsed, formatMs, formatNumber, formatUnit } from './format.ts';
import { chartData, checkCounts, findSeries, groupLabel, lastOf, metricInfo, moreCharts, scopeId, scopeOptions, sumOf, thresholdRows, totals, unitOf } from './model.ts';
import { stampedeApp } from './app.ts';

const PARTS: readonly ((...args: never[]) => unknown)[] = [
  formatNumber, formatCount, formatMs, formatBytes, formatUnit, formatDuration, formatElapsed,
  scopeId, groupLabel, scopeOptions, findSeries, chartData, metricInfo, unitOf, moreCharts, sumOf, lastOf, totals, thresholdRows, checkCounts,
  stampedeApp,
];

/** The page's script (no `</script>` inside: the page inlines it). */
export const CLIENT_SCRIPT = `'use strict';\n${PARTS.map((f) => f.toString()).join('\n\n')}\n\nstampedeApp();\n`;
