import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushQueue } from './push-queue.ts';
import { RefusedBatchError } from './classify.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('items are sent in batches of at most batchSize, every interval', async () => {
  const batches: number[][] = [];
  const q = new PushQueue<number>({ send: async (items) => { batches.push(items); }, intervalMs: 10, batchSize: 3, maxBuffered: 100 });
  q.start();
  q.push([1, 2, 3, 4, 5, 6, 7]);
  await tick(60);
  await q.stop(1000);
  assert.deepEqual(batches.flat(), [1, 2, 3, 4, 5, 6, 7]);
  assert.ok(batches.every((b) => b.length <= 3));
  assert.equal(q.sent, 7);
  assert.equal(q.dropped, 0);
});

test('a failed send is retried with backoff and its items keep their order', async () => {
  let calls = 0;
  const received: number[] = [];
  const errors: string[] = [];
  let recovered = 0;
  const q = new PushQueue<number>({
    send: async (items) => { calls++; if (calls <= 2) throw new Error('down'); received.push(...items); },
    intervalMs: 5, batchSize: 10, maxBuffered: 100, backoffMs: 10,
    onError: (e) => errors.push(e.message), onRecover: () => { recovered++; },
  });
  q.start();
  q.push([1, 2, 3]);
  await tick(120);
  await q.stop(1000);
  assert.deepEqual(received, [1, 2, 3]);
  assert.equal(q.sent, 3);
  assert.deepEqual(errors, ['down'], 'one error per failure streak');
  assert.equal(recovered, 1);
  assert.equal(q.lastError, 'down');
});

test('a full buffer drops the oldest items and counts them', async () => {
  const q = new PushQueue<number>({ send: async () => { throw new Error('down'); }, intervalMs: 1000, batchSize: 10, maxBuffered: 5 });
  q.push([1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(q.buffered, 5);
  assert.equal(q.dropped, 3);
  await q.stop(30);
  assert.equal(q.dropped, 8, 'what could not be sent by the deadline is dropped too');
  assert.equal(q.sent, 0);
});

test('weight counts samples when one item carries several', async () => {
  const q = new PushQueue<string[]>({ send: async () => {}, intervalMs: 5, batchSize: 2, maxBuffered: 10, weight: (x) => x.length });
  q.start();
  q.push([['a', 'b'], ['c']]);
  await q.stop(500);
  assert.equal(q.sent, 3);
});

test('stop() waits for a send in flight', async () => {
  let done = false;
  const q = new PushQueue<number>({ send: () => new Promise((r) => setTimeout(() => { done = true; r(); }, 40)), intervalMs: 5, batchSize: 10, maxBuffered: 10 });
  q.start();
  q.push([1]);
  await tick(10);
  await q.stop(1000);
  assert.equal(done, true);
  assert.equal(q.sent, 1);
});

test('a RefusedBatchError drops the refused samples at once, without retrying, and counts the rest as sent', async () => {
  let calls = 0;
  const refusals: string[] = [];
  const q = new PushQueue<number>({
    send: async () => { calls++; throw new RefusedBatchError('bad line', 2); },
    intervalMs: 5, batchSize: 10, maxBuffered: 100, onRefused: (e) => refusals.push(e.message),
  });
  q.start();
  q.push([1, 2, 3, 4, 5]);
  await tick(40);
  await q.stop(200);
  assert.equal(calls, 1, 'not retried');
  assert.equal(q.dropped, 2);
  assert.equal(q.sent, 3);
  assert.deepEqual(refusals, ['bad line']);
  assert.equal(q.lastError, 'bad line');
});

test('a send still unanswered after stop() is dropped when it fails, settle() waits for it, and nothing announces a retry', async () => {
  let fail!: (err: Error) => void;
  const errors: string[] = [];
  const q = new PushQueue<number>({
    send: () => new Promise<void>((_resolve, reject) => { fail = reject; }),
    intervalMs: 5, batchSize: 10, maxBuffered: 100, onError: (e) => errors.push(e.message),
  });
  q.start();
  q.push([1, 2, 3]);
  q.push([4]);
  await tick(30);
  assert.equal(q.inFlight, 1);
  await q.stop(20);
  assert.equal(q.inFlight, 1, 'stop() does not wait past its deadline');
  assert.equal(q.dropped, 0, 'a send in flight may still succeed');
  setTimeout(() => fail(new Error('gave up')), 10);
  await q.settle(1000);
  assert.equal(q.inFlight, 0);
  assert.equal(q.dropped, 4);
  assert.equal(q.sent, 0);
  assert.deepEqual(errors, []);
  const started = performance.now();
  await q.settle(1000);
  assert.ok(performance.now() - started < 50, 'settle() returns at once when nothing is in flight');
});
