/**
 * One test split over three instances with k6's execution segments: what
 * the target counts adds up to the whole test, iteration and VU numbers are
 * unique across the instances, and each instance runs k6's share.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scriptDir, stampede } from './helpers/cli.ts';

const SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 7, iterations: 100, exec: 'shared', maxDuration: '20s' },
    pervu: { executor: 'per-vu-iterations', vus: 5, iterations: 3, exec: 'pervu', maxDuration: '20s' },
    rate: { executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '2s', preAllocatedVUs: 6, maxVUs: 6, exec: 'rate' },
  },
};
const t = () => __ENV.TARGET;
const q = () => '&vu=' + exec.vu.idInTest + '&local=' + __VU + '&seg=' + __ENV.SEG;
export function shared() { http.get(t() + '/shared?i=' + exec.scenario.iterationInTest + q()); }
export function pervu() { http.get(t() + '/pervu?i=' + exec.scenario.iterationInTest + q()); }
export function rate() { http.get(t() + '/rate?i=' + exec.scenario.iterationInTest + q()); }
`;

interface Seen { path: string; i: number; vu: number; local: number; seg: number }

test('three instances on the segments of 0,1/3,2/3,1 make exactly the whole test, with unique iteration and VU numbers', async () => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: u.pathname, i: Number(u.searchParams.get('i')), vu: Number(u.searchParams.get('vu')), local: Number(u.searchParams.get('local')), seg: Number(u.searchParams.get('seg')) });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await scriptDir({ 'script.js': SCRIPT });
  try {
    const segments = ['0:1/3', '1/3:2/3', '2/3:1'];
    const runs = await Promise.all(segments.map((seg, k) => stampede([
      'run', '--workers', '1', '--execution-segment', seg, '--execution-segment-sequence', '0,1/3,2/3,1',
      '-e', `TARGET=${target}`, '-e', `SEG=${k}`, '--summary-export', path.join(dir, `summary-${k}.json`), 'script.js',
    ], { cwd: dir, timeoutMs: 60_000 })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const of = (p: string) => seen.filter((s) => s.path === p);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const range = (n: number, from = 0) => Array.from({ length: n }, (_, k) => k + from);

    // shared-iterations: 100 iterations in all, numbered 0..99 once each, by 7 VUs
    assert.deepEqual(sorted(of('/shared').map((s) => s.i)), range(100));
    assert.equal(new Set(of('/shared').map((s) => s.vu)).size, 7);
    // per-vu-iterations: 5 VUs × 3, iteration numbers unique across instances
    assert.equal(of('/pervu').length, 15);
    assert.equal(new Set(of('/pervu').map((s) => s.vu)).size, 5);
    assert.equal(new Set(of('/pervu').map((s) => s.i)).size, 15, 'iteration numbers unique across instances');
    // a VU id of the test (exec.vu.idInTest) belongs to one instance; __VU counts from 1 on each,
    // and instance k's VUs are the test's k+1, k+4, k+7, … (striped over thirds)
    const instanceOf = new Map<number, number>();
    for (const s of seen) {
      assert.equal(instanceOf.get(s.vu) ?? s.seg, s.seg, `VU ${s.vu} on two instances`);
      instanceOf.set(s.vu, s.seg);
      assert.equal((s.vu - 1) % 3, s.seg, `VU ${s.vu} on instance ${s.seg}`);
      assert.equal(s.vu, 3 * (s.local - 1) + s.seg + 1, `local VU ${s.local} of instance ${s.seg} is the test's ${s.vu}`);
    }
    // constant-arrival-rate: the common schedule of 100 iterations, each started by one instance
    const rate = of('/rate').map((s) => s.i);
    assert.equal(rate.length, 100);
    assert.equal(new Set(rate).size, 100);

    // k6's shares: 7 VUs over thirds are 3, 2, 2; 100 shared iterations over 0,3/7,5/7,1 are 43, 29, 28
    const counts = runs.map((_, k) => JSON.parse(readFileSync(path.join(dir, `summary-${k}.json`), 'utf8')).metrics.http_reqs.count as number);
    assert.equal(counts.reduce((a, b) => a + b, 0), 215);
    const perVu = (k: number) => 3 * [2, 2, 1][k]; // 5 VUs over thirds: 2, 2, 1
    const perRate = [3 / 6, 2 / 6, 1 / 6].map((share) => share * 100);
    counts.forEach((c, k) => {
      const sharedShare = [43, 29, 28][k];
      // the arrival-rate share follows the sequence re-cut from maxVUs (6 → 2, 2, 2: thirds)
      assert.ok(Math.abs(c - sharedShare - perVu(k) - 100 / 3) <= 1, `instance ${k}: ${c} requests (${perRate})`);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a bad segment exits 104 naming the option, and an externally-controlled scenario cannot be split', async () => {
  const dir = await scriptDir({ 'script.js': 'export default function () {}', 'ext.js': `export const options = { scenarios: { x: { executor: 'externally-controlled', vus: 1, maxVUs: 2, duration: '1s' } } };\nexport default function () {}` });
  const bad = await stampede(['run', '--execution-segment', '55%:50%', 'script.js'], { cwd: dir });
  assert.equal(bad.code, 104);
  assert.match(bad.stderr, /executionSegment: segment start\(0.55\) must be less than its end\(0.50\)/);
  const missing = await stampede(['run', '--execution-segment', '1/3:1/2', '--execution-segment-sequence', '0,1/3,2/3,1', 'script.js'], { cwd: dir });
  assert.equal(missing.code, 104);
  assert.match(missing.stderr, /couldn't find segment 1\/3:1\/2 in sequence 0,1\/3,2\/3,1/);
  const ext = await stampede(['run', '--execution-segment', '0:1/2', 'ext.js'], { cwd: dir });
  assert.equal(ext.code, 104);
  assert.match(ext.stderr, /scenarios\.x: an externally-controlled scenario cannot run on an execution segment/);
});
