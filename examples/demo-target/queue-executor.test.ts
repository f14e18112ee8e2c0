import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ActionStore } from './actions-store.ts';
import { redisConnection, startQueueExecutor } from './queue-executor.ts';

test('redisConnection reads host, port, credentials, db and TLS from the URL', () => {
  assert.deepEqual(redisConnection('redis://127.0.0.1:6390'), { host: '127.0.0.1', port: 6390, maxRetriesPerRequest: null });
  assert.deepEqual(redisConnection('rediss://me:p%40ss@cache.local/2'), {
    host: 'cache.local', port: 6379, username: 'me', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null,
  });
  assert.throws(() => redisConnection('http://127.0.0.1:6379'), /redis:\/\/ or rediss:\/\//);
});

test('ActionStore hands approvals to an external executor, which marks them executed once', () => {
  const store = new ActionStore({ executeAfterMs: 0 });
  const handed: string[] = [];
  store.handOffApprovals((action) => handed.push(action.id));
  assert.equal(store.executor, 'queue');
  const a = store.submit('t', null, 'u');
  store.approve(a.id, 'boss');
  assert.deepEqual(handed, [a.id]);
  assert.equal(store.executeDue(), 0, 'the in-memory loop leaves handed-off actions alone');
  assert.equal(store.markExecuted(a.id), true);
  assert.equal(store.markExecuted(a.id), false);
  assert.equal(store.get(a.id)!.status, 'executed');
  assert.deepEqual(store.counts(), { pending: 0, approved: 0, executed: 1 });
});

test('startQueueExecutor rejects promptly when nothing answers at the Redis URL', { timeout: 10_000 }, async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as AddressInfo).port; srv.close(() => resolve(p)); });
  });
  const saved = console.error;
  console.error = () => {};
  try {
    await assert.rejects(startQueueExecutor(new ActionStore(), { redisUrl: `redis://127.0.0.1:${port}`, readyTimeoutMs: 500 }), /did not answer within 500 ms/);
  } finally {
    console.error = saved;
  }
});
