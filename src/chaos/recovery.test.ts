import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, type MetricBatch } from '../metrics/index.ts';
import { RecoveryTracker } from './recovery.ts';
import { DEFAULT_RECOVERY } from './spec.ts';

const T0 = 1_000_000;

/** One second of load ending at `second`: `requests` requests, `failed` of them failed, each taking `ms`; `tags` as the workers tag them (fault=… inside a window). */
function second(at: number, requests: number, failed: number, ms: number, tags: Record<string, string> = {}): MetricBatch {
  const h = new Histogram();
  for (let i = 0; i < requests; i++) h.add(ms);
  return {
    definitions: [], time: T0 + at * 1000 + 500,
    series: [
      { metric: 'http_reqs', tags, sink: { type: 'counter', sum: requests, count: requests } },
      { metric: 'http_req_failed', tags, sink: { type: 'rate', trues: failed, total: requests } },
      { metric: 'http_req_duration', tags, sink: { type: 'trend', hist: h.toState() } },
    ],
  };
}

test('recovery time: from the end of the fault until a rolling window is back within 1 point of errors and 20 % of p95', () => {
  const recovered: [string, number, boolean][] = [];
  const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
  for (let s = 0; s < 40; s++) t.add(second(s, 100, 0, 50));
  t.opened('outage', 'redis down', 40_000, DEFAULT_RECOVERY);
  for (let s = 40; s < 50; s++) t.add(second(s, 100, 50, 400, { fault: 'outage' }));
  t.closed('outage', 50_000);
  // 7 more bad seconds after the fault, then normal again
  for (let s = 50; s < 57; s++) t.add(second(s, 100, 30, 300));
  for (let s = 57; s < 80; s++) {
    t.add(second(s, 100, 0, 52));
    t.check((s + 1) * 1000);
  }
  assert.deepEqual(recovered, [['outage', 7000, true]], 'the first all-normal 10 s window starts 7 s after the fault');
  t.finish(80_000);
  const [r] = t.reports(80_000);
  assert.deepEqual([r.before.requests, r.before.errorRate, r.during.requests, r.during.errorRate], [3000, 0, 1000, 0.5]);
  assert.ok(Math.abs(r.before.p95 - 50) < 1 && Math.abs(r.during.p95 - 400) < 4, `${r.before.p95} ${r.during.p95}`);
  assert.equal(r.after.requests, 3000);
  assert.deepEqual([r.recoveryMs, r.recovered], [7000, true]);
});

test('a load that never recovers by the end gets the time it waited, flagged not recovered', () => {
  const recovered: [string, number, boolean][] = [];
  const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
  for (let s = 0; s < 10; s++) t.add(second(s, 10, 0, 20));
  t.opened('db', 'db down', 10_000, DEFAULT_RECOVERY);
  for (let s = 10; s < 30; s++) { t.add(second(s, 10, 5, 20, s < 15 ? { fault: 'db' } : {})); t.check((s + 1) * 1000); }
  t.closed('db', 15_000);
  t.finish(30_000);
  assert.deepEqual(recovered, [['db', 15_000, false]]);
});

test('a fast target\'s p95 counts as back within 20 % plus 5 ms: sub-millisecond noise is no slow recovery, a real slowdown still is', () => {
  const run = (afterMs: number) => {
    const recovered: [string, number, boolean][] = [];
    const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
    for (let s = 0; s < 10; s++) t.add(second(s, 100, 0, 0.5));
    t.opened('blip', 'proxy down', 10_000, { ...DEFAULT_RECOVERY, windowMs: 2000 });
    t.add(second(10, 100, 100, 0.5, { fault: 'blip' }));
    t.closed('blip', 11_000);
    for (let s = 11; s < 20; s++) { t.add(second(s, 100, 0, afterMs)); t.check((s + 1) * 1000); }
    t.finish(20_000);
    return recovered[0];
  };
  // 0.5 ms before, 1.5 ms after: three times slower, but within 5 ms of it
  assert.deepEqual(run(1.5), ['blip', 0, true]);
  // 0.5 ms before, 8 ms after: not back
  assert.deepEqual(run(8), ['blip', 9000, false]);
});
