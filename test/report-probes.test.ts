/**
 * Service probes in the HTML report and the live dashboard, as a person
 * sees them in headless Chromium: a run with an `http` probe reading a
 * queue depth from a node:http server (it empties at a known pace, so the
 * load ends before it does and the drain is timed after the load), a probe
 * that never drains (its timeout passes) and one whose server is down.
 * The "Service probes" section has one chart per probe on the same x
 * range as the load's charts, its legend naming the series, the drain as
 * a sentence, the failed reads, and nothing of the probes under "More
 * metrics". Screenshots: test-artifacts/report-probes.png,
 * test-artifacts/dashboard-probes.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';
import { launchBrowser, newPage, artifactPath, openReport } from './helpers/browser.ts';

/** The queue: DEPTH jobs at the first read, one fewer every STEP_MS, then empty; `/stuck` always holds 5. */
const DEPTH = 30;
const STEP_MS = 100;

async function startQueue(): Promise<{ url: string; close(): Promise<void> }> {
  let first: number | undefined;
  const server = http.createServer((req, res) => {
    first ??= Date.now();
    const depth = req.url === '/stuck' ? 5 : Math.max(0, DEPTH - Math.floor((Date.now() - first) / STEP_MS));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ queue: { depth } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function script(duration: string): string {
  return `
import { sleep } from 'k6';
export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: 1, duration: '${duration}' } },
  probes: {
    depth: { http: __ENV.QUEUE + '/depth', json: 'queue.depth', every: '200ms', drain: { until: 'value == 0', timeout: '20s' } },
    stuck: { http: __ENV.QUEUE + '/stuck', json: 'queue.depth', every: '200ms', drain: { until: 'value == 0', timeout: '1s' } },
    down: { http: __ENV.DOWN + '/health', json: 'depth', every: '500ms' },
  },
};
export default function () { sleep(0.1); }
`;
}

type Charts = Record<string, { data: (number | null)[][]; scales: { x: { min: number; max: number } } }>;

function charts(page: Page): Promise<Record<string, { points: number; x: [number, number] }>> {
  return page.evaluate(() => {
    const c = (window as unknown as { stampede: { charts: Charts } }).stampede.charts;
    return Object.fromEntries(Object.entries(c).map(([id, u]) => [id, { points: u.data[0].length, x: [u.scales.x.min, u.scales.x.max] as [number, number] }]));
  });
}

test('the report shows each probe in "Service probes": its chart on the load\'s time axis, its series, its drain and failed reads', { timeout: 90_000 }, async (t) => {
  const queue = await startQueue();
  t.after(() => queue.close());
  const down = `http://127.0.0.1:${await freePort()}`;
  const dir = await scriptDir({ 'script.js': script('2s') });
  const run = await stampede(['run', '--no-history', '--quiet', '--report', 'r.html', '-e', `QUEUE=${queue.url}`, '-e', `DOWN=${down}`, 'script.js'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /probe depth: value == 0 after [\d.]+m?s from the end of the load/);

  const page = await openReport(t, path.join(dir, 'r.html'), '#probe-charts .uplot canvas');

  // the section, one panel per probe in declaration order, titled after it
  const section = page.locator('#probes-section');
  assert.ok(await section.isVisible());
  assert.equal(await section.locator('h2').textContent(), 'Service probes');
  assert.deepEqual(await section.locator('[data-probe]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.probe)), ['depth', 'stuck', 'down']);
  const depth = section.locator('[data-probe="depth"]');
  assert.equal(await depth.locator('h3').textContent(), 'depth probe_depth');
  // the legend names the series (one untagged series: the probe's name)
  assert.deepEqual(await depth.locator('.u-legend .u-series .u-label').allTextContents(), ['at', 'depth']);

  // drawn from the timeline, on the same x range as the load's charts
  const drawn = await charts(page);
  const probeChart = drawn['probe:depth'];
  assert.ok(probeChart && probeChart.points >= 2, `the depth chart has points: ${JSON.stringify(probeChart)}`);
  for (const load of ['vus', 'iterations', 'iteration_duration']) {
    assert.ok(drawn[load], `${load} chart drawn`);
    assert.deepEqual(probeChart.x, drawn[load].x, `probe:depth and ${load} share the x range`);
  }
  assert.deepEqual(drawn['probe:stuck'].x, drawn.vus.x);
  const values = await page.evaluate(() => (window as unknown as { stampede: { charts: Charts } }).stampede.charts['probe:depth'].data[1]);
  assert.ok((values[0] ?? 0) > 0 && values.at(-1) === 0, `the queue is seen full, then empty: ${JSON.stringify(values)}`);

  // the drains, as sentences
  assert.match((await depth.locator('.drain').textContent())!, /^drained to value == 0 in [\d.]+(ms|s) after the load$/);
  assert.ok(await depth.locator('.drain.drained').isVisible());
  const stuck = section.locator('[data-probe="stuck"]');
  assert.match((await stuck.locator('.drain').textContent())!, /^did not drain to value == 0 within 1(\.\d+)?s after the load$/);
  const red = await stuck.locator('.drain').evaluate((e) => getComputedStyle(e).color);
  assert.ok(Number(red.match(/\d+/)![0]) > 180, `"did not drain" is red: ${red}`);

  // the probe that could not be read: no chart, its failed reads counted (per probe when the data tells probes apart, else for the section)
  const downPanel = section.locator('[data-probe="down"]');
  assert.equal(await downPanel.locator('.empty').textContent(), 'No readings.');
  const failed = `${(await downPanel.locator('.probe-errors').allTextContents()).join(' ')} ${await page.locator('#probes-note').textContent()}`;
  assert.match(failed, /[1-9]\d* failed (probe )?reads?/);

  // nothing of the probes under "More metrics"
  const more = await page.locator('#more-charts [data-chart]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chart!));
  assert.deepEqual(more.filter((id) => id.includes('probe_')), [], `More metrics: ${more.join(', ')}`);

  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: await artifactPath('report-probes.png'), fullPage: true });
});

test('the live dashboard shows the probes section while the run is going', { timeout: 90_000 }, async (t) => {
  const queue = await startQueue();
  t.after(() => queue.close());
  const down = `http://127.0.0.1:${await freePort()}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const dir = await scriptDir({ 'script.js': script('6s') });
  const running = stampede(['run', '--no-history', '--quiet', '--dashboard', '-e', `QUEUE=${queue.url}`, '-e', `DOWN=${down}`, 'script.js'], { cwd: dir, env: { K6_WEB_DASHBOARD_PORT: String(port) }, timeoutMs: 60_000 });
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const end = Date.now() + 20_000;
  for (;;) {
    try { if ((await fetch(url)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > end) throw new Error(`no dashboard at ${url}`);
    await sleep(100);
  }
  const { page, errors } = await newPage(browser);
  await page.goto(url);
  await page.waitForSelector('#probes-section:not([hidden]) [data-probe="depth"] .uplot canvas', { timeout: 10_000 });
  assert.equal(await page.locator('#status').textContent(), 'running');
  assert.equal(await page.locator('[data-probe="depth"] .drain').textContent(), 'drain to value == 0: timed after the load');
  const live = await charts(page);
  assert.deepEqual(live['probe:depth'].x, live.vus.x, 'live: the probe chart follows the load\'s x range');
  await page.screenshot({ path: await artifactPath('dashboard-probes.png'), fullPage: true });

  const run = await running;
  assert.equal(run.code, 0, run.stderr);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'passed', undefined, { timeout: 10_000 });
  assert.match((await page.locator('[data-probe="depth"] .drain').textContent())!, /^drained to value == 0 in /);
  assert.deepEqual(errors, []);
});
