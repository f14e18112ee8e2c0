import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagKey, TagKeyInterner } from './tag-set.ts';
import type { Tags } from './types.ts';

test('tagKey does not depend on property order', () => {
  assert.equal(tagKey({ b: '2', a: '1', c: '3' }), tagKey({ a: '1', b: '2', c: '3' }));
  assert.notEqual(tagKey({ a: '1', b: '2' }), tagKey({ a: '1', b: '3' }));
  assert.notEqual(tagKey({ a: '1' }), tagKey({ a: '1', b: '' }));
  assert.equal(tagKey({}), '');
});

test('tagKey does not confuse names and values', () => {
  assert.notEqual(tagKey({ ab: 'c' }), tagKey({ a: 'bc' }));
  assert.notEqual(tagKey({ a: 'b', c: 'd' }), tagKey({ a: 'b,c:d' }));
});

test('interner gives the same keys as tagKey, for fresh and reused objects', () => {
  const interner = new TagKeyInterner();
  const reused = { method: 'GET', status: '200' };
  const cases: Tags[] = [
    reused,
    { status: '200', method: 'GET' },
    reused,
    { method: 'POST', status: '200', group: '::a' },
    { group: '::a', status: '200', method: 'POST' },
    {},
  ];
  for (const tags of cases) assert.equal(interner.keyOf(tags), tagKey(tags));
});

test('interner stays correct after it starts over at its node limit', () => {
  const interner = new TagKeyInterner({ maxNodes: 5 });
  for (let i = 0; i < 50; i++) {
    const tags = { url: `/item/${i}`, method: 'GET' };
    assert.equal(interner.keyOf(tags), tagKey(tags));
  }
  assert.equal(interner.keyOf({ method: 'GET', url: '/item/3' }), tagKey({ url: '/item/3', method: 'GET' }));
});
