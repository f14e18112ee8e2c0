/**
 * Small pieces the run Markdown, the comparison and `stampede runs|report`
 * share: aligned text tables, Markdown tables and escaping, how a run's
 * header facts read (short commit, tags), and a threshold's value.
 */
import { displayWidth, fixedNoTrailingZeros, formatBytes, formatPercent, formatValue } from './format.ts';
import type { SummaryMetric } from './summary-data.ts';

/** Columns that line up; `right[i]` right-aligns column i. Two spaces between columns, no trailing spaces. */
export function textTable(rows: readonly (readonly string[])[], right: readonly boolean[] = [], indent = ''): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, displayWidth(c)); });
  return rows.map((r) => indent + r.map((c, i) => {
    const fill = ' '.repeat(widths[i] - displayWidth(c));
    return right[i] ? fill + c : i === r.length - 1 ? c : c + fill;
  }).join('  ').trimEnd());
}

/** A cell's text made safe for a Markdown table. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `` `code` `` that survives backticks inside. */
export function mdCode(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ` ${s} ` : s}${fence}`;
}

/** A GitHub-flavoured Markdown table; `right[i]` right-aligns column i. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string[] {
  return [
    `| ${header.map(mdCell).join(' | ')} |`,
    `|${header.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export const shortCommit = (commit: string | undefined) => (commit ? commit.slice(0, 7) : '');

/** `env=ci,team=api`, or '' without tags. */
export function tagsText(tags: Record<string, string> | undefined): string {
  return Object.entries(tags ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The aggregation a threshold expression reads: `p(95)` of `p(95) < 500`. */
export function thresholdAggregation(expression: string): string {
  return expression.trim().split(/[=<>!]/, 1)[0].replace(/\s+/g, '');
}

/** The summary value a threshold was judged on, when the summary has it. */
export function thresholdValue(metric: SummaryMetric, expression: string): number | undefined {
  const agg = thresholdAggregation(expression);
  const v = metric.values;
  switch (metric.type) {
    case 'counter': return agg === 'rate' ? v.rate : v.count;
    case 'gauge': return v.value;
    case 'rate': return v.rate;
    default: return v[agg];
  }
}

/** A metric stat's value for people: `20.53ms`, `4.00%`, `49.99/s`, `1500`. */
export function formatStat(value: number | undefined, stat: string, metric: Pick<SummaryMetric, 'type' | 'contains'>, timeUnit?: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (metric.type === 'counter' && stat === 'rate') return `${metric.contains === 'data' ? formatBytes(value) : fixedNoTrailingZeros(value, 2)}/s`;
  if (metric.type === 'rate') return formatPercent(value);
  if (metric.type === 'counter' && stat === 'count' && metric.contains !== 'data') return fixedNoTrailingZeros(value, 0);
  return formatValue(value, metric, timeUnit);
}

/** `login › status is 200` for the check path `::login::status is 200`. */
export function checkLabel(path: string): string {
  return path.split('::').filter((p) => p !== '').join(' › ');
}
