/**
 * `stampede compare <base> <run> --html FILE`: the comparison as one small
 * self-contained page (inline CSS, no script, no network) — the same
 * tables as the text and Markdown (the chaos faults' recovery times too),
 * worse values in red, better in green, thresholds that now fail highlighted.
 */
import { faultCells, faultLabel, slowestRows, formatChange, type Change, type CompareData, type RunFacts, type ThresholdOutcome, type ValueKind, type Verdict } from './compare.ts';
import { checkLabel, formatStat, shortCommit, tagsText } from './report-text.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const VERDICT: Record<Verdict, string> = { better: '▲ better', worse: '▼ worse', same: '= same', changed: '~ changed', new: 'new', gone: 'gone' };
const OUTCOME: Record<ThresholdOutcome, string> = {
  'now failing': '✓ → ✗ now failing', 'now passing': '✗ → ✓ now passing', passing: '✓ passing', failing: '✗ still failing', new: 'new', removed: 'removed',
};
const OUTCOME_CLASS: Record<ThresholdOutcome, string> = { 'now failing': 'worse', failing: 'worse', 'now passing': 'better', passing: '', new: '', removed: '' };

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .6rem;border-bottom:1px solid #d0d7de;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
.worse{color:#b42318;font-weight:600}.better{color:#1a7f37}.muted{color:#656d76}
tr.worse td{background:#fff1f0}`;

function table(header: string[], rows: string[][], numeric: boolean[] = [], rowClass: string[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${rowClass[i] ? ` class="${rowClass[i]}"` : ''}>${r.map((c, j) => `<td${numeric[j] ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

const verdictCell = (v: Verdict) => `<span class="${v === 'worse' ? 'worse' : v === 'better' ? 'better' : 'muted'}">${VERDICT[v]}</span>`;

function valueCells(c: Change & ValueKind, stat: string): string[] {
  return [esc(formatStat(c.base, stat, c)), esc(formatStat(c.run, stat, c)), esc(formatChange(c, c)), verdictCell(c.verdict)];
}

function factsRow(label: string, f: RunFacts): string[] {
  return [label, esc(f.id ?? ''), new Date(f.startedAt).toISOString().slice(0, 19).replace('T', ' ') + 'Z', esc(f.script),
    esc(`${f.status}${f.exitCode ? ` (${f.exitCode})` : ''}`), esc(shortCommit(f.commit)), esc(tagsText(f.tags))];
}

export function renderCompareHtml(d: CompareData): string {
  const title = `${d.run.id ?? d.run.script} compared with ${d.base.id ?? d.base.script}`;
  const t = d.totals;
  const parts: string[] = [
    `<h1>${esc(title)}</h1>`,
    `<p><span class="${t.worse ? 'worse' : ''}">${t.worse} worse</span>, <span class="${t.better ? 'better' : ''}">${t.better} better</span>`
      + `${t.nowFailing ? `, <span class="worse">${t.nowFailing} threshold(s) now failing</span>` : ''}${t.nowPassing ? `, ${t.nowPassing} threshold(s) now passing` : ''}</p>`,
    table(['', 'id', 'started', 'script', 'status', 'commit', 'tags'], [factsRow('base', d.base), factsRow('run', d.run)]),
  ];
  const num = (n: number, lead: number) => [...Array(lead).fill(false), ...Array(n).fill(true)];
  if (d.metrics.length) {
    parts.push('<h2>Metrics</h2>', table(['metric', 'base', 'run', 'change', ''], d.metrics.map((m) => [esc(`${m.key} ${m.stat}`), ...valueCells(m, m.stat)]), num(3, 1)));
  }
  if (d.scenarios.length) {
    parts.push('<h2>Scenarios</h2>', table(['scenario', 'measure', 'base', 'run', 'change', ''], d.scenarios.map((s) => [esc(s.scenario), esc(s.measure), ...valueCells(s, s.measure.split(' ').pop()!)]), num(3, 2)));
  }
  if (d.thresholds.length) {
    parts.push('<h2>Thresholds</h2>', table(['metric', 'threshold', 'base', 'run', ''],
      d.thresholds.map((th) => [esc(th.key), `<code>${esc(th.expression)}</code>`, esc(formatStat(th.baseValue, th.stat, th)), esc(formatStat(th.runValue, th.stat, th)), esc(OUTCOME[th.outcome])]),
      num(2, 2), d.thresholds.map((th) => OUTCOME_CLASS[th.outcome])));
  }
  if (d.checks.length) {
    const rate: ValueKind = { type: 'rate', contains: 'default' };
    parts.push('<h2>Checks</h2>', table(['check', 'base', 'run', 'change', 'fails', ''],
      d.checks.map((c) => [esc(checkLabel(c.path)), esc(formatStat(c.base, 'rate', rate)), esc(formatStat(c.run, 'rate', rate)), esc(formatChange(c, rate)), `${c.baseFails ?? '-'} → ${c.runFails ?? '-'}`, verdictCell(c.verdict)]),
      num(4, 1)));
  }
  if (d.chaos.length) {
    parts.push('<h2>Chaos</h2>', table(['fault', 'measure', 'base', 'run', 'change', ''], d.chaos.flatMap((f) => {
      const cells = faultCells(f);
      return [[esc(faultLabel(f)), ...cells.recovery.map(esc), verdictCell(f.recovery.verdict)], [esc(f.fault), ...cells.errors.map(esc), verdictCell(f.duringErrorRate.verdict)]];
    }), num(3, 2), d.chaos.flatMap((f) => [f.recovery.verdict === 'worse' ? 'worse' : '', ''])));
  }
  const slowest = slowestRows(d);
  if (slowest.length) {
    parts.push('<h2>Slowest requests</h2>', table(['run', 'duration', 'status', 'request', 'ids'], slowest.map((r) => [esc(r[0]), esc(r[1]), esc(r[2]), `<code>${esc(r[3])}</code>`, `<code>${esc(r[4])}</code>`]), [false, true, false, false, false]));
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Stampede: ${esc(title)}</title><style>${CSS}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}
