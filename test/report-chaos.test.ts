/**
 * Chaos drills in the HTML report (issue #17), as a person sees them in
 * headless Chromium: a run with a fault proxy in front of a node:http
 * server and a `down` window on it (`outage`, 2 s → 3.5 s), and a probe.
 * Every time chart — the load's, "More metrics" and the probe's — shades
 * the window as a band labelled `outage`, placed where uPlot's x scale puts
 * the fault's startMs and endMs; the "Chaos" section shows what the fault
 * did, its window, the load before, during and after it and the recovery
 * time — the same numbers as the JSON report in the history (`stampede
 * report last --json`) and the summary export's fault submetrics.
 * Screenshot: test-artifacts/report-chaos.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort, startTarget } from './helpers/target.ts';

import { artifactPath, openReport } from './helpers/browser.ts';
import type { RunReport } from '../src/reports/index.ts';
import type { SummaryStretch } from '../src/reports/summary-data.ts';
import { formatCount, formatDuration, formatUnit } from '../src/reports/html/client/format.ts';

function script(port: number, upstream: string): string {
  return `
import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 2, duration: '6s' } },
  proxies: { api: { listen: '127.0.0.1:${port}', upstream: '${upstream}' } },
  // a p95 within 5× the baseline's counts as back: this test is about the report, and a loaded CI
  // machine's few-ms latencies easily vary by more than the default 20 %
  chaos: { outage: { at: '2s', duration: '1500ms', proxy: 'api', fault: { type: 'down' }, recovery: { window: '1s', p95: 5 } } },
  probes: { depth: { http: 'http://${upstream}/depth', json: 'depth', every: '500ms' } },
  thresholds: {
    'http_req_failed{fault:outage}': ['rate>0.9'],
    'http_reqs{fault:outage}': ['count>0'],
  },
};
export default function () { http.get('http://127.0.0.1:${port}/'); sleep(0.05); }
`;
}

interface Band { chart: string; fault: string | undefined; label: string; hidden: boolean; left: number; right: number; expectedLeft: number; expectedRight: number }

test('the report draws the fault window as a band on every time chart and lists the fault in "Chaos" with the run\'s numbers', { timeout: 120_000 }, async (t) => {
  const target = await startTarget({ '/depth': (_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"depth":3}'); } });
  t.after(() => target.close());
  const port = await freePort();
  const dir = await scriptDir({ 'script.js': script(port, new URL(target.url).host) });
  const history = await mkdtemp(path.join(tmpdir(), 'stampede-history-'));
  const env = { STAMPEDE_HISTORY_DIR: history, STAMPEDE_NO_HISTORY: '' };
  const run = await stampede(['run', '--quiet', '--report', 'r.html', '--summary-export', 's.json', 'script.js'], { cwd: dir, env, timeoutMs: 60_000 });
  assert.equal(run.code, 0, run.stderr);
  const saved = await stampede(['report', 'last', '--json'], { cwd: dir, env });
  assert.equal(saved.code, 0, saved.stderr);
  const report = JSON.parse(saved.stdout) as RunReport;
  const fault = report.summary?.chaos?.find((f) => f.name === 'outage');
  assert.ok(fault, `summary.chaos has the fault: ${JSON.stringify(report.summary?.chaos)}`);
  assert.ok(fault.startMs >= 1900 && fault.endMs - fault.startMs >= 1490, `window ${fault.startMs} → ${fault.endMs}`);
  assert.equal(fault.recovered, true, 'the load came back within the run');

  const page = await openReport(t, path.join(dir, 'r.html'), '#probe-charts .uplot canvas');
  const embedded = await page.evaluate(() => (window as unknown as { stampede: { report: RunReport } }).stampede.report.summary?.chaos);
  assert.deepEqual(embedded, report.summary?.chaos, 'the page holds the run the history saved');

  // a band per chart, where the x scale puts the window's edges (s since the start), named after the fault
  const bands: Band[] = await page.evaluate(({ start, end }) => {
    type Plot = { root: HTMLElement; under: HTMLElement; scales: { x: { min: number; max: number } } };
    const charts = (window as unknown as { stampede: { charts: Record<string, Plot> } }).stampede.charts;
    return Object.entries(charts).flatMap(([chart, u]) => {
      const { min, max } = u.scales.x;
      const width = u.under.getBoundingClientRect().width;
      const x = (v: number) => Math.min(width, Math.max(0, ((v - min) / (max - min)) * width));
      const box = u.under.getBoundingClientRect();
      const found = [...u.root.querySelectorAll<HTMLElement>('.fault-band')];
      if (found.length === 0) return [{ chart, fault: undefined, label: '', hidden: true, left: NaN, right: NaN, expectedLeft: x(start), expectedRight: x(end) }];
      return found.map((b) => {
        const r = b.getBoundingClientRect();
        return { chart, fault: b.dataset.fault, label: b.textContent ?? '', hidden: b.hidden || r.width === 0, left: r.left - box.left, right: r.right - box.left, expectedLeft: x(start), expectedRight: x(end) };
      });
    });
  }, { start: fault.startMs / 1000, end: fault.endMs / 1000 });
  const chartIds = bands.map((b) => b.chart);
  for (const id of ['requests', 'vus', 'http_req_duration', 'http_req_failed', 'iterations', 'iteration_duration', 'data', 'probe:depth']) {
    assert.ok(chartIds.includes(id), `${id} chart drawn: ${chartIds.join(', ')}`);
  }
  assert.ok(chartIds.some((id) => id.startsWith('metric:')), 'the "More metrics" charts too');
  assert.equal(new Set(chartIds).size, chartIds.length, `one band per chart: ${chartIds.join(', ')}`);
  for (const b of bands) {
    assert.equal(b.fault, 'outage', `${b.chart}: a band for outage`);
    assert.equal(b.label, 'outage', `${b.chart}: labelled`);
    assert.equal(b.hidden, false, `${b.chart}: visible`);
    assert.ok(b.expectedRight - b.expectedLeft > 20, `${b.chart}: the window is wide on the chart`);
    assert.ok(Math.abs(b.left - b.expectedLeft) <= 1.5 && Math.abs(b.right - b.expectedRight) <= 1.5,
      `${b.chart}: band at ${b.left.toFixed(1)}–${b.right.toFixed(1)} px, the window at ${b.expectedLeft.toFixed(1)}–${b.expectedRight.toFixed(1)} px`);
  }
  // the bands replace a chaos_fault chart
  const more = await page.locator('#more-charts [data-chart]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chart!));
  assert.deepEqual(more.filter((id) => /chaos_fault|recovery_time/.test(id)), []);

  // the "Chaos" section: the JSON report's numbers, as the page formats them
  const section = page.locator('#chaos-section');
  assert.ok(await section.isVisible());
  assert.equal(await section.locator('h2').textContent(), 'Chaos');
  const card = section.locator('.fault[data-fault="outage"]');
  assert.equal(await section.locator('.fault').count(), 1);
  assert.equal(await card.locator('.fault-name').textContent(), 'outage');
  assert.equal(await card.locator('.what').textContent(), 'api down');
  assert.equal(fault.what, 'api down');
  assert.equal(await card.locator('.window').textContent(), `${formatDuration(fault.startMs)} → ${formatDuration(fault.endMs)} (${formatDuration(fault.endMs - fault.startMs)})`);
  for (const phase of ['before', 'during', 'after'] as const) {
    const row = card.locator(`tr[data-phase="${phase}"]`);
    const s: SummaryStretch = fault[phase];
    const p95 = typeof s.p95 === 'number' && Number.isFinite(s.p95) ? s.p95 : null;
    assert.deepEqual(await row.locator('td').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.value)), [String(s.requests), String(s.errorRate), p95 === null ? '' : String(p95)], phase);
    assert.deepEqual(await row.locator('td').allTextContents(), [formatCount(s.requests), formatUnit(s.errorRate, 'percent'), formatUnit(p95, 'ms')], phase);
  }
  const recovery = card.locator('.recovery');
  assert.equal(await recovery.textContent(), `recovered ${formatUnit(fault.recoveryMs, 'ms')} after the fault`);
  assert.equal(await recovery.getAttribute('data-value'), String(fault.recoveryMs));
  assert.ok(await card.locator('.recovery.recovered').isVisible());

  // the same numbers as the summary export's fault submetrics and recovery_time
  const exported = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8')) as { metrics: Record<string, Record<string, number>> };
  assert.equal(fault.during.errorRate, exported.metrics['http_req_failed{fault:outage}'].value);
  assert.equal(fault.during.requests, exported.metrics['http_reqs{fault:outage}'].count);
  assert.equal(fault.recoveryMs, exported.metrics.recovery_time.max);
  assert.equal(fault.during.errorRate, 1, 'the proxy was down: every request in the window failed');

  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: await artifactPath('report-chaos.png'), fullPage: true });
});
