import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from './event-queue.ts';

test('tasks run one after another, async ones awaited; errors reported; the hold is released when idle', async () => {
  let holds = 0;
  const errors: unknown[] = [];
  let idle!: () => void;
  const drained = new Promise<void>((r) => { idle = r; });
  const q = new EventQueue(() => { holds++; return () => { holds--; if (holds === 0) idle(); }; }, (e) => errors.push(e));
  const seen: string[] = [];
  q.push(async () => { await new Promise((r) => setTimeout(r, 10)); seen.push('slow'); });
  q.push(() => { seen.push('sync'); });
  q.push(() => { throw new Error('boom'); });
  q.push(() => Promise.reject(new Error('later')));
  q.push(() => { seen.push('after errors'); });
  assert.equal(holds, 1);
  await drained;
  assert.deepEqual(seen, ['slow', 'sync', 'after errors']);
  assert.deepEqual(errors.map((e) => (e as Error).message), ['boom', 'later']);
});

test('a synchronous task runs at once; clear() drops what has not started', () => {
  const q = new EventQueue(() => () => {}, () => {});
  const seen: number[] = [];
  q.push(() => { seen.push(1); });
  assert.deepEqual(seen, [1]);
  let release!: () => void;
  q.push(() => new Promise<void>((r) => { release = r; }));
  q.push(() => { seen.push(2); });
  q.clear();
  release();
  assert.deepEqual(seen, [1]);
});
