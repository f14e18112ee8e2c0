import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, histogramOf, type SeriesState } from '../../metrics/index.ts';
import { SeriesTable } from './series.ts';

const counter = (sum: number, tags = { status: '200' }): SeriesState => ({ metric: 'http_reqs', tags, sink: { type: 'counter', sum, count: sum } });

test('deltas accumulate per series; tag order does not make a new series', () => {
  const t = new SeriesTable();
  t.merge([counter(3), counter(2, { status: '500' })]);
  t.merge([{ metric: 'http_reqs', tags: { status: '200' }, sink: { type: 'counter', sum: 4, count: 4 } }]);
  const all = [...t.all()];
  assert.equal(all.length, 2);
  assert.deepEqual(all[0].sink.toState(), { type: 'counter', sum: 7, count: 7 });
  assert.deepEqual(all[1].sink.toState(), { type: 'counter', sum: 2, count: 2 });
  const a = { metric: 'm', tags: { a: '1', b: '2' }, sink: { type: 'counter', sum: 1, count: 1 } } as SeriesState;
  const b = { metric: 'm', tags: { b: '2', a: '1' }, sink: { type: 'counter', sum: 1, count: 1 } } as SeriesState;
  t.merge([a, b]);
  assert.equal(t.size, 3);
});

test('trends merge their histograms; the changed set empties after each take', () => {
  const t = new SeriesTable();
  const trend = (values: number[]): SeriesState => {
    const h = new Histogram();
    for (const v of values) h.add(v);
    return { metric: 'http_req_duration', tags: {}, sink: { type: 'trend', hist: h.toState() } };
  };
  t.merge([trend([1, 2])]);
  assert.equal(t.takeChanged().length, 1);
  assert.equal(t.takeChanged().length, 0);
  t.merge([trend([10])]);
  const [s] = t.takeChanged();
  const h = histogramOf(s.sink)!;
  assert.deepEqual([h.count, h.sum, h.min, h.max], [3, 13, 1, 10]);
});

test('a delta of another type for a known series is ignored, not thrown', () => {
  const t = new SeriesTable();
  t.merge([counter(1)]);
  t.merge([{ metric: 'http_reqs', tags: { status: '200' }, sink: { type: 'rate', trues: 1, total: 1 } }]);
  assert.deepEqual([...t.all()][0].sink.toState(), { type: 'counter', sum: 1, count: 1 });
});

test('k6 tag sets that Prometheus cannot tell apart are combined into one series', () => {
  const t = new SeriesTable();
  t.merge([
    { metric: 'http_reqs', tags: { status: '200', group: '' }, sink: { type: 'counter', sum: 2, count: 2 } },
    { metric: 'http_reqs', tags: { status: '200' }, sink: { type: 'counter', sum: 3, count: 3 } },
    { metric: 'http_reqs', tags: { status: '200', 'a-b': 'x' }, sink: { type: 'counter', sum: 1, count: 1 } },
    { metric: 'http_reqs', tags: { status: '200', a_b: 'x' }, sink: { type: 'counter', sum: 1, count: 1 } },
  ]);
  const all = [...t.all()];
  assert.deepEqual(all.map((s) => [s.tags, s.sink.toState()]), [
    [{ status: '200' }, { type: 'counter', sum: 5, count: 5 }],
    [{ a_b: 'x', status: '200' }, { type: 'counter', sum: 2, count: 2 }],
  ]);
  assert.equal(t.takeChanged().length, 2);
});
