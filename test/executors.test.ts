/**
 * Issue #3's executor acceptance: each executor's counts against k6's
 * documented semantics, measured where a user would see them — what the
 * server counted and the summary export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';
import { rampingVUsAt } from '../src/config/index.ts';

async function exported(dir: string): Promise<{ metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }> }> {
  return JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
}

test('four scenarios at once: per-scenario counts as configured, thresholds on {scenario:x} and {group:::a::b} see only their samples', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'four.js': `import http from 'k6/http';
import { group, sleep } from 'k6';
const T = '${target.url}';
export const options = {
  scenarios: {
    browse: { executor: 'constant-vus', vus: 2, duration: '3s', exec: 'browse' },
    ci: { executor: 'constant-arrival-rate', rate: 50, duration: '4s', preAllocatedVUs: 5, exec: 'ci' },
    batch: { executor: 'shared-iterations', vus: 2, iterations: 20, exec: 'batch' },
    probe: { executor: 'per-vu-iterations', vus: 3, iterations: 10, startTime: '1s', exec: 'probe' },
  },
  thresholds: {
    'http_reqs{scenario:batch}': ['count==20'],
    'http_reqs{scenario:probe}': ['count==30'],
    'iterations{scenario:ci}': ['count>=198', 'count<=202'],
    'http_reqs{group:::a::b}': ['count==30'],
    'group_duration{group:::a::b}': ['max<1000'],
  },
};
export function browse() { http.get(T + '/browse'); sleep(0.1); }
export function ci() { http.get(T + '/ci'); }
export function batch() { http.get(T + '/batch'); }
export function probe() { group('a', () => { group('b', () => { http.get(T + '/probe'); }); }); }
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), path.join(dir, 'four.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(target.counts.get('/batch'), 20);
    assert.equal(target.counts.get('/probe'), 30);
    const ci = target.counts.get('/ci') ?? 0;
    assert.ok(ci >= 198 && ci <= 202, `constant-arrival-rate 50/s for 4 s started ${ci} iterations`);
    assert.ok((target.counts.get('/browse') ?? 0) > 20, 'constant-vus ran');
    const { metrics } = await exported(dir);
    assert.equal(metrics['http_reqs{scenario:batch}'].count, 20);
    assert.equal(metrics['http_reqs{scenario:probe}'].count, 30);
    assert.equal(metrics['http_reqs{group:::a::b}'].count, 30);
    assert.equal(metrics['iterations{scenario:ci}'].count, ci);
    assert.equal(metrics.http_reqs.count, target.total());
    assert.match(r.stdout, /✓ 'count==20' count=20/);
  } finally {
    await target.close();
  }
});

test('ramping-arrival-rate 20 -> 50 (2 s) -> 120 (3 s) -> 20 (1 s) starts 395 +-4 iterations', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'rar.js': `import http from 'k6/http';
export const options = { scenarios: { rar: { executor: 'ramping-arrival-rate', startRate: 20, timeUnit: '1s', preAllocatedVUs: 10, maxVUs: 50,
  stages: [{ duration: '2s', target: 50 }, { duration: '3s', target: 120 }, { duration: '1s', target: 20 }] } } };
export default function () { http.get('${target.url}/rar'); }
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), path.join(dir, 'rar.js')]);
    assert.equal(r.code, 0, r.stderr);
    const n = target.counts.get('/rar') ?? 0;
    assert.ok(Math.abs(n - 395) <= 4, `${n} iterations`);
    const { metrics } = await exported(dir);
    assert.equal(metrics.iterations.count, n);
  } finally {
    await target.close();
  }
});

test('too small a maxVUs drops iterations, counts them in dropped_iterations and warns once', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'small.js': `import http from 'k6/http';
export const options = { scenarios: { tight: { executor: 'constant-arrival-rate', rate: 100, duration: '2s', preAllocatedVUs: 1, maxVUs: 2 } } };
export default function () { http.get('${target.url}/slow'); }
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), path.join(dir, 'small.js')]);
    assert.equal(r.code, 0, r.stderr);
    const { metrics } = await exported(dir);
    const served = target.counts.get('/slow') ?? 0;
    // 2 VUs on a 50 ms endpoint manage ~40 of the 200 scheduled iterations
    assert.ok(served < 100, `${served} served`);
    assert.equal(metrics.dropped_iterations.count + metrics.iterations.count, 200);
    assert.equal(metrics.vus_max.max, 2);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('Insufficient VUs, reached 2 active VUs and cannot initialize more'));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0], /scenario=tight/);
  } finally {
    await target.close();
  }
});

test('constant-arrival-rate 1,000/s for 10 s against 50 ms latency starts 10,000 +-0.5 % iterations with 60 pre-allocated VUs', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'rate.js': `import http from 'k6/http';
export const options = { discardResponseBodies: true, scenarios: { open: { executor: 'constant-arrival-rate', rate: 1000, duration: '10s', preAllocatedVUs: 60, maxVUs: 200 } } };
export default function () { http.get('${target.url}/slow'); }
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), path.join(dir, 'rate.js')]);
    assert.equal(r.code, 0, r.stderr);
    const served = target.counts.get('/slow') ?? 0;
    assert.ok(Math.abs(served - 10_000) <= 50, `${served} iterations started`);
    const { metrics } = await exported(dir);
    assert.equal(metrics.iterations.count, served);
    assert.equal((metrics.dropped_iterations?.count ?? 0) + served, 10_000);
    // how late iterations started against their schedule: recorded for each started one, small on an idle machine
    assert.ok(metrics.iteration_lateness.med < 5, `median lateness ${metrics.iteration_lateness.med} ms`);
    assert.ok(metrics.iteration_lateness.avg >= 0);
  } finally {
    await target.close();
  }
});

test('ramping-vus stays within 1 VU of the stage curve at each second, as the server sees distinct VUs', async () => {
  const seen = new Map<number, Set<string>>();
  const t0 = { at: 0 };
  const target = await startTarget({
    '/start': (_req, res) => { if (!t0.at) t0.at = Date.now(); res.end('ok'); },
    '/vu': (req, res) => {
      const second = Math.floor((Date.now() - t0.at) / 1000);
      const vu = new URL(req.url ?? '', 'http://x').searchParams.get('id') ?? '';
      if (!seen.has(second)) seen.set(second, new Set());
      seen.get(second)!.add(vu);
      res.end('ok');
    },
  });
  try {
    const stages = [{ duration: '3s', target: 6 }, { duration: '2s', target: 6 }, { duration: '2s', target: 2 }];
    const dir = await scriptDir({
      'rv.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { rv: { executor: 'ramping-vus', startVUs: 0, gracefulRampDown: '0s', stages: ${JSON.stringify(stages)} } } };
export function setup() { http.get('${target.url}/start'); }
export default function () { http.get('${target.url}/vu?id=' + __VU); sleep(0.1); }
`,
    });
    const r = await stampede(['run', path.join(dir, 'rv.js')]);
    assert.equal(r.code, 0, r.stderr);
    const curve = stages.map((s) => ({ durationMs: Number.parseInt(s.duration) * 1000, target: s.target }));
    for (let s = 0; s < 7; s++) {
      // VUs that could be active at some point of second s: the curve's range over it
      let lo = Infinity;
      let hi = 0;
      for (let ms = s * 1000; ms < (s + 1) * 1000; ms += 50) {
        const v = rampingVUsAt(curve, 0, ms);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const n = seen.get(s)?.size ?? 0;
      assert.ok(n >= lo - 1 && n <= hi + 1, `second ${s}: ${n} VUs seen, curve ${lo}..${hi}`);
    }
  } finally {
    await target.close();
  }
});
