import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Listeners, makeEvent } from './events.ts';

test('listeners: no duplicates, onX keeps its first place, handleEvent objects, removal', async () => {
  const l = new Listeners();
  const calls: string[] = [];
  const a = () => { calls.push('a'); };
  l.add('message', a);
  l.add('message', a);
  l.setAttribute('message', () => { calls.push('on1'); });
  l.add('message', { handleEvent: () => { calls.push('obj'); } });
  l.setAttribute('message', () => { calls.push('on2'); });
  const target = {};
  await l.dispatch(target, makeEvent('message', target), () => true);
  assert.deepEqual(calls, ['a', 'on2', 'obj']);
  l.remove('message', a);
  l.setAttribute('message', null);
  calls.length = 0;
  await l.dispatch(target, makeEvent('message', target), () => true);
  assert.deepEqual(calls, ['obj']);
});

test('has() ignores a cleared onX; dispatch awaits async listeners in order and stops when told', async () => {
  const l = new Listeners();
  assert.equal(l.has('error'), false);
  l.setAttribute('error', () => {});
  assert.equal(l.has('error'), true);
  l.setAttribute('error', null);
  assert.equal(l.has('error'), false);
  const order: number[] = [];
  l.add('open', async () => { await new Promise((r) => setTimeout(r, 10)); order.push(1); });
  l.add('open', () => { order.push(2); });
  l.add('open', () => { order.push(3); });
  const target = {};
  await l.dispatch(target, makeEvent('open', target), () => order.length < 2);
  assert.deepEqual(order, [1, 2]);
});
