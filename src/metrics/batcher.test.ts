import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';
import { sinkValues } from './sinks.ts';

const duration = { durationMs: 1000, trendStats: ['avg', 'min', 'max', 'count'] };

test('aggregates per metric and tag set, regardless of tag order', () => {
  const b = new Batcher();
  b.define({ name: 'http_reqs', type: 'counter', contains: 'default' });
  b.add('http_reqs', { method: 'GET', status: '200' }, 1, 10);
  b.add('http_reqs', { status: '200', method: 'GET' }, 1, 11);
  b.add('http_reqs', { method: 'GET', status: '500' }, 1, 12);
  const batch = b.cut(1000)!;
  assert.equal(batch.time, 1000);
  assert.deepEqual(batch.definitions, [{ name: 'http_reqs', type: 'counter', contains: 'default' }]);
  assert.equal(batch.series.length, 2);
  const ok = batch.series.find((s) => s.tags.status === '200')!;
  assert.deepEqual(ok.sink, { type: 'counter', sum: 2, count: 2 });
  assert.equal(batch.points, undefined);
});

test('a cut resets: the next batch holds only what changed since', () => {
  const b = new Batcher();
  b.define({ name: 'lat', type: 'trend', contains: 'time' });
  b.define({ name: 'n', type: 'counter', contains: 'default' });
  b.add('lat', { a: '1' }, 5, 0);
  b.add('n', {}, 1, 0);
  b.cut();
  b.add('lat', { a: '1' }, 7, 0);
  const second = b.cut()!;
  assert.deepEqual(second.definitions, []);
  assert.equal(second.series.length, 1);
  assert.equal(second.series[0].metric, 'lat');
  assert.deepEqual(sinkValues(second.series[0].sink, duration), { avg: 7, min: 7, max: 7, count: 1 });
  assert.equal(b.cut(), undefined);
});

test('raw points are forwarded only with keepPoints', () => {
  const b = new Batcher({ keepPoints: true });
  b.define({ name: 'vus', type: 'gauge', contains: 'default' });
  b.add('vus', {}, 3, 100);
  b.add('vus', {}, 4, 200);
  const batch = b.cut()!;
  assert.deepEqual(batch.points, [
    { metric: 'vus', tags: {}, value: 3, time: 100 },
    { metric: 'vus', tags: {}, value: 4, time: 200 },
  ]);
  assert.deepEqual(sinkValues(batch.series[0].sink, duration), { value: 4, min: 3, max: 4 });
  assert.deepEqual(b.cut(), undefined);
});

test('adding to an undefined metric throws a clear error', () => {
  const b = new Batcher();
  assert.throws(() => b.add('nope', {}, 1, 0), /metric "nope" was not defined/);
});

test('redefining with the same type is a no-op; another type throws', () => {
  const b = new Batcher();
  b.define({ name: 'x', type: 'trend', contains: 'time' });
  b.define({ name: 'x', type: 'trend', contains: 'default' });
  assert.equal(b.cut()!.definitions.length, 1);
  assert.throws(() => b.define({ name: 'x', type: 'counter', contains: 'default' }), /"x" is already defined as a trend; it cannot also be a counter/);
});

test('batches survive structured cloning (they cross threads)', () => {
  const b = new Batcher();
  b.define({ name: 'lat', type: 'trend', contains: 'time' });
  for (let i = 1; i <= 100; i++) b.add('lat', { i: String(i % 3) }, i, i);
  const batch = b.cut()!;
  assert.deepEqual(structuredClone(batch), batch);
});

test('idle series are forgotten but come back when used again', () => {
  const b = new Batcher();
  b.define({ name: 'n', type: 'counter', contains: 'default' });
  b.add('n', { url: '/once' }, 1, 0);
  b.cut();
  for (let i = 0; i < 120; i++) {
    b.add('n', { url: '/hot' }, 1, 0);
    b.cut();
  }
  b.add('n', { url: '/once' }, 2, 0);
  const batch = b.cut()!;
  assert.deepEqual(batch.series.map((s) => [s.tags.url, s.sink]), [['/once', { type: 'counter', sum: 2, count: 1 }]]);
});

test('addAll records what the same add calls would, across cuts and tag sets', () => {
  const names = ['reqs', 'dur', 'bytes'];
  const viaAdd = new Batcher();
  const viaAll = new Batcher();
  for (const b of [viaAdd, viaAll]) {
    b.define({ name: 'reqs', type: 'counter', contains: 'default' });
    b.define({ name: 'dur', type: 'trend', contains: 'time' });
    b.define({ name: 'bytes', type: 'counter', contains: 'data' });
  }
  const rounds: [Record<string, string>, number[]][] = [
    [{ url: '/a' }, [1, 12.5, 300]], [{ url: '/a' }, [1, 7, 310]], [{ url: '/b' }, [1, 40, 90]], [{ url: '/a' }, [1, 9, 305]],
  ];
  const batches: [unknown, unknown][] = [];
  for (const [i, [tags, values]] of rounds.entries()) {
    names.forEach((n, k) => viaAdd.add(n, tags, values[k], 0));
    viaAll.addAll(names, { ...tags }, values);
    if (i % 2 === 1) batches.push([viaAdd.cut(1)!.series, viaAll.cut(1)!.series]);
  }
  for (const [a, b] of batches) assert.deepEqual(b, a);
});

test('addAll finds series again after idle ones were forgotten, and refuses gauges', () => {
  const b = new Batcher();
  b.define({ name: 'n', type: 'counter', contains: 'default' });
  b.define({ name: 'g', type: 'gauge', contains: 'default' });
  const names = ['n'];
  b.addAll(names, { url: '/x' }, [1]);
  b.cut();
  for (let i = 0; i < 120; i++) { b.add('n', { url: '/hot' }, 1, 0); b.cut(); } // '/x' is swept meanwhile
  b.addAll(names, { url: '/x' }, [5]);
  b.add('n', { url: '/x' }, 2, 0);
  const batch = b.cut()!;
  assert.deepEqual(batch.series.map((s) => [s.tags.url, s.sink]), [['/x', { type: 'counter', sum: 7, count: 2 }]], 'one series, not a forgotten copy beside a new one');
  assert.throws(() => b.addAll(['g'], {}, [1]), /addAll takes no gauge \("g"\)/);
});

test('metadata goes into the raw points only: it never splits a series', () => {
  const b = new Batcher({ keepPoints: true });
  b.define({ name: 'reqs', type: 'counter', contains: 'default' });
  b.define({ name: 'dur', type: 'trend', contains: 'time' });
  const tags = { url: '/a' };
  b.add('reqs', tags, 1, 100, { trace_id: 't1' });
  b.add('reqs', tags, 1, 200, { trace_id: 't2' });
  b.addAll(['reqs', 'dur'], tags, [1, 5], { trace_id: 't3' });
  b.add('reqs', tags, 1, 300);
  const batch = b.cut(1)!;
  assert.deepEqual(batch.series.map((s) => [s.metric, s.tags, s.sink.type === 'counter' ? s.sink.sum : s.sink.type]), [['reqs', tags, 4], ['dur', tags, 'trend']]);
  const points = batch.points!;
  assert.deepEqual(points.map((p) => p.metadata), [{ trace_id: 't1' }, { trace_id: 't2' }, { trace_id: 't3' }, { trace_id: 't3' }, undefined]);
  assert.equal('metadata' in points[4], false, 'a point without metadata has no metadata key');
  assert.deepEqual(structuredClone(batch).points, points, 'metadata crosses threads');
});

test('without keepPoints metadata is simply dropped', () => {
  const b = new Batcher();
  b.define({ name: 'reqs', type: 'counter', contains: 'default' });
  b.add('reqs', {}, 1, 0, { trace_id: 't1' });
  b.addAll(['reqs'], {}, [1], { trace_id: 't2' });
  const batch = b.cut(1)!;
  assert.equal(batch.points, undefined);
  assert.deepEqual(batch.series.map((s) => s.sink), [{ type: 'counter', sum: 2, count: 2 }]);
});
