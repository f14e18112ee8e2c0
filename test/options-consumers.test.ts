/**
 * Options that used to pass validation and then change nothing now act as
 * in k6, end to end: noSetup / noTeardown (options and flags),
 * minIterationDuration, rps across worker threads (what the target counted),
 * httpDebug from the script, noThresholds and summaryMode from K6_*
 * variables; a known option Stampede does not act on says so at the start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const LIFECYCLE = `
export function setup() { console.log('SETUP RAN'); return { from: 'setup' }; }
export default function (data) { console.log('DATA=' + JSON.stringify(data)); }
export function teardown(data) { console.log('TEARDOWN RAN'); }
`;

test('noSetup / noTeardown (script options) and --no-setup / --no-teardown (flags) skip setup() and teardown(), as in k6', async () => {
  const dir = await scriptDir({
    'opts.js': `export const options = { iterations: 1, noSetup: true, noTeardown: true };\n${LIFECYCLE}`,
    'plain.js': `export const options = { iterations: 1 };\n${LIFECYCLE}`,
  });
  const byOptions = await stampede(['run', path.join(dir, 'opts.js')]);
  assert.equal(byOptions.code, 0, byOptions.stderr);
  assert.doesNotMatch(byOptions.stderr, /SETUP RAN|TEARDOWN RAN/);
  assert.match(byOptions.stderr, /DATA=undefined/, 'the iterations get no setup data');

  const byFlag = await stampede(['run', '--no-setup', path.join(dir, 'plain.js')]);
  assert.equal(byFlag.code, 0, byFlag.stderr);
  assert.doesNotMatch(byFlag.stderr, /SETUP RAN/);
  assert.match(byFlag.stderr, /TEARDOWN RAN/, '--no-setup alone still runs teardown()');

  const noTeardownFlag = await stampede(['run', '--no-teardown', path.join(dir, 'plain.js')]);
  assert.match(noTeardownFlag.stderr, /SETUP RAN/);
  assert.match(noTeardownFlag.stderr, /DATA=\{"from":"setup"\}/);
  assert.doesNotMatch(noTeardownFlag.stderr, /TEARDOWN RAN/);
});

test('minIterationDuration pads short iterations (fewer requests); iteration_duration is the iteration without the padding', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'pad.js': `import http from 'k6/http';
export const options = { vus: 2, duration: '1s', minIterationDuration: '250ms' };
export default function () { http.get('${target.url}/pad'); }
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'pad.js')]);
    assert.equal(r.code, 0, r.stderr);
    const sent = target.counts.get('/pad') ?? 0;
    // 2 VUs × iterations starting at 0, 250, 500, 750 ms: about 8 (without padding: thousands)
    assert.ok(sent >= 4 && sent <= 12, `target saw ${sent} requests`);
    const summary = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(summary.metrics.iterations.count, sent);
    assert.ok(summary.metrics.iteration_duration.avg < 150, `iteration_duration avg ${summary.metrics.iteration_duration.avg} ms leaves the padding out`);
  } finally {
    await target.close();
  }
});

test('rps caps requests per second across every VU of every worker thread (k6 rps)', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'rps.js': `import http from 'k6/http';
export const options = { vus: 10, duration: '2s', rps: 20 };
export default function () { http.get('${target.url}/hammer'); }
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--workers', '2', '--summary-export', exported, path.join(dir, 'rps.js')]);
    assert.equal(r.code, 0, r.stderr);
    const sent = target.counts.get('/hammer') ?? 0;
    // 20/s for 2 s ≈ 40, plus the requests the 10 VUs had reserved at the end (≤ 10 more); unlimited: thousands; per worker: ~80+
    assert.ok(sent >= 30 && sent <= 62, `target saw ${sent} requests`);
    const summary = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(summary.metrics.http_reqs.count, sent, 'http_reqs matches what the target counted');
  } finally {
    await target.close();
  }
});

test('httpDebug from the script logs requests; K6_NO_THRESHOLDS and K6_SUMMARY_MODE=disabled act; an option Stampede ignores warns at the start', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'misc.js': `import http from 'k6/http';
export const options = { iterations: 1, httpDebug: 'full', linger: true, thresholds: { http_reqs: ['count>100'] } };
export default function () { http.get('${target.url}/debug'); }
`,
    });
    const r = await stampede(['run', path.join(dir, 'misc.js')], { env: { K6_NO_THRESHOLDS: 'true', K6_SUMMARY_MODE: 'disabled' } });
    assert.equal(r.code, 0, `the failing threshold is not evaluated (else exit 99)\n${r.stderr}`);
    assert.match(r.stderr, /GET \/debug HTTP\/1\.1/, 'httpDebug: full dumps the request');
    assert.match(r.stderr, /linger: not supported: Stampede exits when the test ends/);
    assert.doesNotMatch(r.stdout, /TOTAL RESULTS|http_reqs/, 'summaryMode disabled prints no summary');
    const withThresholds = await stampede(['run', path.join(dir, 'misc.js')]);
    assert.equal(withThresholds.code, 99, 'without K6_NO_THRESHOLDS the threshold fails the run');
    assert.match(withThresholds.stdout, /TOTAL RESULTS/);
  } finally {
    await target.close();
  }
});
