import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, type MetricBatch, type SeriesState } from '../metrics/index.ts';
import { TimelineCollector, periodFor } from './timeline.ts';

const START = 1_000_000;

function counter(metric: string, tags: Record<string, string>, sum: number): SeriesState {
  return { metric, tags, sink: { type: 'counter', sum, count: sum } };
}

function trend(metric: string, tags: Record<string, string>, values: number[]): SeriesState {
  const h = new Histogram();
  for (const v of values) h.add(v);
  return { metric, tags, sink: { type: 'trend', hist: h.toState() } };
}

function batch(atMs: number, series: SeriesState[]): MetricBatch {
  return {
    definitions: [{ name: 'http_reqs', type: 'counter', contains: 'default' }, { name: 'http_req_duration', type: 'trend', contains: 'time' }],
    series, time: START + atMs,
  };
}

test('one point per period per series, overall and per scenario and group; counters as a per-second rate', () => {
  const c = new TimelineCollector(START, 1000);
  c.add(batch(100, [counter('http_reqs', { scenario: 'browse', group: '' }, 4), counter('http_reqs', { scenario: 'api', group: '::login' }, 6)]));
  c.add(batch(900, [counter('http_reqs', { scenario: 'browse', group: '' }, 10)]));
  c.add(batch(1500, [counter('http_reqs', { scenario: 'api', group: '::login' }, 3)]));
  c.add(batch(2500, [trend('http_req_duration', { scenario: 'api' }, [10, 20, 30, 40])]));
  const t = c.finish();
  const find = (stat: string, scope: string) => t.series.find((s) => s.metric === 'http_reqs' && s.stat === stat && (s.scope.kind === 'all' ? 'all' : `${s.scope.kind}=${s.scope.name}`) === scope)!;
  assert.deepEqual(find('rate', 'all').points, [[1000, 20], [2000, 3]]);
  assert.deepEqual(find('count', 'scenario=browse').points, [[1000, 14]]);
  assert.deepEqual(find('count', 'scenario=api').points, [[1000, 6], [2000, 3]]);
  assert.deepEqual(find('count', 'group=::login').points, [[1000, 6], [2000, 3]]);
  const p95 = t.series.find((s) => s.metric === 'http_req_duration' && s.stat === 'p(95)' && s.scope.kind === 'all')!;
  assert.equal(p95.points.length, 1);
  assert.equal(p95.points[0][0], 3000);
  assert.ok(p95.points[0][1] > 30 && p95.points[0][1] <= 40.2, `p95 ${p95.points[0][1]}`);
});

test('a batch arriving just after its period began still counts in it; closed periods are streamed', () => {
  const c = new TimelineCollector(START, 1000);
  const streamed: number[] = [];
  c.onPeriod((closed) => { for (const s of closed.series) if (s.stat === 'count' && s.scope.kind === 'all') streamed.push(...s.points.map((p) => p[1])); });
  c.add(batch(950, [counter('http_reqs', {}, 1)]));
  c.add(batch(1050, [counter('http_reqs', {}, 2)])); // period 1
  c.add(batch(999, [counter('http_reqs', {}, 4)])); // a late batch of another worker, period 0 still open
  c.add(batch(3100, [counter('http_reqs', {}, 8)])); // closes periods 0 and 1
  assert.deepEqual(streamed, [5, 2]);
  c.finish();
  assert.deepEqual(streamed, [5, 2, 8]);
});

test('runs longer than 600 s get longer periods; unbounded runs get 1 s', () => {
  assert.equal(periodFor(20_000), 1000);
  assert.equal(periodFor(600_000), 1000);
  assert.equal(periodFor(3_600_000), 6000);
  assert.equal(periodFor(Infinity), 1000);
});

test('the last, shorter period ends with the run and its rate divides by its real length; a sliver joins the period before', () => {
  const rateOf = (endAt: number) => {
    const c = new TimelineCollector(START, 1000);
    c.add(batch(500, [counter('http_reqs', {}, 10)]));
    c.add(batch(1100, [counter('http_reqs', {}, 7)]));
    const t = c.finish(START + endAt);
    return t.series.find((s) => s.metric === 'http_reqs' && s.stat === 'rate' && s.scope.kind === 'all')!.points;
  };
  assert.deepEqual(rateOf(1700), [[1000, 10], [1700, 10]]);
  assert.deepEqual(rateOf(1250), [[1250, 17 / 1.25]]);
});

test("a probe's series stay apart by their tags (one line per BullMQ state); other metrics merge their tag sets", () => {
  const gauge = (metric: string, tags: Record<string, string>, last: number): SeriesState => ({ metric, tags, sink: { type: 'gauge', last, min: last, max: last, lastTime: 1, count: 1, first: last, firstTime: 1 } });
  const c = new TimelineCollector(START, 1000);
  c.add({ definitions: [{ name: 'probe_jobs', type: 'gauge', contains: 'default' }, { name: 'vus', type: 'gauge', contains: 'default' }], time: START + 500,
    series: [gauge('probe_jobs', { state: 'waiting' }, 40), gauge('probe_jobs', { state: 'completed' }, 7), gauge('vus', { a: '1' }, 3), gauge('vus', { a: '2' }, 5)] });
  const t = c.finish();
  const jobs = t.series.filter((s) => s.metric === 'probe_jobs' && s.stat === 'value');
  assert.deepEqual(jobs.map((s) => [s.tags, s.points]), [[{ state: 'waiting' }, [[1000, 40]]], [{ state: 'completed' }, [[1000, 7]]]]);
  const vus = t.series.filter((s) => s.metric === 'vus' && s.stat === 'value');
  assert.equal(vus.length, 1);
  assert.equal(vus[0].tags, undefined);
});
