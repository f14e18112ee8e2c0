import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRunMarkdown } from './markdown.ts';
import type { RunReport } from './run-report.ts';

const report: RunReport = {
  format: 'stampede-run/1', id: '20260102-030405-abcd', script: 'tests/load|api.js', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5), durationMs: 30_500,
  status: 'failed', exitCode: 99, tags: { env: 'ci', team: 'api' }, commit: '0123456789abcdef', scenarios: ['default'], definitions: [],
  timeline: { periodMs: 1000, startedAt: 0, series: [] },
  summary: {
    root_group: {
      name: '', path: '', id: '', groups: [{ name: 'login', path: '::login', id: '', groups: [], checks: [{ name: 'token | present', path: '::login::token | present', id: '', passes: 9, fails: 1 }] }],
      checks: [{ name: 'status is 200', path: '::status is 200', id: '', passes: 10, fails: 0 }],
    },
    options: { summaryTrendStats: ['avg', 'p(95)', 'max'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 30_500 },
    metrics: {
      checks: { type: 'rate', contains: 'default', values: { rate: 0.95, passes: 19, fails: 1 }, thresholds: { 'rate>0.99': { ok: false } } },
      http_req_duration: { type: 'trend', contains: 'time', values: { avg: 12.345, 'p(95)': 48.1, max: 1520 }, thresholds: { 'p(95)<500': { ok: true } } },
      'http_req_duration{scenario:default}': { type: 'trend', contains: 'time', values: { avg: 12.345, 'p(95)': 48.1, max: 1520 }, thresholds: { 'max<1000': { ok: false } } },
      http_req_waiting: { type: 'trend', contains: 'time', values: { avg: 10, 'p(95)': 40, max: 1500 } },
      http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.05, passes: 1, fails: 19 } },
      http_reqs: { type: 'counter', contains: 'default', values: { count: 20, rate: 0.6557377 }, thresholds: { 'rate>0.5': { ok: true } } },
      data_received: { type: 'counter', contains: 'data', values: { count: 519_000, rate: 17_016 } },
      vus: { type: 'gauge', contains: 'default', values: { value: 2, min: 1, max: 5 } },
    },
  },
};

test('a run as Markdown: status, facts, thresholds with ✅/❌ and their values, key metrics, checks', () => {
  assert.equal(renderRunMarkdown(report), `### ❌ failed: Stampede run \`20260102-030405-abcd\`

\`tests/load|api.js\` · started 2026-01-02 03:04:05Z · 30.5s · exit code 99 · commit \`0123456\` · tags \`env=ci,team=api\`

#### Thresholds

| Metric | Threshold | Value | Result |
|---|---|---:|---|
| \`checks\` | \`rate>0.99\` | 95.00% | ❌ fail |
| \`http_req_duration\` | \`p(95)<500\` | 48.1ms | ✅ pass |
| \`http_req_duration{scenario:default}\` | \`max<1000\` | 1.52s | ❌ fail |
| \`http_reqs\` | \`rate>0.5\` | 0.66/s | ✅ pass |

#### Key metrics

| Trend | avg | p(95) | max |
|---|---:|---:|---:|
| http_req_duration | 12.34ms | 48.1ms | 1.52s |

| Metric | Value |  |
|---|---:|---:|
| data_received | 519 kB | 17 kB/s |
| http_req_failed | 5.00% | 1 of 20 |
| http_reqs | 20 | 0.66/s |
| vus | 2 | min 1, max 5 |

#### Checks

| Check | Passes | Fails |  |
|---|---:|---:|---|
| status is 200 | 10 | 0 | ✅ |
| login › token \\| present | 9 | 1 | ❌ |
`);
});

test('a run without a summary says so; a passed run without id, commit or tags has a short header', () => {
  const bare: RunReport = { ...report, id: undefined, commit: undefined, tags: {}, status: 'interrupted', exitCode: 105, summary: undefined };
  assert.equal(renderRunMarkdown(bare), '### ⏹️ interrupted: Stampede run of `tests/load|api.js`\n\n`tests/load|api.js` · started 2026-01-02 03:04:05Z · 30.5s · exit code 105\n\n_No summary: the run did not finish._\n');
});
