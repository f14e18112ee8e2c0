/**
 * The HTML report as a person opens it (issue #7): a run with two
 * scenarios and a failing threshold writes --report out.html; headless
 * Chromium opens the file with no network and the test checks that the
 * charts are drawn with one point per period per series, straight from the
 * run's timeline, per scope; that the totals equal the summary export's;
 * that the failing threshold is red; and that the checks tree is there.
 * Screenshot: test-artifacts/report.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';
import { artifactPath, openReport } from './helpers/browser.ts';
import type { RunReport } from '../src/reports/index.ts';
import type { PageConfig } from '../src/reports/html/index.ts';

const SCRIPT = `
import http from 'k6/http';
import { check, group, sleep } from 'k6';

export const options = {
  scenarios: {
    browse: { executor: 'constant-vus', vus: 2, duration: '20s', exec: 'browse' },
    api: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '20s', preAllocatedVUs: 2, exec: 'api' },
  },
  thresholds: {
    http_req_duration: ['p(95)<2000'],
    http_reqs: ['count<5'], // fails on purpose
  },
};

export function browse() {
  const res = http.get(__ENV.TARGET + '/');
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(0.1);
}

export function api() {
  group('api', () => {
    const res = http.get(__ENV.TARGET + '/json');
    check(res, { 'api answers json': (r) => r.json('ok') === true });
  });
}
`;

type Charts = Record<string, { data: (number | null)[][] }>;

/**
 * In the page: every overview chart's series against the embedded timeline
 * for `scope` — the same number of points, each at its period end with its
 * value. Returns the problems found and how many series were compared.
 */
function compareCharts(page: Page, scope: string): Promise<{ problems: string[]; compared: number }> {
  return page.evaluate((scope) => {
    const w = window as unknown as { stampede: { report: RunReport; charts: Charts } };
    const config = JSON.parse(document.getElementById('stampede-config')!.textContent!) as PageConfig;
    const r = w.stampede.report;
    const scopeOf = (s: RunReport['timeline']['series'][number]['scope']) => (s.kind === 'all' ? 'all' : `${s.kind}:${s.name}`);
    const problems: string[] = [];
    let compared = 0;
    for (const spec of config.overview) {
      const chart = w.stampede.charts[spec.id];
      spec.series.forEach((s, i) => {
        const series = r.timeline.series.find((x) => x.metric === s.metric && x.stat === s.stat && scopeOf(x.scope) === scope);
        if (!series) return;
        if (!chart) { problems.push(`${spec.id}: no chart although ${s.metric} ${s.stat} has ${series.points.length} points`); return; }
        const xs = chart.data[0];
        const ys = chart.data[i + 1];
        const drawn = ys.filter((v) => v !== null).length;
        if (drawn !== series.points.length) problems.push(`${spec.id} ${s.label}: ${drawn} points drawn, the timeline has ${series.points.length}`);
        for (const [t, v] of series.points) {
          const at = xs.indexOf(t / 1000);
          if (at < 0 || ys[at] !== v) problems.push(`${spec.id} ${s.label}: at ${t} ms the chart has ${at < 0 ? 'no point' : ys[at]}, the timeline ${v}`);
        }
        compared++;
      });
    }
    return { problems, compared };
  }, scope);
}

test('the HTML report opens offline and shows the run: charts per period and scope, totals, thresholds, checks', { timeout: 90_000 }, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const run = await stampede(['run', '--no-history', '--tag', 'team=checkout', '--report', 'out.html', '--summary-export', 'summary.json', '-e', `TARGET=${target.url}`, 'script.js'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(run.code, 99, `thresholds fail on purpose\n${run.stderr}`);
  assert.match(run.stderr, /HTML report written to out\.html/);
  const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as { metrics: Record<string, Record<string, number>> };
  const requests = summary.metrics.http_reqs.count;
  assert.ok(requests > 60, `a busy run: ${requests} requests`);

  // self-contained: the page asks for nothing but itself, and throws nothing
  const page = await openReport(t, path.join(dir, 'out.html'), '#charts .uplot canvas');
  assert.ok(await page.locator('#charts .uplot canvas').count() >= 8, 'the eight overview charts are drawn');

  // the header: what ran, how it ended, its tags
  assert.equal(await page.locator('#script').textContent(), 'script.js');
  assert.equal(await page.locator('#status').textContent(), 'failed');
  assert.equal(await page.locator('[data-meta="exit-code"] dd').textContent(), '99');
  assert.equal(await page.locator('[data-meta="scenarios"] dd').textContent(), 'browse, api');
  assert.equal(await page.locator('[data-meta="tags"] .tag').textContent(), 'team=checkout');

  // one point per period per series, straight from the timeline
  const report = await page.evaluate(() => (window as unknown as { stampede: { report: RunReport } }).stampede.report);
  assert.equal(report.status, 'failed');
  assert.deepEqual(report.scenarios, ['browse', 'api']);
  const rate = report.timeline.series.find((s) => s.metric === 'http_reqs' && s.stat === 'rate' && s.scope.kind === 'all')!;
  const { periodMs } = report.timeline;
  const periods = report.durationMs / periodMs;
  assert.ok(rate.points.length >= Math.floor(periods) - 1 && rate.points.length <= Math.ceil(periods),
    `${rate.points.length} request-rate points for ${report.durationMs} ms at ${periodMs} ms periods`);
  rate.points.forEach(([tMs], i) => {
    if (i < rate.points.length - 1) assert.equal(tMs, (i + 1) * periodMs, 'one point at the end of every period, none missing');
    else assert.ok(tMs > i * periodMs && tMs < (i + 1.5) * periodMs, `the last period ends with the run, a sliver joined to it (${tMs} ms)`);
  });
  t.diagnostic(`${requests} requests; ${rate.points.length} request-rate points for ${report.durationMs} ms at ${periodMs} ms periods`);
  const drawn = await page.evaluate(() => (window as unknown as { stampede: { charts: Charts } }).stampede.charts.requests.data);
  assert.equal(drawn[0].length, rate.points.length, 'the request-rate chart holds one point per period');
  const whole = await compareCharts(page, 'all');
  assert.deepEqual(whole.problems, []);
  assert.equal(whole.compared, 16, 'every overview series has data: requests, VUs ×2, duration ×4, failed, checks, iterations, iteration duration ×4, data ×2');
  // the timeline adds up to the summary's count
  const counted = report.timeline.series.find((s) => s.metric === 'http_reqs' && s.stat === 'count' && s.scope.kind === 'all')!.points.reduce((sum, [, v]) => sum + v, 0);
  assert.equal(counted, requests);

  // per scenario and per group
  for (const scope of ['scenario:api', 'scenario:browse', 'group:::api']) {
    await page.selectOption('#scope', scope);
    const compared = await compareCharts(page, scope);
    assert.deepEqual(compared.problems, [], scope);
    assert.ok(compared.compared >= 6, `${scope}: ${compared.compared} series compared`);
  }
  const apiRate = report.timeline.series.find((s) => s.metric === 'http_reqs' && s.stat === 'rate' && s.scope.kind === 'scenario' && s.scope.name === 'api')!;
  assert.ok(apiRate.points.length >= Math.floor(periods) - 1, 'the api scenario has its own series');
  await page.selectOption('#scope', 'scenario:api');
  assert.ok(await page.locator('[data-chart="vus"] .empty').isVisible(), 'VUs are test-wide: no data in a scenario scope');
  await page.selectOption('#scope', 'all');

  // totals equal the summary's
  const shown = await page.locator('[data-total="http_reqs"] .value').textContent();
  assert.equal(Number(shown!.replace(/,/g, '')), requests);
  const iterations = await page.locator('[data-total="iterations"] .value').textContent();
  assert.equal(Number(iterations!.replace(/,/g, '')), summary.metrics.iterations.count);

  // the failing threshold is red, the passing one is not
  const failing = page.locator('#thresholds tr.fail');
  assert.equal(await failing.count(), 1);
  assert.match((await failing.textContent())!, /http_reqs\s*count<5\s*✗ fail\s*[\d,]+/);
  const color = await failing.locator('td').first().evaluate((td) => getComputedStyle(td).color);
  const [r, g, b] = color.match(/\d+/g)!.map(Number);
  assert.ok(r > 180 && g < 90 && b < 90, `failing row is red: ${color}`);
  assert.match((await page.locator('#thresholds tr.pass').textContent())!, /http_req_duration\s*p\(95\)<2000\s*✓ pass/);

  // the checks tree: root checks, then the group with its own
  const rootCheck = page.locator('#checks > ul > li.check');
  assert.match((await rootCheck.textContent())!, /✓ status is 200/);
  const group = page.locator('#checks li.group[data-group="api"]');
  assert.match((await group.locator('summary').textContent())!, /group api/);
  assert.match((await group.locator('li.check').textContent())!, /api answers json/);

  await page.screenshot({ path: await artifactPath('report.png'), fullPage: true });
});
