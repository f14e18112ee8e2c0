/**
 * The live dashboard as a person watches it (issue #7): `stampede run
 * --dashboard` with K6_WEB_DASHBOARD_PORT serves the page; headless
 * Chromium opens it while the run is in progress and sees the request
 * count and the charts grow, then the final status; /report downloads
 * the self-contained report. Screenshot: test-artifacts/dashboard.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import net, { type AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, freePort } from './helpers/target.ts';
import { launchBrowser, newPage, artifactPath } from './helpers/browser.ts';

const SCRIPT = `
import http from 'k6/http';
import { check, sleep } from 'k6';
export const options = { vus: 2, duration: '8s' };
export default function () {
  check(http.get(__ENV.TARGET + '/'), { 'status is 200': (r) => r.status === 200 });
  sleep(0.05);
}
`;

/** Polls until the dashboard answers (the run compiles and starts its workers first). */
async function waitForDashboard(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > end) throw new Error(`the dashboard did not answer at ${url} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** What the person sees: the request count in the totals and the points of the request-rate chart. */
async function reading(page: Page): Promise<{ requests: number; points: number }> {
  const text = await page.locator('[data-total="http_reqs"] .value').textContent();
  const points = await page.evaluate(() => (window as unknown as { stampede: { charts: Record<string, { data: unknown[][] }> } }).stampede.charts.requests?.data[0].length ?? 0);
  return { requests: Number(text!.replace(/,/g, '')), points };
}

test('the live dashboard updates while the run is in progress and offers the report', { timeout: 90_000 }, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const running = stampede(['run', '--dashboard', '--no-history', '-e', `TARGET=${target.url}`, 'script.js'], { cwd: dir, env: { K6_WEB_DASHBOARD_PORT: String(port) }, timeoutMs: 60_000 });
  const browser = await launchBrowser();
  t.after(() => browser.close());
  await waitForDashboard(url, 20_000);

  const { page, errors } = await newPage(browser);
  await page.goto(url);
  // the first periods arrive as events: requests counted, the chart drawn
  await page.waitForFunction(() => Number(document.querySelector('[data-total="http_reqs"] .value')?.textContent?.replace(/,/g, '') ?? 0) > 0, undefined, { timeout: 10_000 });
  assert.equal(await page.locator('#status').textContent(), 'running');
  assert.equal(await page.locator('#connection').textContent(), 'live');
  const before = await reading(page);
  await sleep(2000);
  const after = await reading(page);
  t.diagnostic(`live: ${before.requests} → ${after.requests} requests, ${before.points} → ${after.points} chart points in 2 s`);
  assert.ok(after.requests > before.requests, `the request count grows: ${before.requests} → ${after.requests}`);
  assert.ok(after.points > before.points, `the request-rate chart gains points: ${before.points} → ${after.points}`);
  await page.screenshot({ path: await artifactPath('dashboard.png'), fullPage: true });

  const download = await fetch(`${url}report`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition')!, /^attachment; filename="stampede-report-\d{8}-\d{6}\.html"$/);
  const html = await download.text();
  assert.ok(html.includes('"format":"stampede-run/1"') && html.includes('"metric":"http_reqs"'), 'the downloaded report holds the run so far');
  assert.ok(html.includes('"live":false'), 'the download is the offline report, not the live page');

  const run = await running;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`web dashboard: http://127\\.0\\.0\\.1:${port}/`));
  // the last event is the finished run
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'passed', undefined, { timeout: 10_000 });
  assert.equal(await page.locator('#connection').textContent(), 'run finished');
  assert.ok(await page.locator('#checks li.check').count() === 1, 'the final report brings the checks');
  assert.deepEqual(errors, []);
});

test('a dashboard port already in use stops the run before it starts, naming K6_WEB_DASHBOARD_PORT', { timeout: 60_000 }, async (t) => {
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  t.after(() => busy.close());
  const { port } = busy.address() as AddressInfo;
  const dir = await scriptDir({ 'script.js': SCRIPT });
  const run = await stampede(['run', '--dashboard', '--no-history', '-e', 'TARGET=http://127.0.0.1:1', 'script.js'], { cwd: dir, env: { K6_WEB_DASHBOARD_PORT: String(port) }, timeoutMs: 30_000 });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`the web dashboard cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use; choose another with K6_WEB_DASHBOARD_PORT`));
  assert.doesNotMatch(run.stderr, /internal error|at .*\.ts:\d+/, 'a clear message, not a stack trace');
});
