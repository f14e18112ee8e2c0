/**
 * k6/browser in Debian's Chromium against the demo target: a browser
 * scenario clicks the page's HTMX-style button while a protocol scenario
 * runs beside it; the target's own counts show the page loads and the
 * fragment requests the browser made. Web vitals and the browser's request
 * metrics reach the summary and thresholds; screenshots are written; a page
 * that never loads fails with k6's timeout error; no browser process
 * outlives the run, after Ctrl-C or a worker's death either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, scriptDir, stampede } from './helpers/cli.ts';
import { startDemoTarget } from '../examples/demo-target/server.ts';
import { alive, watchBrowsers } from './helpers/processes.ts';
import { CHROMIUM } from './helpers/browser.ts';

const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

const HYBRID = `import http from 'k6/http';
import { browser } from 'k6/browser';
import { check } from 'https://jslib.k6.io/k6-utils/1.5.0/index.js';
import { sleep } from 'k6';

export const options = {
  scenarios: {
    ui: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'ui', options: { browser: { type: 'chromium' } } },
    api: { executor: 'constant-vus', vus: 20, duration: '4s', exec: 'api' },
  },
  thresholds: {
    browser_web_vital_fcp: ['p(95)<10000'],
    browser_http_req_failed: ['rate<0.5'],
    'http_req_duration{scenario:api}': ['p(95)<2000'],
    checks: ['rate==1'],
  },
};

export async function ui() {
  const page = await browser.newPage();
  try {
    await page.goto(__ENV.BASE_URL + '/ui/dashboard');
    await page.locator('#load-dashboard').click();
    await page.waitForSelector('#dashboard');
    await check(page.locator('#dashboard h2'), {
      'the fragment is swapped in': async (h2) => (await h2.textContent()) === 'Dashboard — mine',
    });
    await check(page, { 'HX-Trigger fired': async (p) => (await p.locator('#events').textContent()).includes('dashboard-updated') });
    if (__ITER === 0) await page.screenshot({ path: __ENV.SHOTS + '/ui-' + __VU + '.png' });
  } finally {
    await page.close();
  }
}

export function api() {
  http.get(__ENV.BASE_URL + '/health');
  sleep(0.05);
}
`;

test('a browser scenario beside a protocol scenario: the page loads and fragment requests the target counts, web vitals, checks and screenshots', async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: sudo apt-get install -y chromium (.ci/run installs it)`);
  const target = await startDemoTarget({ port: 0 });
  try {
    const dir = await scriptDir({ 'hybrid.js': HYBRID });
    const shots = path.join(dir, 'shots');
    const exported = path.join(dir, 'summary.json');
    const points = path.join(dir, 'points.json');
    const child = spawn(process.execPath, [MAIN, 'run', '--summary-export', exported, '--out', `json=${points}`, '-e', `BASE_URL=${target.url}`, '-e', `SHOTS=${shots}`, path.join(dir, 'hybrid.js')], {
      cwd: dir, env: { ...process.env, STAMPEDE_NO_HISTORY: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const browsers = watchBrowsers(child.pid!);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    browsers.stop();
    assert.equal(code, 0, `${stderr}\n${stdout}`);

    const byRoute = target.counters().byRoute;
    assert.equal(byRoute['GET /ui/dashboard'], 4, 'two VUs × two iterations loaded the page');
    assert.equal(byRoute['GET /ui/htmx-lite.js'], 4);
    assert.equal(byRoute['GET /partials/dashboard'], 4, 'one fragment request per click');

    const s = JSON.parse(await readFile(exported, 'utf8')).metrics;
    assert.equal(s.checks.passes, 8);
    assert.equal(s.checks.fails, 0);
    // k6/http's requests are the protocol scenario's only: the browser's have metrics of their own
    assert.equal(s.http_reqs.count, byRoute['GET /health']);
    // web vitals from every page view (one sample per vital and view), plausible
    const samples = new Map<string, { value: number; tags: Record<string, string> }[]>();
    for (const line of readFileSync(points, 'utf8').trim().split('\n')) {
      const p = JSON.parse(line);
      if (p.type === 'Point') (samples.get(p.metric) ?? samples.set(p.metric, []).get(p.metric)!).push({ value: p.data.value, tags: p.data.tags });
    }
    const values = (m: string) => (samples.get(m) ?? []).map((x) => x.value);
    for (const vital of ['browser_web_vital_fcp', 'browser_web_vital_lcp', 'browser_web_vital_ttfb', 'browser_web_vital_cls']) {
      assert.equal(values(vital).length, 4, `${vital}: one per page view`);
    }
    assert.ok(values('browser_web_vital_fcp').every((v) => v > 0), 'FCP > 0');
    assert.ok(values('browser_web_vital_lcp').every((v) => v > 0), 'LCP > 0');
    assert.ok(values('browser_web_vital_cls').every((v) => v >= 0), 'CLS >= 0');
    const fcp = samples.get('browser_web_vital_fcp')![0].tags;
    assert.equal(fcp.url, `${target.url}/ui/dashboard`);
    assert.equal(fcp.scenario, 'ui');
    assert.match(fcp.rating, /^(good|needs-improvement|poor)$/);
    // the page, its script and the fragment, each iteration, tagged with the request's URL
    const requests = samples.get('browser_http_req_duration') ?? [];
    for (const [url, type] of [['/ui/dashboard', 'Document'], ['/ui/htmx-lite.js', 'Script'], ['/partials/dashboard?filter=mine', 'Fetch']]) {
      const seen = requests.filter((r) => r.tags.url === `${target.url}${url}`);
      assert.equal(seen.length, 4, `${url}: ${JSON.stringify(requests.map((r) => r.tags.url))}`);
      assert.equal(seen[0].tags.resource_type, type);
      assert.equal(seen[0].tags.status, '200');
      assert.ok(seen.every((r) => r.value > 0));
    }
    assert.ok(s.browser_data_received.count > 4 * 1000, 'the page, the script and the fragment are more than 1 kB per iteration');
    assert.ok(s.generator_memory.max > 100 * 1024 * 1024, `generator_memory counts the browser: ${JSON.stringify(s.generator_memory)}`);
    assert.match(stdout, /browser_web_vital_fcp\.+: avg=/);
    assert.match(stdout, /✓ 'p\(95\)<10000'/);
    // one screenshot per VU (its first iteration), real PNGs
    for (const vu of [1, 2]) {
      const png = readFileSync(path.join(shots, `ui-${vu}.png`));
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    }
    assert.ok(browsers.seen.size > 0, 'a Chromium ran');
    for (const pid of browsers.seen) assert.equal(alive(pid), false, `browser process ${pid} outlived the run`);
  } finally {
    await target.close();
  }
});

test('a page that never loads fails its iteration with k6\'s navigation timeout, not a hang', async () => {
  const target = await startDemoTarget({ port: 0 });
  try {
    const dir = await scriptDir({ 'stall.js': `import { browser } from 'k6/browser';
export const options = { scenarios: { ui: { executor: 'shared-iterations', iterations: 1, options: { browser: { type: 'chromium' } } } } };
export default async function () {
  const page = await browser.newPage();
  try { await page.goto(__ENV.BASE_URL + '/delay/60000', { timeout: 2000 }); } finally { await page.close(); }
}
` });
    const started = Date.now();
    const r = await stampede(['run', '-e', `BASE_URL=${target.url}`, path.join(dir, 'stall.js')], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started < 30_000, 'no hang');
    const url = `${target.url}/delay/60000`;
    assert.ok(r.stderr.includes(`navigating frame to "${url}": navigating to "${url}": timed out after 2s`), r.stderr);
    assert.match(r.stdout, /script_errors\.+: 1\b/);
  } finally {
    await target.close();
  }
});

test('k6/browser in a scenario without options.browser.type fails as in k6; an unsupported type or a missing browser is exit 104 before anything runs', async () => {
  const dir = await scriptDir({
    'plain.js': `import { browser } from 'k6/browser';\nexport default async function () { await browser.newPage(); }\n`,
    'firefox.js': `import { browser } from 'k6/browser';\nexport const options = { scenarios: { ui: { executor: 'shared-iterations', options: { browser: { type: 'firefox' } } } } };\nexport default async function () {}\n`,
    'chromium.js': `import { browser } from 'k6/browser';\nexport const options = { scenarios: { ui: { executor: 'shared-iterations', options: { browser: { type: 'chromium' } } } } };\nexport default async function () {}\n`,
  });
  const plain = await stampede(['run', path.join(dir, 'plain.js')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /browser not found in registry\. make sure to set browser type option in scenario definition in order to use the browser module/);
  const firefox = await stampede(['run', path.join(dir, 'firefox.js')]);
  assert.equal(firefox.code, 104);
  assert.match(firefox.stderr, /scenarios\.ui\.options\.browser\.type: unsupported browser type: firefox/);
  const missing = await stampede(['run', path.join(dir, 'chromium.js')], { env: { K6_BROWSER_EXECUTABLE_PATH: '/nonexistent/chromium' } });
  assert.equal(missing.code, 104);
  assert.match(missing.stderr, /couldn't detect google chrome or a chromium-supported browser on the given path: \/nonexistent\/chromium/);
  assert.match(missing.stderr, /apt-get install -y chromium/);
});

const LONG_UI = `import { browser } from 'k6/browser';
import { sleep } from 'k6';
const keep = [];
export const options = { scenarios: { ui: { executor: 'constant-vus', vus: 1, duration: '40s', options: { browser: { type: 'chromium' } } } } };
export default async function () {
  const page = await browser.newPage();
  await page.goto(__ENV.BASE_URL + '/ui/dashboard');
  if (__ENV.LEAK) { for (;;) { keep.push(new Array(1 << 17).fill(__ITER)); await new Promise((r) => setTimeout(r, 1)); } }
  sleep(0.5);
  await page.close();
}
`;

for (const how of ['Ctrl-C', 'a worker out of memory'] as const) {
  test(`no browser process outlives the run after ${how}`, async () => {
    const target = await startDemoTarget({ port: 0 });
    try {
      const dir = await scriptDir({ 'long.js': LONG_UI });
      const child = spawn(process.execPath, [MAIN, 'run', '--workers', '1', '-e', `BASE_URL=${target.url}`, ...(how === 'Ctrl-C' ? [] : ['-e', 'LEAK=1']), path.join(dir, 'long.js')], {
        cwd: dir, env: { ...process.env, STAMPEDE_NO_HISTORY: '1', NO_COLOR: '1', ...(how === 'Ctrl-C' ? {} : { NODE_OPTIONS: '--max-old-space-size=300' }) }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const browsers = watchBrowsers(child.pid!);
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      const started = Date.now();
      while (target.counters().byRoute['GET /ui/dashboard'] === undefined && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 100));
      assert.ok(browsers.seen.size > 0 || (await new Promise((r) => setTimeout(r, 300)), browsers.seen.size > 0), 'a Chromium is running');
      if (how === 'Ctrl-C') child.kill('SIGINT');
      const code = await closed;
      browsers.stop();
      assert.equal(code, how === 'Ctrl-C' ? 105 : 112, stderr);
      assert.ok(Date.now() - started < 35_000, 'ended before the 40 s duration');
      for (const pid of browsers.seen) assert.equal(alive(pid), false, `browser process ${pid} outlived the run`);
    } finally {
      await target.close();
    }
  });
}
