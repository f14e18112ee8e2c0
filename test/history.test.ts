/**
 * Run history, comparison and the baseline gate (issue #7, items 3–5), as a
 * user in a git checkout sees them: runs saved with their tags and commit,
 * `stampede runs`, a run made 30 % slower than its baseline failing with
 * exit 111 while an equal run passes, `report --markdown`, `compare`,
 * `report --trend` and JUnit, with numbers checked against the runs'
 * --summary-export files.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, type Target } from './helpers/target.ts';
import { formatDuration } from '../src/reports/format.ts';

/** The /work route's delay; raised to make a run slower. */
let delayMs = 100;
let target: Target;
let repo: string;
let historyDir: string;
let commit: string;

// Constant arrival rates, so every run sends the same load: 20/s to the
// slow `api` route (100 ms, then 130 ms) and 5/s to the instant `health` route for 3 s.
const SCRIPT = (url: string) => `import http from 'k6/http';
import { check } from 'k6';
export const options = {
  scenarios: {
    api: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '3s', preAllocatedVUs: 6, exec: 'api' },
    health: { executor: 'constant-arrival-rate', rate: 5, timeUnit: '1s', duration: '3s', preAllocatedVUs: 2, exec: 'health' },
  },
  thresholds: { http_req_duration: ['p(95)<2000'], 'http_req_duration{scenario:api}': ['p(95)<2000'], checks: ['rate==1'] },
};
export function api() { check(http.get('${url}/work'), { 'work is 200': (r) => r.status === 200 }); }
export function health() { check(http.get('${url}/health'), { 'health is 200': (r) => r.status === 200 }); }
`;

// STAMPEDE_NO_HISTORY cleared: these tests are about the history, whatever the caller's environment says
const env = () => ({ STAMPEDE_HISTORY_DIR: historyDir, STAMPEDE_NO_HISTORY: '' });

interface Export { metrics: Record<string, Record<string, number>> }

/** Runs load.js in the repo; returns the result, the saved id and the summary export. */
async function run(extra: string[] = []) {
  const exportFile = path.join(historyDir, `export-${Date.now()}.json`);
  const r = await stampede(['run', '-q', '--summary-export', exportFile, ...extra, 'load.js'], { cwd: repo, env: env() });
  const id = /run saved as (\S+)/.exec(r.stderr)?.[1];
  assert.ok(id, `no "run saved as" in stderr:\n${r.stderr}`);
  const exported = JSON.parse(await readFile(exportFile, 'utf8')) as Export;
  return { ...r, id, exported };
}

before(async () => {
  target = await startTarget({ '/work': (_req, res) => { setTimeout(() => res.end('done'), delayMs); } });
  repo = await scriptDir({ 'load.js': SCRIPT(target.url) });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Stampede Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: repo, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', 'load.js');
  git('commit', '-q', '-m', 'load test');
  commit = git('rev-parse', 'HEAD');
  historyDir = await mkdtemp(path.join(tmpdir(), 'stampede-history-'));
});

after(async () => {
  await target.close();
  await rm(repo, { recursive: true, force: true });
  await rm(historyDir, { recursive: true, force: true });
});

/** Runs of this file, in order, for the later tests. */
const runs: { id: string; exported: Export }[] = [];

test('without a history, runs says so and report/compare fail with exit 104 naming the file', async () => {
  const listed = await stampede(['runs'], { cwd: repo, env: env() });
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stderr, /no runs saved yet: .*history\.db does not exist/);
  const shown = await stampede(['report', 'last'], { cwd: repo, env: env() });
  assert.equal(shown.code, 104);
  assert.match(shown.stderr, /no run history: .*history\.db does not exist/);
  assert.ok(!existsSync(path.join(historyDir, 'history.db')), 'reading must not create the history');
});

test('a run with --tag env=ci is saved; stampede runs lists it with its tags, the git commit and its numbers', async () => {
  const r = await run(['--tag', 'env=ci']);
  assert.equal(r.code, 0, r.stderr);
  runs.push(r);
  const listed = await stampede(['runs'], { cwd: repo, env: env() });
  assert.equal(listed.code, 0, listed.stderr);
  const line = listed.stdout.split('\n').find((l) => l.startsWith(r.id));
  assert.ok(line, listed.stdout);
  assert.match(line, /load\.js\s+passed\s+env=ci/);
  assert.ok(line.includes(` ${commit.slice(0, 7)} `), `short commit ${commit.slice(0, 7)} in ${line}`);
  assert.ok(line.includes(formatDuration(r.exported.metrics.http_req_duration['p(95)'])), line);
  assert.match(line, /\s0\.00%/);
  const json = JSON.parse((await stampede(['runs', '--json'], { cwd: repo, env: env() })).stdout);
  assert.equal(json.length, 1);
  assert.deepEqual({ id: json[0].id, tags: json[0].tags, commit: json[0].commit, status: json[0].status, script: json[0].script },
    { id: r.id, tags: { env: 'ci' }, commit, status: 'passed', script: 'load.js' });
  assert.equal(json[0].httpReqs, r.exported.metrics.http_reqs.count);
  assert.equal(json[0].p95, r.exported.metrics.http_req_duration['p(95)']);
});

test('a run 30 % slower than the last passed run fails with exit 111 naming http_req_duration p(95); an equal run passes', async () => {
  assert.equal(runs.length, 1, 'needs the baseline run of the previous test');
  const base = runs[0].exported.metrics;
  delayMs = 130;
  const slow = await run(['--baseline', 'last-passed', '--max-regression', '10%']);
  assert.equal(slow.code, 111, slow.stderr);
  const basePct = (key: string) => ((slow.exported.metrics[key]['p(95)'] - base[key]['p(95)']) / base[key]['p(95)']) * 100;
  assert.ok(basePct('http_req_duration') > 10, `p95 grew ${basePct('http_req_duration')} %`);
  const p95Line = slow.stderr.split('\n').find((l) => l.includes('http_req_duration p(95) regressed'));
  assert.ok(p95Line, slow.stderr);
  assert.ok(p95Line.includes(`regressed ${basePct('http_req_duration').toFixed(1)} % (${base.http_req_duration['p(95)'].toFixed(2)} ms → ${slow.exported.metrics.http_req_duration['p(95)'].toFixed(2)} ms), more than the allowed 10 %`), p95Line);
  assert.match(slow.stderr, /http_req_duration\{scenario:api\} p\(95\) regressed/);
  assert.match(slow.stderr, /http_req_failed rate 0\.00 % → 0\.00 %.*within the allowed 10 %/);
  runs.push(slow);

  delayMs = 100;
  const equal = await run(['--baseline', 'last-passed', '--max-regression', '10%']);
  assert.equal(equal.code, 0, equal.stderr);
  assert.match(equal.stderr, new RegExp(`http_req_duration p\\(95\\) .* within the allowed 10 % \\(baseline ${runs[0].id}\\)`));
  runs.push(equal);

  const statuses = JSON.parse((await stampede(['runs', '--json'], { cwd: repo, env: env() })).stdout).map((row: { id: string; status: string; exitCode: number }) => [row.id, row.status, row.exitCode]);
  assert.deepEqual(statuses, [[equal.id, 'passed', 0], [slow.id, 'failed', 111], [runs[0].id, 'passed', 0]]);
});

test('report --markdown shows the run\'s thresholds, metrics and checks with the summary export\'s numbers', async () => {
  assert.equal(runs.length, 3);
  const { id, exported } = runs[0];
  const r = await stampede(['report', id.slice(0, 17), '--markdown'], { cwd: repo, env: env() });
  assert.equal(r.code, 0, r.stderr);
  const md = r.stdout;
  assert.match(md, new RegExp(`^### ✅ passed: Stampede run \`${id}\``));
  assert.ok(md.includes(`commit \`${commit.slice(0, 7)}\``) && md.includes('tags `env=ci`'), md);
  const m = exported.metrics;
  const p95 = formatDuration(m.http_req_duration['p(95)']);
  assert.ok(md.includes(`| \`http_req_duration\` | \`p(95)<2000\` | ${p95} | ✅ pass |`), md);
  assert.ok(md.includes(`| \`http_req_duration{scenario:api}\` | \`p(95)<2000\` | ${formatDuration(m['http_req_duration{scenario:api}']['p(95)'])} | ✅ pass |`), md);
  const trend = m.http_req_duration;
  assert.ok(md.includes(`| http_req_duration | ${['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'].map((s) => formatDuration(trend[s])).join(' | ')} |`), md);
  assert.ok(md.includes(`| http_reqs | ${m.http_reqs.count} | ${Number(m.http_reqs.rate.toFixed(2))}/s |`), md);
  assert.ok(md.includes(`| work is 200 | ${m.http_reqs.count - 15} | 0 | ✅ |`), md);
  assert.ok(md.includes('| health is 200 | 15 | 0 | ✅ |'), md);
});

test('compare prints both runs\' numbers and the change, per metric, per scenario and per threshold', async () => {
  const [, slow, equal] = runs;
  const r = await stampede(['compare', slow.id, equal.id], { cwd: repo, env: env() });
  assert.equal(r.code, 0, r.stderr);
  const p95Row = r.stdout.split('\n').find((l) => /^\s+http_req_duration p\(95\)\s/.test(l));
  assert.ok(p95Row, r.stdout);
  const was = slow.exported.metrics.http_req_duration['p(95)'];
  const now = equal.exported.metrics.http_req_duration['p(95)'];
  assert.ok(p95Row.includes(formatDuration(was)) && p95Row.includes(formatDuration(now)), p95Row);
  assert.ok(p95Row.includes(`-${Math.abs(((now - was) / was) * 100).toFixed(1)} %`) && p95Row.includes('✓ better'), p95Row);
  assert.match(r.stdout, /api\s+http_reqs count\s+60\s+60\s+\+0\.0 %\s+= same/);
  assert.match(r.stdout, /health\s+http_reqs count\s+15\s+15/);

  const json = JSON.parse((await stampede(['compare', slow.id, equal.id, '--json'], { cwd: repo, env: env() })).stdout);
  const row = (key: string, stat: string) => json.metrics.find((x: { key: string; stat: string }) => x.key === key && x.stat === stat);
  for (const [key, stat, exportKey] of [['http_req_duration', 'p(95)', 'p(95)'], ['http_req_duration', 'avg', 'avg'], ['http_reqs', 'count', 'count'], ['http_req_failed', 'rate', 'value']]) {
    assert.equal(row(key, stat).base, slow.exported.metrics[key][exportKey], `${key} ${stat} base`);
    assert.equal(row(key, stat).run, equal.exported.metrics[key][exportKey], `${key} ${stat} run`);
  }
  const scenarioP95 = json.scenarios.find((s: { scenario: string; measure: string }) => s.scenario === 'api' && s.measure === 'http_req_duration p(95)');
  assert.equal(scenarioP95.run, equal.exported.metrics['http_req_duration{scenario:api}']['p(95)']);
  assert.equal(scenarioP95.verdict, 'better');

  const md = await stampede(['compare', slow.id, equal.id, '--markdown'], { cwd: repo, env: env() });
  assert.ok(md.stdout.includes(`| http_req_duration p(95) | ${formatDuration(was)} | ${formatDuration(now)} |`), md.stdout);
});

test('report --html and compare --html write self-contained pages holding the saved runs\' numbers', async () => {
  const [, slow, equal] = runs;
  const reportFile = path.join(repo, 'past-run.html');
  const report = await stampede(['report', slow.id, '--html', reportFile], { cwd: repo, env: env() });
  assert.equal(report.code, 0, report.stderr);
  const page = await readFile(reportFile, 'utf8');
  assert.match(page, /^<!doctype html>/i);
  assert.ok(!/<script[^>]+src=|<link[^>]+href="http/i.test(page), 'nothing loaded from the network');
  assert.ok(page.includes(slow.id), 'the page holds the saved run');
  const compareFile = path.join(repo, 'compare.html');
  const compared = await stampede(['compare', slow.id, equal.id, '--html', compareFile], { cwd: repo, env: env() });
  assert.equal(compared.code, 0, compared.stderr);
  const html = await readFile(compareFile, 'utf8');
  assert.ok(!/<script[^>]+src=|<link[^>]+href="http/i.test(html), 'nothing loaded from the network');
  for (const run of [slow, equal]) assert.ok(html.includes(formatDuration(run.exported.metrics.http_req_duration['p(95)'])), 'both p(95)s are on the page');
});

test('report --trend lists the p(95) of the last runs, oldest first', async () => {
  const r = await stampede(['report', '--trend', '--last', '3'], { cwd: repo, env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^http_req_duration p\(95\), last 3 runs \(oldest first\): \S{3}\n/);
  const rows = r.stdout.split('\n').filter((l) => /^\d{8}-\d{6}-[0-9a-f]{4}\s/.test(l));
  assert.deepEqual(rows.map((l) => l.split(/\s+/, 1)[0]), runs.map((x) => x.id));
  rows.forEach((l, i) => assert.ok(l.includes(formatDuration(runs[i].exported.metrics.http_req_duration['p(95)'])), l));
  assert.match(rows[1], /\+\d+\.\d % worse/);
  const json = JSON.parse((await stampede(['report', '--trend', '--last', '2', '--json'], { cwd: repo, env: env() })).stdout);
  assert.deepEqual(json.runs.map((p: { value: number }) => p.value), runs.slice(1).map((x) => x.exported.metrics.http_req_duration['p(95)']));
  const errors = JSON.parse((await stampede(['report', '--trend', '--metric', 'http_req_failed', '--json'], { cwd: repo, env: env() })).stdout);
  assert.equal(errors.stat, 'rate');
  assert.deepEqual(errors.runs.map((p: { value: number }) => p.value), [0, 0, 0]);
});

test('an unknown run id exits 104 and says where it looked; an ambiguous prefix lists the matches', async () => {
  const r = await stampede(['report', 'abc'], { cwd: repo, env: env() });
  assert.equal(r.code, 104);
  assert.match(r.stderr, /no run "abc" in .*history\.db\n\s+hint: `stampede runs` lists them/);
  const c = await stampede(['compare', runs[0].id, 'ffff'], { cwd: repo, env: env() });
  assert.equal(c.code, 104);
  assert.match(c.stderr, /no run "ffff"/);
  const prefix = runs[0].id.slice(0, 1); // the millennium: all three runs
  const a = await stampede(['report', prefix], { cwd: repo, env: env() });
  assert.equal(a.code, 104);
  assert.match(a.stderr, new RegExp(`"${prefix}" matches several runs: `));
});

test('--junit writes one test case per threshold and per check, the failing ones with <failure>', async () => {
  const dir = await scriptDir({
    'junit.js': `import http from 'k6/http';
import { check, group } from 'k6';
export const options = {
  scenarios: { api: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '2s', preAllocatedVUs: 4 } },
  thresholds: { http_req_duration: ['p(95)<1', 'max<5000'], http_req_failed: ['rate<0.5'] },
};
export default function () {
  group('orders', () => {
    const r = http.get('${target.url}/work');
    check(r, { 'status is 200': (x) => x.status === 200, 'is created': (x) => x.status === 201 });
  });
}
`,
  });
  const history = await mkdtemp(path.join(tmpdir(), 'stampede-history-'));
  try {
    const r = await stampede(['run', '-q', '--junit', 'run.xml', 'junit.js'], { cwd: dir, env: { STAMPEDE_HISTORY_DIR: history, STAMPEDE_NO_HISTORY: '' } });
    assert.equal(r.code, 99, r.stderr);
    const xml = await readFile(path.join(dir, 'run.xml'), 'utf8');
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="stampede" tests="5" failures="2"/);
    assert.match(xml, /<testsuite name="thresholds" tests="3" failures="1"/);
    assert.match(xml, /<testcase classname="thresholds" name="http_req_duration - p\(95\)&lt;1"><failure type="threshold" message="http_req_duration p\(95\)&lt;1 failed, average value: [\d.]+/);
    assert.match(xml, /<testcase classname="thresholds" name="http_req_duration - max&lt;5000"\/>/);
    assert.match(xml, /<testcase classname="thresholds" name="http_req_failed - rate&lt;0\.5"\/>/);
    assert.match(xml, /<testsuite name="checks" tests="2" failures="1"/);
    assert.match(xml, /<testcase classname="checks\.orders" name="status is 200"\/>/);
    assert.match(xml, /<testcase classname="checks\.orders" name="is created"><failure type="check" message="20 of 20 failed \(0\.00% passed\)">/);
    // the saved run renders the same document
    const again = await stampede(['report', 'last', '--junit', 'again.xml'], { cwd: dir, env: { STAMPEDE_HISTORY_DIR: history, STAMPEDE_NO_HISTORY: '' } });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await readFile(path.join(dir, 'again.xml'), 'utf8'), xml);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(history, { recursive: true, force: true });
  }
});
