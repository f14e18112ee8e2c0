/**
 * Aligned metric lines as k6 prints them:
 *   http_req_duration..: avg=1.2ms   min=…  (trend: one column per stat)
 *   http_reqs..........: 45     6.56/s     (others: value, then extras)
 * Rows are formatted first, then laid out together so columns line up.
 */
import { Ansi, displayWidth, formatPercent, formatValue, type Decorate } from './format.ts';
import type { SummaryMetric } from './summary-data.ts';

/** A metric's displayed name and values, before alignment. */
export interface FormattedRow {
  /** `http_req_duration`, or `{ expected_response:true }` for a submetric */
  name: string;
  /** extra indentation: two spaces for a submetric */
  nameIndent: string;
  /** trend columns, one per stat (undefined for other types) */
  trend?: string[];
  /** main value and extras for non-trend metrics */
  value?: string;
  extras?: string[];
}

/** Column widths shared by the rows of one aligned block. */
export interface RowLayout {
  nameWidth: number;
  valueWidth: number;
  extraWidths: number[];
  trendWidths: number[];
}

/** `{ tags }` for a submetric key, else the key itself. */
export function displayName(key: string): string {
  const open = key.indexOf('{');
  return open === -1 ? key : `{ ${key.slice(open + 1, key.length - 1)} }`;
}

/** Formats one metric's values the way the summary shows them. */
export function formatRow(key: string, metric: SummaryMetric, trendStats: readonly string[], timeUnit: string): FormattedRow {
  const row: FormattedRow = { name: displayName(key), nameIndent: key.includes('{') ? '  ' : '' };
  const fmt = (v: number | undefined) => (v === undefined ? '-' : formatValue(v, metric, timeUnit));
  const v = metric.values;
  switch (metric.type) {
    case 'trend':
      row.trend = trendStats.map((stat) => (stat === 'count' && v.count !== undefined ? String(v.count) : fmt(v[stat])));
      break;
    case 'counter':
      row.value = fmt(v.count);
      row.extras = [`${fmt(v.rate)}/s`];
      break;
    case 'gauge':
      row.value = fmt(v.value);
      row.extras = v.start === undefined ? [`min=${fmt(v.min)}`, `max=${fmt(v.max)}`] : [`start=${fmt(v.start)}`, `min=${fmt(v.min)}`, `max=${fmt(v.max)}`, `samples=${v.samples ?? 0}`];
      break;
    case 'rate':
      row.value = formatPercent(v.rate ?? 0);
      row.extras = [`${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
      break;
  }
  return row;
}

/** Column widths for a block of rows; `minNameWidth` keeps the colon column from moving left. */
export function layoutRows(rows: readonly FormattedRow[], minNameWidth = 0): RowLayout {
  const layout: RowLayout = { nameWidth: minNameWidth, valueWidth: 0, extraWidths: [], trendWidths: [] };
  for (const r of rows) {
    layout.nameWidth = Math.max(layout.nameWidth, displayWidth(r.nameIndent + r.name));
    if (r.trend) {
      r.trend.forEach((col, i) => { layout.trendWidths[i] = Math.max(layout.trendWidths[i] ?? 0, displayWidth(col)); });
      continue;
    }
    layout.valueWidth = Math.max(layout.valueWidth, displayWidth(r.value ?? ''));
    (r.extras ?? []).forEach((e, i) => { layout.extraWidths[i] = Math.max(layout.extraWidths[i] ?? 0, displayWidth(e)); });
  }
  return layout;
}

const pad = (n: number) => ' '.repeat(Math.max(0, n));

/** The dotted name and the aligned data of one row (no leading indentation, no trailing spaces). */
export function renderRow(row: FormattedRow, layout: RowLayout, trendStats: readonly string[], decorate: Decorate, dotCodes: readonly number[]): string {
  const dots = '.'.repeat(layout.nameWidth - displayWidth(row.nameIndent + row.name) + 3);
  return `${row.name}${decorate(`${dots}:`, ...dotCodes)} ${renderData(row, layout, trendStats, decorate)}`.trimEnd();
}

function renderData(row: FormattedRow, layout: RowLayout, trendStats: readonly string[], decorate: Decorate): string {
  if (row.trend) {
    return row.trend
      .map((col, i) => `${trendStats[i]}=${decorate(col, Ansi.cyan)}${pad(layout.trendWidths[i] - displayWidth(col))}`)
      .join(' ');
  }
  const value = row.value ?? '';
  let out = decorate(value, Ansi.cyan) + pad(layout.valueWidth - displayWidth(value));
  const extras = row.extras ?? [];
  if (extras.length === 1) out += ` ${decorate(extras[0], Ansi.faint, Ansi.cyan)}`;
  else if (extras.length > 1) {
    out += ` ${extras.map((e, i) => decorate(e, Ansi.faint, Ansi.cyan) + pad(layout.extraWidths[i] - displayWidth(e))).join(' ')}`;
  }
  return out;
}
