/**
 * k6's pre-v1 text summary (`--summary-mode=legacy`, and what the k6-summary
 * jslib's textSummary() 0.0.x prints): checks by group, then every metric
 * in one aligned list, each metric with thresholds marked ✓ or ✗.
 */
import { Ansi, decorator, type Decorate } from './format.ts';
import { formatRow, layoutRows, renderRow } from './metric-lines.ts';
import { checkLines } from './text-summary.ts';
import { compareMetricKeys, type SummaryData, type SummaryGroup } from './summary-data.ts';

/** Options of `renderTextSummaryLegacy` (k6-summary jslib's). */
export interface LegacyTextSummaryOptions {
  /** prefix of every line (default ' ') */
  indent?: string;
  /** ANSI colors (default false) */
  enableColors?: boolean;
}

/** Renders the legacy layout; lines joined with '\n', no leading or trailing newline. */
export function renderTextSummaryLegacy(data: SummaryData, opts: LegacyTextSummaryOptions = {}): string {
  const indent = opts.indent ?? ' ';
  const decorate = decorator(opts.enableColors ?? false);
  return [...groupLines(`${indent}    `, data.root_group, decorate), ...metricLines(`${indent}  `, data, decorate)].join('\n');
}

function groupLines(indent: string, group: SummaryGroup, decorate: Decorate): string[] {
  const lines: string[] = [];
  if (group.name !== '') {
    lines.push(`${indent}█ ${group.name}\n`);
    indent += '  ';
  }
  for (const c of group.checks) lines.push(...checkLines(c, decorate, indent, `${indent} `));
  if (group.checks.length > 0) lines.push('');
  for (const g of group.groups) lines.push(...groupLines(indent, g, decorate));
  return lines;
}

function metricLines(indent: string, data: SummaryData, decorate: Decorate): string[] {
  const { summaryTrendStats: stats, summaryTimeUnit: unit } = data.options;
  const keys = Object.keys(data.metrics).sort(compareMetricKeys);
  const rows = keys.map((k) => formatRow(k, data.metrics[k], stats, unit));
  const layout = layoutRows(rows);
  return rows.map((row, i) => {
    const thresholds = Object.values(data.metrics[keys[i]].thresholds ?? {});
    let mark = ' ';
    if (thresholds.length > 0) mark = thresholds.every((t) => t.ok) ? decorate('✓', Ansi.green) : decorate('✗', Ansi.red);
    return `${indent}${row.nameIndent}${mark} ${renderRow(row, layout, stats, decorate, [Ansi.faint])}`;
  });
}
