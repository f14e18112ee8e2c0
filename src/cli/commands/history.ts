/**
 * The run history's commands:
 *   stampede runs      the saved runs, newest first
 *   stampede report    one past run as text, Markdown, HTML, JUnit or JSON;
 *                      --trend: one metric's stat across the last runs
 *   stampede compare   two runs side by side
 * The history is `.stampede/history.db` in the working directory, or
 * STAMPEDE_HISTORY_DIR.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { openHistory, formatStartTime, HISTORY_FILE, type RunHistory, type RunRow, type TrendPoint } from '../../history/index.ts';
import { renderTextSummary, renderJUnitReport, formatDuration, type RunReport, type SummaryData } from '../../reports/index.ts';
import { renderRunMarkdown } from '../../reports/markdown.ts';
import { compareRuns, renderCompareMarkdown, renderCompareText, changeOf, formatChange, type Better } from '../../reports/compare.ts';
import { renderCompareHtml } from '../../reports/compare-html.ts';
import { formatStat, mdCell, mdCode, mdTable, shortCommit, tagsText, textTable } from '../../reports/report-text.ts';
import { renderHtmlReport } from '../../reports/html/index.ts';
import { renderExemplarsMarkdown, renderExemplarsText } from '../../reports/exemplars.ts';
import { K6_BUILTIN_METRIC_TYPES, type MetricType } from '../../metrics/index.ts';
import { ConfigError, ExitCode, StampedeError } from '../../errors/index.ts';
import type { CliContext } from '../context.ts';

export const RUNS_HELP = `Usage: stampede runs [--limit N] [--script FILE] [--json]

Lists the runs saved in the run history (.stampede/history.db, or
STAMPEDE_HISTORY_DIR), newest first: id, start (UTC), script, status, tags,
git commit, requests, p(95) latency, error rate.

Flags:
  -n, --limit N        show the last N runs (default 20; 0 = all)
      --script FILE    only the runs of this script (as given to stampede run)
      --json           the rows as JSON
  -h, --help           this help`;

export const REPORT_HELP = `Usage: stampede report <run> [--markdown] [--html FILE] [--junit FILE] [--json] [--exemplars]
       stampede report --trend [--metric NAME] [--stat STAT] [--last N] [--script FILE] [--markdown] [--json]

Renders a saved run: <run> is an id (or a unique prefix of one), last or
last-passed. Prints the end-of-test summary by default.

Flags:
      --markdown       the run as Markdown (status, thresholds, key metrics, checks) for a PR comment
      --html FILE      write the run's HTML report (charts over time, thresholds, checks)
      --junit FILE     write JUnit XML: one test case per threshold and per check
      --json           the saved run as JSON
      --exemplars      the run's slowest and sampled failed requests per request name, with
                       their X-Request-Id / traceparent (as text, or with --markdown / --json)
      --trend          a metric's value across the last runs, oldest first
      --metric NAME    with --trend: the metric or submetric (default http_req_duration)
      --stat STAT      with --trend: avg, med, p(90), p(95), max, rate, count, value …
                       (default p(95) for trends, rate for rates and counters, value for gauges)
      --last N         with --trend: how many runs (default 10)
      --script FILE    with --trend or last/last-passed: only this script's runs
  -h, --help           this help`;

export const COMPARE_HELP = `Usage: stampede compare <base> <run> [--markdown] [--html FILE] [--json]

Compares two saved runs (ids, unique id prefixes, last or last-passed; <run>
defaults to last): key metric stats, each scenario, each threshold
(pass → fail) and each check, with the change in percent (percentage points
for rates) and whether it is better or worse.

Flags:
      --markdown       the comparison as Markdown
      --html FILE      write the comparison as a self-contained HTML page
      --json           the comparison as JSON
      --script FILE    last/last-passed among this script's runs only
  -h, --help           this help`;

const DEFAULT_RUNS_LIMIT = 20;
const DEFAULT_TREND_RUNS = 10;

/** The history's folder as the user named it, and resolved. */
function historyDir(ctx: CliContext): { shown: string; dir: string } {
  const shown = ctx.env.STAMPEDE_HISTORY_DIR || '.stampede';
  return { shown, dir: path.resolve(ctx.cwd, shown) };
}

/** Opens an existing history; undefined when nothing was ever saved there. */
function openExisting(ctx: CliContext): { history?: RunHistory; where: string } {
  const { shown, dir } = historyDir(ctx);
  const where = path.join(shown, HISTORY_FILE);
  return existsSync(path.join(dir, HISTORY_FILE)) ? { history: openHistory(dir), where } : { where };
}

function noHistoryError(where: string): StampedeError {
  return new StampedeError('E_HISTORY_MISSING', `no run history: ${where} does not exist`, {
    exitCode: ExitCode.invalidConfig,
    hint: '`stampede run` saves every run there (unless --no-history); STAMPEDE_HISTORY_DIR points at another folder',
  });
}

/** A run by reference, or a clear error naming the history. */
function mustGet(history: RunHistory, ref: string, where: string, script: string | undefined): RunReport {
  const run = history.get(ref, { script });
  if (run) return run;
  const scope = script === undefined ? '' : ` for ${script}`;
  const what = ref === 'last' ? `no run${scope} in ${where}` : ref === 'last-passed' ? `no passed run${scope} in ${where}` : `no run "${ref}" in ${where}`;
  throw new StampedeError('E_HISTORY_NO_RUN', what, { exitCode: ExitCode.invalidConfig, hint: '`stampede runs` lists them' });
}

function parse<T extends ParseArgsOptionsConfig>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError([`${command}: ${err instanceof Error ? err.message : String(err)}`], `see \`stampede ${command} --help\``);
  }
}

function count(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) throw new ConfigError([`${flag}: expected a whole number, got ${JSON.stringify(v)}`]);
  return Number(v);
}

const colorsOn = (ctx: CliContext) => ctx.isStdOutTTY && !ctx.env.NO_COLOR;

async function writeOut(ctx: CliContext, file: string, what: string, content: string): Promise<void> {
  await writeFile(path.resolve(ctx.cwd, file), content);
  ctx.stderr(`${what} written to ${file}\n`);
}

// ---- stampede runs ----

export async function runsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    limit: { type: 'string', short: 'n' }, json: { type: 'boolean' }, script: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, 'runs');
  if (v.help) { ctx.stdout(`${RUNS_HELP}\n`); return ExitCode.ok; }
  if (positionals.length) throw new ConfigError([`runs: unexpected argument ${JSON.stringify(positionals[0])}`], 'see `stampede runs --help`');
  const limit = count(v.limit, '--limit', DEFAULT_RUNS_LIMIT);
  const { history, where } = openExisting(ctx);
  if (!history) {
    if (v.json) ctx.stdout('[]\n');
    else ctx.stderr(`no runs saved yet: ${where} does not exist (stampede run saves every run there unless --no-history)\n`);
    return ExitCode.ok;
  }
  try {
    const rows = history.list({ limit: limit === 0 ? undefined : limit, script: v.script });
    if (v.json) ctx.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0) ctx.stderr(`no runs${v.script ? ` of ${v.script}` : ''} in ${where}\n`);
    else ctx.stdout(`${renderRunsTable(rows).join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    history.close();
  }
}

const ms = (v: number | undefined) => (v === undefined ? '-' : formatDuration(v));
const percent = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);

export function renderRunsTable(rows: RunRow[]): string[] {
  return textTable([
    ['ID', 'STARTED (UTC)', 'SCRIPT', 'STATUS', 'TAGS', 'COMMIT', 'HTTP_REQS', 'P(95)', 'ERRORS', 'DURATION'],
    ...rows.map((r) => [r.id, formatStartTime(r.startedAt).slice(0, -1), r.script, r.exitCode ? `${r.status} (${r.exitCode})` : r.status,
      tagsText(r.tags) || '-', shortCommit(r.commit) || '-', r.httpReqs === undefined ? '-' : String(r.httpReqs), ms(r.p95), percent(r.errorRate), formatDuration(r.durationMs)]),
  ], [false, false, false, false, false, false, true, true, true, true]);
}

// ---- stampede report ----

export async function reportCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    markdown: { type: 'boolean' }, html: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' }, exemplars: { type: 'boolean' },
    trend: { type: 'boolean' }, metric: { type: 'string' }, stat: { type: 'string' }, last: { type: 'string' }, script: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, 'report');
  if (v.help) { ctx.stdout(`${REPORT_HELP}\n`); return ExitCode.ok; }
  if (v.trend) {
    if (positionals.length) throw new ConfigError([`report --trend: takes no run, got ${JSON.stringify(positionals[0])}`], 'use --last N and --script FILE to pick the runs');
    return trend(ctx, { metric: v.metric ?? 'http_req_duration', stat: v.stat, last: count(v.last, '--last', DEFAULT_TREND_RUNS), script: v.script, markdown: Boolean(v.markdown), json: Boolean(v.json) });
  }
  for (const flag of ['metric', 'stat', 'last'] as const) if (v[flag] !== undefined) throw new ConfigError([`report: --${flag} goes with --trend`]);
  if (v.exemplars && (v.html || v.junit)) throw new ConfigError(['report: --exemplars prints to the terminal; it does not go with --html or --junit'], 'the HTML report has the exemplars already: stampede report <run> --html FILE');
  if (positionals.length !== 1) throw new ConfigError([positionals.length ? `report: one run at a time, got ${positionals.join(' ')}` : 'report: which run? give an id, last or last-passed'], 'usage: stampede report <run> (`stampede runs` lists them)');
  const { history, where } = openExisting(ctx);
  if (!history) throw noHistoryError(where);
  let run: RunReport;
  try {
    run = mustGet(history, positionals[0], where, v.script);
  } finally {
    history.close();
  }
  if (v.html) await writeOut(ctx, v.html, 'HTML report', renderHtmlReport(run));
  if (v.junit) {
    if (!run.summary) throw new StampedeError('E_HISTORY_NO_SUMMARY', `run ${run.id} has no summary (it did not finish); no JUnit report`, { exitCode: ExitCode.invalidConfig });
    await writeOut(ctx, v.junit, 'JUnit report', renderJUnitReport(run.summary as SummaryData, run.baselineGate));
  }
  if (v.exemplars) {
    if (v.json) ctx.stdout(`${JSON.stringify(run.exemplars ?? null, null, 2)}\n`);
    else ctx.stdout(v.markdown ? renderExemplarsMarkdown(run.exemplars, run.startedAt) : renderExemplarsText(run.exemplars, run.startedAt));
  } else if (v.json) ctx.stdout(`${JSON.stringify(run, null, 2)}\n`);
  else if (v.markdown) ctx.stdout(renderRunMarkdown(run));
  else if (!v.html && !v.junit) ctx.stdout(renderRunText(run, colorsOn(ctx)));
  return ExitCode.ok;
}

/** A saved run for a terminal: its facts, then the end-of-test summary. */
function renderRunText(run: RunReport, enableColors: boolean): string {
  const facts = textTable([
    ['run', run.id ?? '-'],
    ['script', run.script],
    ['started', `${formatStartTime(run.startedAt)} (${formatDuration(run.durationMs)})`],
    ['status', run.exitCode ? `${run.status} (exit code ${run.exitCode})` : run.status],
    ...(run.commit ? [['commit', run.commit]] : []),
    ...(tagsText(run.tags) ? [['tags', tagsText(run.tags)]] : []),
  ], [], '  ');
  const summary = run.summary ? renderTextSummary({ ...run.summary } as SummaryData, { enableColors }) : '\n  (no summary: the run did not finish)\n';
  return `${facts.join('\n')}\n${summary}\n`;
}

function defaultStat(type: MetricType | undefined): string {
  return type === 'rate' || type === 'counter' ? 'rate' : type === 'gauge' ? 'value' : 'p(95)';
}

async function trend(ctx: CliContext, o: { metric: string; stat?: string; last: number; script?: string; markdown: boolean; json: boolean }): Promise<number> {
  if (o.last < 1) throw new ConfigError(['--last: needs at least 1 run']);
  const { history, where } = openExisting(ctx);
  if (!history) throw noHistoryError(where);
  let points: TrendPoint[];
  let stat = o.stat;
  try {
    if (stat === undefined) {
      const name = o.metric.split('{', 1)[0];
      const known = K6_BUILTIN_METRIC_TYPES[name] ?? history.trend(o.metric, 'p(95)', o.last, { script: o.script }).findLast((p) => p.kind)?.kind?.type;
      stat = defaultStat(known);
    }
    points = history.trend(o.metric, stat, o.last, { script: o.script });
  } finally {
    history.close();
  }
  if (o.json) { ctx.stdout(`${JSON.stringify({ metric: o.metric, stat, runs: points }, null, 2)}\n`); return ExitCode.ok; }
  if (points.length === 0) { ctx.stderr(`no runs${o.script ? ` of ${o.script}` : ''} in ${where}\n`); return ExitCode.ok; }
  if (points.every((p) => p.value === undefined)) {
    ctx.stderr(`none of the last ${points.length} runs has ${o.metric} ${stat} in its summary (--stat picks another stat; p(99) needs --summary-trend-stats)\n`);
  }
  const kind = points.findLast((p) => p.kind)?.kind ?? { type: 'trend' as const, contains: 'time' as const };
  const better: Better = o.metric.startsWith('http_req_failed') || kind.contains === 'time' ? 'lower' : o.metric.startsWith('checks') ? 'higher' : 'none';
  const rows = points.map((p, i) => {
    const prev = i > 0 ? points[i - 1].value : undefined;
    const change = i > 0 && p.value !== undefined && prev !== undefined ? changeOf(prev, p.value, better) : undefined;
    return { p, value: formatStat(p.value, stat, kind), change: change ? `${formatChange(change, kind)}${change.verdict === 'worse' ? ' worse' : change.verdict === 'better' ? ' better' : ''}` : '' };
  });
  const title = `${o.metric} ${stat}, last ${points.length} run${points.length === 1 ? '' : 's'}${o.script ? ` of ${o.script}` : ''} (oldest first)`;
  if (o.markdown) {
    ctx.stdout(`${[`#### ${mdCell(title)}`, '', ...mdTable(['Run', 'Started (UTC)', 'Script', 'Status', 'Commit', stat, 'Change'],
      rows.map(({ p, value, change }) => [mdCode(p.id), formatStartTime(p.startedAt).slice(0, -1), mdCode(p.script), p.status, p.commit ? mdCode(shortCommit(p.commit)) : '', value, change]),
      [false, false, false, false, false, true, true])].join('\n')}\n`);
    return ExitCode.ok;
  }
  const table = textTable([['ID', 'STARTED (UTC)', 'SCRIPT', 'STATUS', 'COMMIT', stat.toUpperCase(), 'CHANGE'],
    ...rows.map(({ p, value, change }) => [p.id, formatStartTime(p.startedAt).slice(0, -1), p.script, p.status, shortCommit(p.commit) || '-', value, change])],
  [false, false, false, false, false, true, false]);
  const shape = sparkline(points.map((p) => p.value));
  ctx.stdout(`${title}${shape ? `: ${shape}` : ''}\n\n${table.join('\n')}\n`);
  return ExitCode.ok;
}

const BARS = '▁▂▃▄▅▆▇█';

/** `▁▃█▅`: the values' shape at a glance (a gap for a missing value). */
export function sparkline(values: (number | undefined)[]): string {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length === 0) return '';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values.map((v) => (v === undefined ? ' ' : BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))])).join('');
}

// ---- stampede compare ----

export async function compareCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    markdown: { type: 'boolean' }, html: { type: 'string' }, json: { type: 'boolean' }, script: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, 'compare');
  if (v.help) { ctx.stdout(`${COMPARE_HELP}\n`); return ExitCode.ok; }
  if (positionals.length < 1 || positionals.length > 2) {
    throw new ConfigError([`compare: expected <base> [<run>], got ${positionals.length} arguments`], 'usage: stampede compare <base> <run> (ids, last or last-passed; `stampede runs` lists them)');
  }
  const [baseRef, runRef = 'last'] = positionals;
  const { history, where } = openExisting(ctx);
  if (!history) throw noHistoryError(where);
  let base: RunReport;
  let run: RunReport;
  try {
    base = mustGet(history, baseRef, where, v.script);
    run = mustGet(history, runRef, where, v.script);
  } finally {
    history.close();
  }
  const data = compareRuns(base, run);
  if (v.html) await writeOut(ctx, v.html, 'comparison', renderCompareHtml(data));
  if (v.json) ctx.stdout(`${JSON.stringify(data, null, 2)}\n`);
  else if (v.markdown) ctx.stdout(renderCompareMarkdown(data));
  else if (!v.html) ctx.stdout(renderCompareText(data, { enableColors: colorsOn(ctx) }));
  return ExitCode.ok;
}
