/**
 * --workers (issue #5): scenarios split across worker threads divide VUs,
 * iterations and arrival rates exactly, and the combined summary has the
 * same totals a single worker would report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('with --workers 2 every executor keeps its exact counts and the summary its totals', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'split.js': `import http from 'k6/http';
import exec from 'k6/execution';
console.log('init vu=' + __VU);
const T = '${target.url}';
export const options = {
  scenarios: {
    pervu: { executor: 'per-vu-iterations', vus: 3, iterations: 10, exec: 'pervu' },
    shared: { executor: 'shared-iterations', vus: 4, iterations: 21, exec: 'shared' },
    open: { executor: 'constant-arrival-rate', rate: 50, duration: '3s', preAllocatedVUs: 4, exec: 'open' },
    ramp: { executor: 'ramping-arrival-rate', startRate: 10, stages: [{ duration: '2s', target: 30 }], preAllocatedVUs: 3, maxVUs: 6, exec: 'ramp' },
  },
};
export function pervu() { http.get(T + '/pervu'); }
export function shared() { http.get(T + '/shared?i=' + exec.scenario.iterationInTest); }
export function open() { http.get(T + '/open'); }
export function ramp() { http.get(T + '/ramp'); }
`,
    });
    const r = await stampede(['run', '--workers', '2', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'split.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.counts.get('/pervu'), 30);
    assert.equal(target.counts.get('/shared'), 21);
    const open = target.counts.get('/open') ?? 0;
    assert.ok(Math.abs(open - 150) <= 2, `constant-arrival-rate 50/s for 3 s across 2 workers started ${open}`);
    const ramp = target.counts.get('/ramp') ?? 0;
    assert.ok(Math.abs(ramp - 40) <= 2, `ramping-arrival-rate 10 -> 30 over 2 s across 2 workers started ${ramp}`);
    const s = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(s.metrics.http_reqs.count, target.total());
    assert.equal(s.metrics.iterations.count, target.total());
    assert.equal(s.metrics.vus_max.max, 3 + 4 + 4 + 3);
    // Init code runs once per VU plus once per worker (its setup VU): two workers, one more.
    const inits = r.stderr.split('\n').filter((l) => l.includes('init vu=0')).length;
    assert.equal(inits, 2, r.stderr);
  } finally {
    await target.close();
  }
});

test('never more workers than VUs; bad --workers values exit 104', async () => {
  const dir = await scriptDir({ 'one.js': `console.log('init vu=' + __VU);\nexport default function () {}\n` });
  const r = await stampede(['run', '--workers', '4', path.join(dir, 'one.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => l.includes('init vu=0')).length, 1, 'one VU, one worker');
  const bad = await stampede(['run', '--workers', '0', path.join(dir, 'one.js')]);
  assert.equal(bad.code, 104);
  assert.match(bad.stderr, /--workers: must be at least 1/);
});

test('a SharedArray is built once for the whole test and read by VUs on every worker', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'users.json': JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ name: `user${i}`, team: i % 5 }))),
      'shared.js': `import http from 'k6/http';
import { SharedArray } from 'k6/data';
import { check } from 'k6';
const users = new SharedArray('users', () => { console.log('building users'); return JSON.parse(open('./users.json')); });
export const options = { vus: 4, iterations: 40, thresholds: { checks: ['rate==1'] } };
export default function () {
  const u = users[(__VU * 7 + __ITER) % users.length];
  http.get('${target.url}/u/' + u.name);
  check(users, {
    'length': (a) => a.length === 50,
    'array methods': (a) => a.filter((x) => x.team === 0).length === 10 && a.map((x) => x.name)[49] === 'user49',
    'read-only': (a) => { try { a[0] = 1; return false; } catch (e) { return /read-only/.test(e.message); } },
  });
}
`,
    });
    const r = await stampede(['run', '--workers', '2', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'shared.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('building users')).length, 1, 'the builder ran once for both workers');
    const s = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(s.metrics.checks.passes, 120);
    assert.equal(target.total(), 40);
  } finally {
    await target.close();
  }
});
