import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';
import { MetricStore, OVERFLOW_TAGS } from './store.ts';
import { sinkValues, type SinkView } from './sinks.ts';
import type { Tags } from './types.ts';

const opts = { durationMs: 10_000, trendStats: ['avg', 'min', 'max', 'count'] };
const values = (s: SinkView | undefined) => (s ? sinkValues(s, opts) : undefined);

function worker(): Batcher {
  const b = new Batcher();
  b.define({ name: 'http_req_duration', type: 'trend', contains: 'time' });
  b.define({ name: 'http_reqs', type: 'counter', contains: 'default' });
  return b;
}

test('round trip: two workers through batches equal one store view', () => {
  const store = new MetricStore();
  const w1 = worker();
  const w2 = worker();
  w1.add('http_req_duration', { status: '200', method: 'GET' }, 10, 0);
  w1.add('http_req_duration', { status: '500', method: 'GET' }, 30, 0);
  w2.add('http_req_duration', { method: 'GET', status: '200' }, 20, 0);
  w2.add('http_reqs', { status: '200' }, 1, 0);
  store.merge(w1.cut()!);
  store.merge(w2.cut()!);
  w1.add('http_req_duration', { status: '200', method: 'GET' }, 40, 0);
  store.merge(w1.cut()!);

  assert.deepEqual(store.definitions().map((d) => d.name), ['http_req_duration', 'http_reqs']);
  assert.deepEqual(store.definition('http_req_duration'), { name: 'http_req_duration', type: 'trend', contains: 'time' });
  assert.deepEqual(values(store.total('http_req_duration')), { avg: 25, min: 10, max: 40, count: 4 });
  assert.deepEqual(values(store.matching('http_req_duration', { status: '200' })), { avg: 70 / 3, min: 10, max: 40, count: 3 });
  assert.deepEqual(values(store.matching('http_req_duration', { status: '200', method: 'GET' })), { avg: 70 / 3, min: 10, max: 40, count: 3 });
  assert.equal(store.matching('http_req_duration', { status: '404' }), undefined);
  assert.deepEqual(values(store.matching('http_req_duration', {})), values(store.total('http_req_duration')));
  assert.equal(store.series('http_req_duration').length, 2);
  assert.deepEqual(values(store.total('http_reqs')), { count: 1, rate: 0.1 });
});

test('unknown metrics: undefined totals and empty series', () => {
  const store = new MetricStore();
  assert.equal(store.total('nope'), undefined);
  assert.equal(store.matching('nope', { a: 'b' }), undefined);
  assert.deepEqual(store.series('nope'), []);
  assert.equal(store.definition('nope'), undefined);
});

test('a defined metric without samples has no total', () => {
  const store = new MetricStore();
  store.merge({ definitions: [{ name: 'x', type: 'rate', contains: 'default' }], series: [], time: 0 });
  assert.equal(store.total('x'), undefined);
  assert.equal(store.definitions().length, 1);
});

test('conflicting definitions throw', () => {
  const store = new MetricStore();
  store.merge({ definitions: [{ name: 'x', type: 'rate', contains: 'default' }], series: [], time: 0 });
  assert.throws(
    () => store.merge({ definitions: [{ name: 'x', type: 'trend', contains: 'time' }], series: [], time: 0 }),
    /"x" is already defined as a rate/,
  );
});

test('tag sets past the cap fold into an overflow series; totals stay complete', () => {
  const store = new MetricStore({ maxSeriesPerMetric: 3 });
  const b = worker();
  for (let i = 0; i < 10; i++) b.add('http_reqs', { method: 'GET', url: `/item/${i}` }, 1, 0);
  b.add('http_req_duration', { url: '/a' }, 1, 0);
  store.merge(b.cut()!);
  const series = store.series('http_reqs');
  assert.equal(series.length, 4);
  assert.deepEqual(series[3].tags, OVERFLOW_TAGS);
  assert.deepEqual({ ...series[3].sink }, { type: 'counter', sum: 7, count: 7 });
  assert.deepEqual(values(store.total('http_reqs')), { count: 10, rate: 1 });
  assert.deepEqual(values(store.matching('http_reqs', { url: '/item/1' })), { count: 1, rate: 0.1 });
  assert.deepEqual(values(store.matching('http_reqs', { method: 'GET' })), { count: 3, rate: 0.3 });
  assert.equal(store.matching('http_reqs', { url: '/item/9' }), undefined);
  const warnings = store.warnings();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /metric "http_reqs" has more than 3 distinct tag sets \(tag "url" alone has 3 values\)/);
  assert.match(warnings[0], /"name" tag/);
  assert.match(warnings[0], /http\.url/);
});

test('a series of an undeclared metric defines it from its sink type', () => {
  const store = new MetricStore();
  store.merge({ definitions: [], series: [{ metric: 'c', tags: {}, sink: { type: 'counter', sum: 2, count: 1 } }], time: 0 });
  assert.deepEqual(store.definition('c'), { name: 'c', type: 'counter', contains: 'default' });
  store.merge({ definitions: [{ name: 'c', type: 'counter', contains: 'data' }], series: [], time: 1 });
  assert.deepEqual(store.definition('c'), { name: 'c', type: 'counter', contains: 'data' });
  store.merge({ definitions: [{ name: 'c', type: 'counter', contains: 'time' }], series: [], time: 2 });
  assert.equal(store.definition('c')?.contains, 'data');
});

test('a submetric asked for once is kept up to date: later batches land in it as in a fresh merge of the series', () => {
  const store = new MetricStore({ maxSeriesPerMetric: 4 });
  const b = worker();
  const fresh = new MetricStore({ maxSeriesPerMetric: 4 });
  const both = (batch: ReturnType<Batcher['cut']>) => { store.merge(batch!); fresh.merge(structuredClone(batch!)); };
  b.add('http_req_duration', { status: '200', url: '/a' }, 10, 0);
  b.add('http_req_duration', { status: '500', url: '/b' }, 99, 0);
  both(b.cut());
  assert.deepEqual(values(store.matching('http_req_duration', { status: '200' })), { avg: 10, min: 10, max: 10, count: 1 });
  assert.equal(store.matching('http_req_duration', { status: '404' }), undefined);
  for (let i = 0; i < 6; i++) b.add('http_req_duration', { status: i % 2 === 0 ? '200' : '404', url: `/c${i}` }, 20 + i, 0);
  both(b.cut());
  const filters: Tags[] = [{ status: '200' }, { status: '404' }, { status: '500' }, { url: '/c4' }];
  for (const filter of filters) {
    assert.deepEqual(values(store.matching('http_req_duration', filter)), values(fresh.matching('http_req_duration', filter)), JSON.stringify(filter));
  }
  // tag sets past the cap went to the overflow series: no submetric counts them, asked for before or after
  assert.equal(store.matching('http_req_duration', { url: '/c4' }), undefined);
  assert.equal(values(store.matching('http_req_duration', { status: '200' }))!.count, 2);
});

test('queries hand out the live sinks: total() is the same object batch after batch, not a copy', () => {
  const store = new MetricStore();
  const b = worker();
  b.add('http_req_duration', { status: '200' }, 10, 0);
  store.merge(b.cut()!);
  const first = store.total('http_req_duration');
  b.add('http_req_duration', { status: '200' }, 30, 0);
  store.merge(b.cut()!);
  assert.equal(store.total('http_req_duration'), first);
  assert.deepEqual(values(first), { avg: 20, min: 10, max: 30, count: 2 });
});
