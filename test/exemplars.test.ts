/**
 * Exemplars (issue #21, item 2), as a user sees them: a target answers a
 * known set of requests slowly and another with 503, each with its own
 * X-Request-Id; the run's slowest and failed lists name exactly those ids —
 * in `stampede report --exemplars` (text and JSON), the HTML report (table
 * rows, and marks on the request-duration chart linking to them),
 * `--out json`, `compare`, and across two workers and two agents. The trace
 * id is the one k6/experimental/tracing sent. A million requests over
 * 600 names (past the cap of 500) keep bounded lists and flat memory.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnStampede, stampede, scriptDir } from './helpers/cli.ts';
import { freePort, startTarget, type Target } from './helpers/target.ts';
import { launchBrowser, newPage, openReport } from './helpers/browser.ts';
import { startDistributed } from './helpers/distributed.ts';
import type { ExemplarReport } from '../src/metrics/index.ts';

/** Which request numbers (per run, from 1) are slow or fail: exactly 5 slow, so the default 5 slowest are these. */
const SLOW = [40, 120, 200, 280, 360];
const FAIL = [80, 160, 240];

let target: Target;
let dir: string;
let historyDir: string;
/** the prefix of this run's request ids, and its request counter */
let run = 'a';
let n = 0;
/** request id → the traceparent the request carried */
const traceparents = new Map<string, string>();

const idsOf = (nums: number[], prefix = run) => nums.map((i) => `${prefix}-${i}`).sort();

const SCRIPT = `import http from 'k6/http';
import tracing from 'k6/experimental/tracing';
tracing.instrumentHTTP({ propagator: 'w3c' });
export const options = { vus: 4, iterations: 400 };
export default function () {
  http.get(__ENV.BASE_URL + '/api/items', { tags: { name: 'items' } });
  http.get(__ENV.BASE_URL + '/health');
}
`;

const env = () => ({ STAMPEDE_HISTORY_DIR: historyDir, STAMPEDE_NO_HISTORY: '' });

before(async () => {
  target = await startTarget({
    '/api/items': (req, res) => {
      const i = ++n;
      const id = `${run}-${i}`;
      traceparents.set(id, String(req.headers.traceparent ?? ''));
      res.setHeader('X-Request-Id', id);
      if (FAIL.includes(i)) res.statusCode = 503;
      setTimeout(() => res.end('items'), SLOW.includes(i) ? 300 : 0);
    },
  });
  dir = await scriptDir({ 'load.js': SCRIPT });
  historyDir = await mkdtemp(path.join(tmpdir(), 'stampede-exemplars-'));
});

after(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
  await rm(historyDir, { recursive: true, force: true });
});

function startRun(prefix: string): void {
  run = prefix;
  n = 0;
}

async function savedExemplars(ref: string): Promise<ExemplarReport> {
  const r = await stampede(['report', ref, '--exemplars', '--json'], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ExemplarReport;
}

function itemsOf(report: ExemplarReport) {
  const g = report.groups.find((x) => x.name === 'items');
  assert.ok(g, `no "items" group in ${JSON.stringify(report.groups.map((x) => x.name))}`);
  return g;
}

const requestIds = (list: { headers: Record<string, string> }[]) => list.map((e) => e.headers['X-Request-Id']).sort();

test('exemplars: the slowest and failed lists name exactly the requests the target made slow or failed, everywhere they are shown', async (t) => {
  startRun('a');
  const html = path.join(dir, 'report.html');
  const json = path.join(dir, 'out.json');
  const r = await stampede(['run', '-q', '--workers', '2', '-e', `BASE_URL=${target.url}`, '--report', html, '--out', `json=${json}`, 'load.js'], { cwd: dir, env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(n, 400);

  // the history: report --exemplars --json
  const saved = await savedExemplars('last');
  const items = itemsOf(saved);
  assert.deepEqual(requestIds(items.slowest), idsOf(SLOW));
  assert.ok(items.slowest.every((e) => e.timings.duration >= 290 && e.status === 200 && e.method === 'GET' && e.scenario === 'default'));
  assert.deepEqual(requestIds(items.failed), idsOf(FAIL));
  assert.equal(items.failedSeen, FAIL.length);
  assert.ok(items.failed.every((e) => e.status === 503 && e.errorCode === 1503 && e.failed));
  // the trace id is the one the tracing module sent with that very request
  for (const e of [...items.slowest, ...items.failed]) {
    const sent = traceparents.get(e.headers['X-Request-Id'])!;
    assert.match(sent, /^00-[0-9a-f]{32}-/);
    assert.equal(e.traceId, sent.split('-')[1], e.headers['X-Request-Id']);
  }
  // /health answered fast and fine: its lists hold its 5 slowest, no failures
  const health = saved.groups.find((g) => g.name.endsWith('/health'))!;
  assert.equal(health.slowest.length, 5);
  assert.equal(health.failedSeen, 0);

  // the terminal view lists each id
  const text = await stampede(['report', 'last', '--exemplars'], { env: env() });
  assert.equal(text.code, 0, text.stderr);
  for (const id of [...idsOf(SLOW), ...idsOf(FAIL)]) assert.ok(text.stdout.includes(`X-Request-Id=${id}`), `${id} missing from:\n${text.stdout}`);
  assert.match(text.stdout, /^ {2}3 failed$/m);

  // --out json: one Exemplar line per kept request, after the points
  const lines = (await readFile(json, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> & { headers: Record<string, string> } });
  const ex = lines.filter((l) => l.type === 'Exemplar' && l.data.name === 'items');
  assert.deepEqual(requestIds(ex.filter((l) => l.data.list === 'slowest').map((l) => l.data)), idsOf(SLOW));
  assert.deepEqual(requestIds(ex.filter((l) => l.data.list === 'failed').map((l) => l.data)), idsOf(FAIL));
  assert.ok(lines.findIndex((l) => l.type === 'Exemplar') > lines.findLastIndex((l) => l.type === 'Point'));

  // the HTML report: the rows, and a mark on the duration chart for each slow request linking to its row
  const page = await openReport(t, html, '#exemplars-section:not([hidden])');
  const table = page.locator('.exemplar-table[data-name="items"]');
  const rowText = async (list: string) => (await table.locator(`tr[data-list="${list}"]`).allInnerTexts()).join('\n');
  for (const id of idsOf(SLOW)) assert.ok((await rowText('slowest')).includes(id), id);
  for (const id of idsOf(FAIL)) assert.ok((await rowText('failed')).includes(id), id);
  const marks = page.locator('[data-chart="http_req_duration"] a.exemplar-mark');
  const linked: string[] = [];
  for (const href of await marks.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    linked.push(await page.locator(href).innerText());
  }
  for (const id of idsOf(SLOW)) assert.ok(linked.some((row) => row.includes(id)), `no mark links to ${id}`);
  // a click on a visible mark highlights its row
  const visible = marks.filter({ visible: true }).first();
  const href = await visible.getAttribute('href');
  await visible.click();
  await page.waitForSelector(`${href}.target`);
  // a header sorts: ascending by duration puts the fastest row first
  const durationHeader = table.locator('th', { hasText: 'Duration' });
  await durationHeader.click();
  await durationHeader.click();
  const first = await table.locator('tbody tr').first().innerText();
  assert.ok(!idsOf(SLOW).some((id) => first.includes(id)), first);

  // a second run: compare lists the slowest requests of both
  startRun('b');
  const second = await stampede(['run', '-q', '-e', `BASE_URL=${target.url}`, 'load.js'], { cwd: dir, env: env() });
  assert.equal(second.code, 0, second.stderr);
  const savedAs = (stderr: string) => /run saved as (\S+)/.exec(stderr)?.[1] ?? assert.fail(`no "run saved as" in:\n${stderr}`);
  const c = await stampede(['compare', savedAs(r.stderr), savedAs(second.stderr)], { env: env() });
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /SLOWEST REQUESTS/);
  const slowestSection = c.stdout.slice(c.stdout.indexOf('SLOWEST REQUESTS'));
  assert.ok(idsOf(SLOW, 'a').some((id) => slowestSection.includes(id)) && idsOf(SLOW, 'b').some((id) => slowestSection.includes(id)), slowestSection);
});

test('exemplars: the live dashboard shows a slow request\'s row while the run is still going', { timeout: 90_000 }, async (t) => {
  startRun('e');
  const live = await scriptDir({
    'live.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 2, duration: '8s' };
export default function () { http.get(__ENV.BASE_URL + '/api/items', { tags: { name: 'items' } }); sleep(0.02); }
`,
  });
  t.after(() => rm(live, { recursive: true, force: true }));
  const port = await freePort();
  const running = stampede(['run', '-q', '--dashboard', '--no-history', '-e', `BASE_URL=${target.url}`, 'live.js'], { cwd: live, env: { K6_WEB_DASHBOARD_PORT: String(port) }, timeoutMs: 60_000 });
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not listening yet */ }
    assert.ok(tries < 200, 'the dashboard did not answer');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { page, errors } = await newPage(browser);
  await page.goto(url);
  // request e-40 is slow (300 ms): its row appears among the slowest while the run goes on
  await page.locator('.exemplar-table[data-name="items"] tr[data-list="slowest"]', { hasText: 'X-Request-Id=e-40' }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('#status').textContent(), 'running');
  const done = await running;
  assert.equal(done.code, 0, done.stderr);
  assert.deepEqual(errors, []);
});

test('exemplars: a distributed run merges every agent\'s lists into the coordinator\'s', async () => {
  startRun('d');
  const { coordinator, agents } = await startDistributed(['--instances', '2', '-q', '-e', `BASE_URL=${target.url}`, path.join(dir, 'load.js')], 2, [], env());
  const [c] = await Promise.all([coordinator.closed, ...agents.map((a) => a.closed)]);
  assert.equal(c.code, 0, coordinator.out.stderr);
  assert.equal(n, 400);
  const items = itemsOf(await savedExemplars('last'));
  assert.deepEqual(requestIds(items.slowest), idsOf(SLOW));
  assert.deepEqual(requestIds(items.failed), idsOf(FAIL));
  assert.equal(items.failedSeen, FAIL.length);
});

/** VmRSS of a process in MB. */
function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

test('exemplars: a million requests over 600 names keep bounded lists and flat memory', { timeout: 300_000 }, async () => {
  const requests = 1_000_000;
  const script = await scriptDir({
    'million.js': `import http from 'k6/http';
export const options = { vus: 50, iterations: ${requests}, discardResponseBodies: true };
export default function () { http.get(__ENV.BASE_URL + '/n/' + ((__VU * 7919 + __ITER) % 600), { tags: { name: 'n' + ((__VU * 7919 + __ITER) % 600) } }); }
`,
  });
  try {
    const p = spawnStampede(['run', '-q', '-e', `BASE_URL=${target.url}`, '--summary-export', path.join(script, 'summary.json'), path.join(script, 'million.js')], env(), 280_000);
    const samples: number[] = [];
    const timer = setInterval(() => { const mb = rssMb(p.child.pid!); if (mb !== undefined) samples.push(mb); }, 500);
    const { code } = await p.closed;
    clearInterval(timer);
    assert.equal(code, 0, p.out.stderr);
    const summary = JSON.parse(await readFile(path.join(script, 'summary.json'), 'utf8')) as { metrics: Record<string, { count: number }> };
    assert.equal(summary.metrics.http_reqs.count, requests);
    const report = await savedExemplars('last');
    // 500 names of their own, the rest in one shared list; never more than 5 per list
    assert.equal(report.groups.length, 501);
    assert.equal(report.namesCapped, true);
    assert.ok(report.groups.every((g) => g.slowest.length <= 5 && g.failed.length <= 5));
    // memory is flat once every name was seen: the last quarter of the run stays within 10 % of the
    // first half's peak, plus one more doubling of the main thread's young generation (up to 64 MB),
    // which V8 makes as survivors of its scavenges pile up, whatever they are. Memory that grew with
    // the requests would keep climbing. (The lists' own bound under ever-slower requests is
    // src/metrics/exemplars.test.ts's.)
    const firstHalf = Math.max(...samples.slice(0, Math.floor(samples.length / 2)));
    const late = Math.max(...samples.slice(Math.floor((samples.length * 3) / 4)));
    assert.ok(samples.length >= 8, `${samples.length} RSS samples`);
    assert.ok(late < firstHalf * 1.1 + 64, `RSS at most ${firstHalf.toFixed(0)} MB in the first half of the run, up to ${late.toFixed(0)} MB in its last quarter`);
    console.log(`# a million requests: RSS at most ${firstHalf.toFixed(0)} MB in the first half, at most ${late.toFixed(0)} MB in the last quarter (${samples.length} samples)`);
  } finally {
    await rm(script, { recursive: true, force: true });
  }
});
