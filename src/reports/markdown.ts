/**
 * One run as Markdown for a pull-request comment (`stampede report <run>
 * --markdown`): the status, the run's facts, the thresholds table with
 * ✅/❌, the key metrics (trends with the summary's stats as columns,
 * counters/rates/gauges with their value) and the checks.
 */
import type { RunReport, RunStatus } from './run-report.ts';
import type { SummaryGroup, SummaryMetric } from './summary-data.ts';
import { compareMetricKeys } from './summary-data.ts';
import { formatDuration } from './format.ts';
import { checkLabel, formatStat, mdCell, mdCode, mdTable, shortCommit, tagsText, thresholdAggregation, thresholdValue } from './report-text.ts';

const STATUS: Record<RunStatus, string> = { passed: '✅ passed', failed: '❌ failed', aborted: '⚠️ aborted', interrupted: '⏹️ interrupted', running: '⏳ running' };

/** Timing breakdowns and helpers the key metrics leave out (as k6's compact summary does). */
const HIDDEN = ['checks', 'group_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_receiving', 'http_req_sending', 'http_req_tls_handshaking', 'http_req_waiting'];

export function renderRunMarkdown(report: RunReport): string {
  const out: string[] = [];
  const title = report.id ? `Stampede run ${mdCode(report.id)}` : `Stampede run of ${mdCode(report.script)}`;
  out.push(`### ${STATUS[report.status] ?? report.status}: ${title}`, '');
  const facts = [mdCode(report.script), `started ${new Date(report.startedAt).toISOString().slice(0, 19).replace('T', ' ')}Z`, formatDuration(report.durationMs)];
  if (report.exitCode) facts.push(`exit code ${report.exitCode}`);
  if (report.commit) facts.push(`commit ${mdCode(shortCommit(report.commit))}`);
  const tags = tagsText(report.tags);
  if (tags) facts.push(`tags ${mdCode(tags)}`);
  out.push(facts.join(' · '), '');
  const summary = report.summary;
  if (!summary) {
    out.push('_No summary: the run did not finish._');
    return `${out.join('\n')}\n`;
  }
  const timeUnit = summary.options.summaryTimeUnit || undefined;
  const keys = Object.keys(summary.metrics).sort(compareMetricKeys);

  const thresholdRows: string[][] = [];
  for (const key of keys) {
    const m = summary.metrics[key];
    for (const [expression, { ok }] of Object.entries(m.thresholds ?? {})) {
      thresholdRows.push([mdCode(key), mdCode(expression), formatStat(thresholdValue(m, expression), thresholdAggregation(expression), m, timeUnit), ok ? '✅ pass' : '❌ fail']);
    }
  }
  if (thresholdRows.length) out.push('#### Thresholds', '', ...mdTable(['Metric', 'Threshold', 'Value', 'Result'], thresholdRows, [false, false, true]), '');

  const shown = keys.filter((k) => !k.includes('{') && !HIDDEN.includes(k));
  const trends = shown.filter((k) => summary.metrics[k].type === 'trend');
  const stats = summary.options.summaryTrendStats;
  if (trends.length) {
    out.push('#### Key metrics', '', ...mdTable(['Trend', ...stats], trends.map((k) => [mdCell(k), ...stats.map((s) => formatStat(summary.metrics[k].values[s], s, summary.metrics[k], timeUnit))]),
      [false, ...stats.map(() => true)]), '');
  }
  const others = shown.filter((k) => summary.metrics[k].type !== 'trend');
  if (others.length) {
    if (!trends.length) out.push('#### Key metrics', '');
    out.push(...mdTable(['Metric', 'Value', ''], others.map((k) => [mdCell(k), ...valueCells(summary.metrics[k], timeUnit)]), [false, true, true]), '');
  }

  const checks = checkRows(summary.root_group);
  if (checks.length) out.push('#### Checks', '', ...mdTable(['Check', 'Passes', 'Fails', ''], checks, [false, true, true]), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function valueCells(m: SummaryMetric, timeUnit: string | undefined): [string, string] {
  const v = m.values;
  switch (m.type) {
    case 'counter': return [formatStat(v.count, 'count', m, timeUnit), formatStat(v.rate, 'rate', m)];
    case 'rate': return [formatStat(v.rate, 'rate', m), `${v.passes ?? 0} of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
    case 'gauge': return [formatStat(v.value, 'value', m, timeUnit), `min ${formatStat(v.min, 'min', m, timeUnit)}, max ${formatStat(v.max, 'max', m, timeUnit)}`];
    default: return ['', ''];
  }
}

function checkRows(g: SummaryGroup, into: string[][] = []): string[][] {
  for (const c of g.checks) {
    into.push([mdCell(checkLabel(c.path)), String(c.passes), String(c.fails), c.fails === 0 ? '✅' : '❌']);
  }
  for (const sub of g.groups) checkRows(sub, into);
  return into;
}
