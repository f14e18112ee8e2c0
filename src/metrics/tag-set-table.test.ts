import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';
import { TagSetTable } from './tag-set-table.ts';
import { sinkValues } from './sinks.ts';
import type { PipeBatch } from './types.ts';

/** A cut as it crosses the thread boundary. */
function posted(b: Batcher): PipeBatch {
  return structuredClone(b.cutForPipe()!);
}

test('the pipe form sends each tag set once; the table gives the store the same tags object every batch', () => {
  const b = new Batcher();
  b.define({ name: 'reqs', type: 'counter', contains: 'default' });
  b.define({ name: 'dur', type: 'trend', contains: 'time' });
  const table = new TagSetTable();
  b.addAll(['reqs', 'dur'], { name: 'a', status: '200' }, [1, 5]);
  b.addAll(['reqs', 'dur'], { name: 'b', status: '200' }, [1, 7]);
  const first = posted(b);
  assert.equal(first.tagSets.length, 2, 'two tag sets, each once though two metrics use it');
  const one = table.resolve(first);
  b.addAll(['reqs', 'dur'], { status: '200', name: 'a' }, [1, 6]);
  const second = posted(b);
  assert.deepEqual(second.tagSets, [], 'a tag set already sent is named by number only');
  const two = table.resolve(second);
  assert.deepEqual(two.series.map((s) => [s.metric, s.tags, s.sink.type]), [['reqs', { name: 'a', status: '200' }, 'counter'], ['dur', { name: 'a', status: '200' }, 'trend']]);
  assert.equal(two.series[0].tags, one.series.find((s) => s.tags.name === 'a')!.tags, 'the same object as in the first batch');
  assert.deepEqual(two.series[0].sink, { type: 'counter', sum: 1, count: 1 });
  assert.deepEqual(sinkValues(two.series[1].sink, { durationMs: 1000, trendStats: ['avg', 'max', 'count'] }), { avg: 6, max: 6, count: 1 });
});

test('a forgotten tag set is dropped from the table, and sent again under a new number when it comes back', () => {
  const b = new Batcher();
  b.define({ name: 'n', type: 'counter', contains: 'default' });
  const table = new TagSetTable();
  b.add('n', { url: '/once' }, 1, 0);
  table.resolve(posted(b));
  const dropped: number[] = [];
  for (let i = 0; i < 120; i++) {
    b.add('n', { url: '/hot' }, 1, 0);
    const batch = posted(b);
    dropped.push(...batch.droppedTagSets);
    table.resolve(batch);
  }
  assert.equal(dropped.length, 1, '/once was swept and its number dropped');
  assert.equal(table.size, 1, 'only /hot is left');
  b.add('n', { url: '/once' }, 2, 0);
  const back = posted(b);
  assert.equal(back.tagSets.length, 1);
  assert.notEqual(back.tagSets[0][0], dropped[0]);
  assert.deepEqual(table.resolve(back).series.map((s) => [s.tags.url, s.sink]), [['/once', { type: 'counter', sum: 2, count: 1 }]]);
});

test('a series naming a tag set its worker never sent is an error, not a series without tags', () => {
  const table = new TagSetTable();
  assert.throws(
    () => table.resolve({ definitions: [], time: 0, tagSets: [], droppedTagSets: [], metrics: ['n'], series: new Float64Array([0, 7, 0, 1, 1]) }),
    /metric "n": tag set #7 was never sent by its worker/,
  );
});

test('the pipe form carries definitions, raw points and the time as cut() does', () => {
  const b = new Batcher({ keepPoints: true });
  b.define({ name: 'vus', type: 'gauge', contains: 'default' });
  b.add('vus', { scenario: 's' }, 3, 100);
  const batch = new TagSetTable().resolve(posted(b));
  assert.deepEqual(batch.definitions, [{ name: 'vus', type: 'gauge', contains: 'default' }]);
  assert.deepEqual(batch.points, [{ metric: 'vus', tags: { scenario: 's' }, value: 3, time: 100 }]);
  assert.deepEqual(batch.series.map((s) => s.tags), [{ scenario: 's' }]);
});
