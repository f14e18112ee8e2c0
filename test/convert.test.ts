/**
 * `stampede convert`: a HAR recorded by this test in Debian's Chromium
 * (playwright-core's recordHar) while signing in and clicking through the
 * demo target's pages becomes a k6 script; run against a fresh demo target
 * (whose tokens the recording never saw), the target counts exactly the
 * recorded requests, and the correlated login token works where the
 * recorded one is stale. The script also type-checks (stampede check).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { scriptDir, stampede } from './helpers/cli.ts';
import { CHROMIUM } from './helpers/browser.ts';
import { startDemoTarget, type RequestCounts } from '../examples/demo-target/server.ts';

/** Records the journey into `harPath`; returns what the target counted while recording. */
async function recordJourney(harPath: string): Promise<RequestCounts['byRoute']> {
  const target = await startDemoTarget({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(`${target.url}/ui/login`);
    await page.click('#sign-in');
    await page.waitForFunction(() => document.getElementById('who')?.textContent?.startsWith('Signed in as'));
    await page.waitForTimeout(300); // a pause the script keeps as think time
    await page.click('#to-dashboard');
    await page.waitForURL(`${target.url}/ui/dashboard`);
    await page.click('#load-dashboard');
    await page.waitForSelector('#dashboard');
    await context.close(); // writes the HAR
    // Chromium's own favicon fetch reaches the target (an unmatched route) but belongs to no page: a HAR has no entry for it
    const { unmatched: _favicon, ...journey } = target.counters().byRoute;
    return journey;
  } finally {
    await browser.close();
    await target.close();
  }
}

test('a recorded journey, converted with --correlate, replays exactly against a fresh target; the literal token is stale', async () => {
  const dir = await scriptDir({});
  const har = path.join(dir, 'journey.har');
  const recorded = await recordJourney(har);
  assert.equal(recorded['POST /auth/login'], 1);
  assert.equal(recorded['GET /auth/me'], 1);

  const converted = await stampede(['convert', har, '--correlate', '-O', path.join(dir, 'journey.js')]);
  assert.equal(converted.code, 0, converted.stderr);
  assert.match(converted.stderr, /2 page\(s\), \d+ request\(s\), \d+ value\(s\) correlated/);
  const script = await readFile(path.join(dir, 'journey.js'), 'utf8');
  assert.match(script, /group\("\/ui\/login", function/);
  assert.match(script, /group\("\/ui\/dashboard", function/);
  assert.match(script, /token = res\.json\("token"\);/, script);
  assert.match(script, /"authorization": `Bearer \$\{token\}`/, script);
  assert.match(script, /const BASE_URL = __ENV\.BASE_URL \|\| "http:\/\/127\.0\.0\.1:\d+";/);
  assert.match(script, /sleep\(0\.\d+\);/, 'the pause between the pages');

  // a fresh target: the recorded token means nothing to it
  const target = await startDemoTarget({ port: 0 });
  try {
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '-e', `BASE_URL=${target.url}`, '--summary-export', exported, path.join(dir, 'journey.js')]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(await readFile(exported, 'utf8')).metrics;
    assert.equal(s.checks.fails, 0, r.stdout);
    assert.deepEqual(target.counters().byRoute, recorded, 'the target counts exactly what it counted while recording');
  } finally {
    await target.close();
  }

  // the same recording without --correlate replays the recorded (stale) token: /auth/me says 401
  const literal = await stampede(['convert', har, '-O', path.join(dir, 'literal.js')]);
  assert.equal(literal.code, 0, literal.stderr);
  const fresh = await startDemoTarget({ port: 0 });
  try {
    const exported = path.join(dir, 'literal-summary.json');
    const r = await stampede(['run', '-e', `BASE_URL=${fresh.url}`, '--summary-export', exported, path.join(dir, 'literal.js')]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(await readFile(exported, 'utf8')).metrics;
    assert.equal(s.checks.fails, 1, 'GET /auth/me: status 200 fails with the stale token');
    assert.match(r.stdout, /✗ GET \/auth\/me: status 200/);
  } finally {
    await fresh.close();
  }

  // TypeScript output type-checks against the k6 types
  const ts = await stampede(['convert', har, '--correlate', '--no-static', '-O', path.join(dir, 'journey.ts')]);
  assert.equal(ts.code, 0, ts.stderr);
  assert.match(ts.stderr, /static asset\(s\) skipped/);
  const checked = await stampede(['check', path.join(dir, 'journey.ts')]);
  assert.equal(checked.code, 0, `${checked.stdout}\n${checked.stderr}`);
});

test('a malformed HAR is one clear error naming the entry and the field; a HAR that is not JSON too', async () => {
  const dir = await scriptDir({});
  const bad = path.join(dir, 'bad.har');
  await writeFile(bad, JSON.stringify({ log: { version: '1.2', entries: [
    { startedDateTime: '2026-12-07T00:00:00Z', request: { method: 'GET', url: 'http://127.0.0.1/a', headers: [] }, response: { status: 200, headers: [] } },
    { startedDateTime: '2026-12-07T00:00:01Z', request: { method: 'GET', headers: [] }, response: { status: 200, headers: [] } },
  ] } }));
  const r = await stampede(['convert', bad]);
  assert.equal(r.code, 107);
  assert.match(r.stderr, /bad\.har: log\.entries\[1\]\.request\.url: missing/);
  await writeFile(bad, '{ "log": ');
  const notJson = await stampede(['convert', bad]);
  assert.equal(notJson.code, 107);
  assert.match(notJson.stderr, /bad\.har is not JSON/);
  const missing = await stampede(['convert', path.join(dir, 'nope.har')]);
  assert.equal(missing.code, 107);
  assert.match(missing.stderr, /cannot read .*nope\.har: ENOENT/);
});
