import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coarsenTimeline } from './coarsen.ts';
import type { Timeline, TimelineSeries } from '../reports/index.ts';

const series = (metric: string, stat: string, values: number[], scope: TimelineSeries['scope'] = { kind: 'all' }): TimelineSeries =>
  ({ metric, stat, scope, points: values.map((v, i) => [(i + 1) * 1000, v] as [number, number]) });

const definitions = [
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  { name: 'vus', type: 'gauge', contains: 'default' },
] as const;

test('a timeline that fits is kept as it is', () => {
  const timeline: Timeline = { periodMs: 1000, startedAt: 0, series: [series('http_reqs', 'count', [1, 2, 3])] };
  assert.equal(coarsenTimeline({ timeline, definitions: [...definitions] }, 3), timeline);
});

test('merging periods: counts summed, counter rates over the longer period, max, last gauge value, request-weighted averages and rates', () => {
  const scope = { kind: 'scenario', name: 'api' } as const;
  const timeline: Timeline = {
    periodMs: 1000, startedAt: 0,
    series: [
      series('http_reqs', 'count', [10, 30, 20, 20], scope),
      series('http_reqs', 'rate', [10, 30, 20, 20], scope),
      series('http_req_duration', 'avg', [100, 20, 50, 50], scope),
      series('http_req_duration', 'max', [300, 40, 60, 55], scope),
      series('http_req_failed', 'rate', [0.5, 0, 0.1, 0.2], scope),
      series('vus', 'value', [1, 2, 3, 4]),
    ],
  };
  const coarse = coarsenTimeline({ timeline, definitions: [...definitions] }, 2);
  assert.equal(coarse.periodMs, 2000);
  const points = (metric: string, stat: string) => coarse.series.find((s) => s.metric === metric && s.stat === stat)!.points;
  assert.deepEqual(points('http_reqs', 'count'), [[2000, 40], [4000, 40]]);
  assert.deepEqual(points('http_reqs', 'rate'), [[2000, 20], [4000, 20]]);
  // (100·10 + 20·30) / 40 = 40: the average of all 40 requests, as if the period had been 2 s
  assert.deepEqual(points('http_req_duration', 'avg'), [[2000, 40], [4000, 50]]);
  assert.deepEqual(points('http_req_duration', 'max'), [[2000, 300], [4000, 60]]);
  assert.deepEqual(points('http_req_failed', 'rate'), [[2000, 5 / 40], [4000, 0.15]]);
  assert.deepEqual(points('vus', 'value'), [[2000, 2], [4000, 4]]);
  assert.deepEqual(coarse.series.find((s) => s.metric === 'http_reqs')!.scope, scope);
});

test('periods without samples stay empty; the last merged period may be partial', () => {
  const timeline: Timeline = { periodMs: 1000, startedAt: 0, series: [{ metric: 'http_reqs', stat: 'count', scope: { kind: 'all' }, points: [[1000, 1], [5000, 5]] }] };
  const coarse = coarsenTimeline({ timeline, definitions: [...definitions] }, 2);
  assert.equal(coarse.periodMs, 3000);
  assert.deepEqual(coarse.series[0].points, [[3000, 1], [6000, 5]]);
});
