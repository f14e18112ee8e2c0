import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushQueue } from '../push-queue.ts';
import { undeliveredLines, type Datagram } from './datagram-packer.ts';
import { DatagramSender } from './udp-sender.ts';

const datagrams = (n: number): Datagram[] => Array.from({ length: n }, (_, i) => ({ payload: `d${i}`, lines: i + 1, delivered: false }));
const refused = () => Object.assign(new Error('send ECONNREFUSED'), { code: 'ECONNREFUSED' });

test('a batch is sent in order and every line counted once', async () => {
  const seen: string[] = [];
  const s = new DatagramSender(async (p) => { seen.push(p); });
  const batch = datagrams(3);
  await s.send(batch);
  assert.deepEqual(seen, ['d0', 'd1', 'd2']);
  assert.equal(s.sentLines, 6);
  assert.ok(batch.every((d) => d.delivered));
});

test('after a partial failure only the undelivered datagrams go again; ECONNREFUSED takes back the one before it', async () => {
  const seen: string[] = [];
  let fail = new Set(['d2', 'd4']);
  const s = new DatagramSender(async (p) => { seen.push(p); if (fail.has(p)) throw refused(); });
  const batch = datagrams(5);
  await assert.rejects(s.send(batch), /UDP send to the StatsD agent failed: ECONNREFUSED/);
  // d2 refused → d1 was the refused one; d4 refused → d3 too; d0 went
  assert.deepEqual(batch.map((d) => d.delivered), [true, false, false, false, false]);
  assert.equal(s.sentLines, 1);
  fail = new Set();
  seen.length = 0;
  await s.send(batch);
  assert.deepEqual(seen, ['d1', 'd2', 'd3', 'd4']);
  assert.equal(s.sentLines, 15);
});

test('other errors fail only their own datagram', async () => {
  const s = new DatagramSender(async (p) => { if (p === 'd1') throw Object.assign(new Error('x'), { code: 'EMSGSIZE' }); });
  const batch = datagrams(3);
  await assert.rejects(s.send(batch), /EMSGSIZE/);
  assert.deepEqual(batch.map((d) => d.delivered), [true, false, true]);
  assert.equal(s.sentLines, 4);
});

test('through PushQueue: a partly failed batch is finished on retry without duplicates; what never goes is dropped per line', async () => {
  const received: string[] = [];
  let down = true;
  const sender = new DatagramSender(async (p) => { if (down && p === 'd1') throw refused(); received.push(p); });
  const queue = new PushQueue<Datagram>({ send: (b) => sender.send(b), intervalMs: 5, batchSize: 100, maxBuffered: 100, backoffMs: 5, weight: undeliveredLines });
  queue.start();
  queue.push(datagrams(3)); // d0 (1 line) taken back by d1's refusal, d2 (3 lines) goes
  await new Promise((r) => setTimeout(r, 30));
  down = false;
  await queue.stop(1000);
  // d2 went once and was never repeated; d0 went again after each refusal that took it back
  assert.deepEqual(received.filter((p) => p !== 'd0'), ['d2', 'd1']);
  assert.ok(received.filter((p) => p === 'd0').length >= 2);
  assert.deepEqual([sender.sentLines, queue.dropped], [6, 0]);

  const never = new DatagramSender(async (p) => { if (p !== 'd2') throw new Error('no route'); });
  const stuck = new PushQueue<Datagram>({ send: (b) => never.send(b), intervalMs: 5, batchSize: 100, maxBuffered: 100, backoffMs: 5, weight: undeliveredLines });
  stuck.start();
  stuck.push(datagrams(3));
  await stuck.stop(50);
  assert.deepEqual([never.sentLines, stuck.dropped], [3, 3]);
});
