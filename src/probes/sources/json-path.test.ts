import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonPath, readJsonPath } from './json-path.ts';

test('parseJsonPath splits dots and bracketed indexes', () => {
  assert.deepEqual(parseJsonPath('queue.depth'), ['queue', 'depth']);
  assert.deepEqual(parseJsonPath('items.0.count'), ['items', '0', 'count']);
  assert.deepEqual(parseJsonPath('items[0].count'), ['items', '0', 'count']);
  assert.throws(() => parseJsonPath(''), /json path "": expected dotted field names/);
  assert.throws(() => parseJsonPath('a..b'), /json path "a..b"/);
});

test('readJsonPath finds numbers, numeric strings and booleans', () => {
  const doc = { queue: { depth: 12, lag: '3.5', paused: true, ok: false }, items: [{ count: 4 }, { count: 5 }] };
  assert.equal(readJsonPath(doc, 'queue.depth'), 12);
  assert.equal(readJsonPath(doc, 'queue.lag'), 3.5);
  assert.equal(readJsonPath(doc, 'queue.paused'), 1);
  assert.equal(readJsonPath(doc, 'queue.ok'), 0);
  assert.equal(readJsonPath(doc, 'items.1.count'), 5);
  assert.equal(readJsonPath(doc, 'items[0].count'), 4);
  assert.equal(readJsonPath(doc, 'items.length'), 2);
});

test('readJsonPath says which field is missing and what is there', () => {
  const doc = { a: 1, b: 2, c: { d: 3 } };
  assert.throws(() => readJsonPath(doc, 'queue.depth'), { message: 'json path queue.depth: no such field in the response (fields: a, b, c)' });
  assert.throws(() => readJsonPath(doc, 'c.e'), { message: 'json path c.e: no such field in c (fields: d)' });
  assert.throws(() => readJsonPath({ items: [1] }, 'items.3'), { message: 'json path items.3: no such field in items (an array of 1 items)' });
  assert.throws(() => readJsonPath(doc, 'a.b'), { message: 'json path a.b: no such field in a (number 1, not an object)' });
});

test('readJsonPath refuses what is not a number', () => {
  const doc = { s: 'busy', n: null, o: { x: 1 }, e: '' };
  assert.throws(() => readJsonPath(doc, 's'), { message: 'json path s: expected a number, found the string "busy"' });
  assert.throws(() => readJsonPath(doc, 'n'), { message: 'json path n: expected a number, found null' });
  assert.throws(() => readJsonPath(doc, 'o'), { message: 'json path o: expected a number, found an object' });
  assert.throws(() => readJsonPath(doc, 'e'), /expected a number, found the string ""/);
});
