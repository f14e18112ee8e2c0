import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, type MetricBatch } from '../metrics/index.ts';
import { RecoveryTracker } from './recovery.ts';
import { DEFAULT_RECOVERY } from './spec.ts';

const T0 = 1_000_000;

/**
 * One second of load, the second from `at` s to `at + 1` s, as the workers
 * post it: ten batches of 100 ms, `requests` requests in all, `failed` of
 * them failed, each taking `ms`; `tags` as the workers tag them (fault=…
 * inside a window).
 */
function second(at: number, requests: number, failed: number, ms: number, tags: Record<string, string> = {}): MetricBatch[] {
  const batches: MetricBatch[] = [];
  for (let i = 0; i < 10; i++) {
    const n = requests / 10;
    const h = new Histogram();
    for (let k = 0; k < n; k++) h.add(ms);
    batches.push({
      definitions: [], time: T0 + at * 1000 + (i + 1) * 100,
      series: [
        { metric: 'http_reqs', tags, sink: { type: 'counter', sum: n, count: n } },
        { metric: 'http_req_failed', tags, sink: { type: 'rate', trues: failed / 10, total: n } },
        { metric: 'http_req_duration', tags, sink: { type: 'trend', hist: h.toState() } },
      ],
    });
  }
  return batches;
}

/** Feeds one second of load into the tracker. */
function feed(t: RecoveryTracker, batches: MetricBatch[]): void {
  for (const b of batches) t.add(b);
}

test('recovery time: from the end of the fault until a rolling window is back within 1 point of errors and 20 % of p95', () => {
  const recovered: [string, number, boolean][] = [];
  const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
  for (let s = 0; s < 40; s++) feed(t, second(s, 100, 0, 50));
  t.opened('outage', 'redis down', 40_000, DEFAULT_RECOVERY);
  for (let s = 40; s < 50; s++) feed(t, second(s, 100, 50, 400, { fault: 'outage' }));
  t.closed('outage', 50_000);
  // 7 more seconds after the fault where every request fails, then normal again
  for (let s = 50; s < 57; s++) feed(t, second(s, 100, 100, 300));
  for (let s = 57; s < 80; s++) {
    feed(t, second(s, 100, 0, 52));
    t.check((s + 1) * 1000);
  }
  // to the 100 ms batch: the first 10 s window within 1 point of the baseline's errors starts 6.9 s
  // after the fault, its first 100 ms (1 % of its requests) still failing
  assert.deepEqual(recovered, [['outage', 6900, true]]);
  t.finish(80_000);
  const [r] = t.reports(80_000);
  assert.deepEqual([r.before.requests, r.before.errorRate, r.during.requests, r.during.errorRate], [3000, 0, 1000, 0.5]);
  assert.ok(Math.abs(r.before.p95 - 50) < 1 && Math.abs(r.during.p95 - 400) < 4, `${r.before.p95} ${r.during.p95}`);
  assert.equal(r.after.requests, 3000);
  assert.deepEqual([r.recoveryMs, r.recovered], [6900, true]);
});

test('a load that never recovers by the end gets the time it waited, flagged not recovered', () => {
  const recovered: [string, number, boolean][] = [];
  const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
  for (let s = 0; s < 10; s++) feed(t, second(s, 10, 0, 20));
  t.opened('db', 'db down', 10_000, DEFAULT_RECOVERY);
  for (let s = 10; s < 30; s++) { feed(t, second(s, 10, 5, 20, s < 15 ? { fault: 'db' } : {})); t.check((s + 1) * 1000); }
  t.closed('db', 15_000);
  t.finish(30_000);
  assert.deepEqual(recovered, [['db', 15_000, false]]);
});

test('a fast target\'s p95 counts as back within 20 % plus 5 ms: sub-millisecond noise is no slow recovery, a real slowdown still is', () => {
  const run = (afterMs: number) => {
    const recovered: [string, number, boolean][] = [];
    const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
    for (let s = 0; s < 10; s++) feed(t, second(s, 100, 0, 0.5));
    t.opened('blip', 'proxy down', 10_000, { ...DEFAULT_RECOVERY, windowMs: 2000 });
    feed(t, second(10, 100, 100, 0.5, { fault: 'blip' }));
    t.closed('blip', 11_000);
    for (let s = 11; s < 20; s++) { feed(t, second(s, 100, 0, afterMs)); t.check((s + 1) * 1000); }
    t.finish(20_000);
    return recovered[0];
  };
  // 0.5 ms before, 1.5 ms after: three times slower, but within 5 ms of it
  assert.deepEqual(run(1.5), ['blip', 0, true]);
  // 0.5 ms before, 8 ms after: not back
  assert.deepEqual(run(8), ['blip', 9000, false]);
});

test('a window opening late in a long run still takes exactly the 30 s before it as its baseline once the tracker has dropped older load', () => {
  const t = new RecoveryTracker(T0, () => {});
  // ten minutes: 10 requests a second, the first nine minutes failing, the last minute fine
  for (let s = 0; s < 600; s++) { feed(t, second(s, 10, s < 540 ? 10 : 0, 20)); t.check((s + 1) * 1000); }
  t.opened('late', 'cache flush', 600_000, DEFAULT_RECOVERY);
  t.closed('late', 601_000);
  t.finish(601_000);
  const [r] = t.reports(601_000);
  assert.deepEqual([r.before.requests, r.before.errorRate], [300, 0]);
});

test('a recovery window is whole batch periods: 150 ms counts as 200 ms, so one failing batch in it keeps the load from being back', () => {
  const recovered: [string, number, boolean][] = [];
  const t = new RecoveryTracker(T0, (f, ms, ok) => recovered.push([f, ms, ok]));
  for (let s = 0; s < 10; s++) feed(t, second(s, 100, 0, 5));
  t.opened('blip', 'proxy down', 10_000, { ...DEFAULT_RECOVERY, windowMs: 150 });
  feed(t, second(10, 100, 100, 5, { fault: 'blip' }));
  t.closed('blip', 11_000);
  // after the fault: 100 ms fine, 100 ms failing, then fine
  const after = second(11, 100, 0, 5);
  after[1].series[1].sink = { type: 'rate', trues: 10, total: 10 };
  feed(t, after);
  feed(t, second(12, 100, 0, 5));
  t.finish(13_000);
  // 11.0-11.2 s holds the failing batch; 11.1-11.3 s does too; 11.2-11.4 s is the first window back
  assert.deepEqual(recovered, [['blip', 200, true]]);
});
