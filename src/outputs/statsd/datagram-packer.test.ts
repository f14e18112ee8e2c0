import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatagramPacker, MAX_UDP_PAYLOAD } from './datagram-packer.ts';

test('at most maxLines lines per datagram (K6_STATSD_BUFFER_SIZE), newline-separated', () => {
  const p = new DatagramPacker(3);
  for (let i = 0; i < 7; i++) p.add(`m:${i}|c`);
  p.flush();
  const out = p.take();
  assert.deepEqual(out.map((d) => d.payload), ['m:0|c\nm:1|c\nm:2|c', 'm:3|c\nm:4|c\nm:5|c', 'm:6|c']);
  assert.deepEqual(out.map((d) => [d.lines, d.delivered]), [[3, false], [3, false], [1, false]]);
  assert.deepEqual(p.take(), []);
});

test('at most maxBytes bytes per datagram (UTF-8), a longer line travels alone, an impossible one is counted', () => {
  const p = new DatagramPacker(100, 20);
  p.add('a'.repeat(10));
  p.add('b'.repeat(9)); // 10 + 1 + 9 = 20: fits
  p.add('é'.repeat(5)); // 10 bytes: next datagram
  p.add('c'.repeat(30)); // alone
  p.add('d');
  p.add('x'.repeat(MAX_UDP_PAYLOAD + 1));
  p.flush();
  const out = p.take();
  assert.deepEqual(out.map((d) => Buffer.byteLength(d.payload)), [20, 10, 30, 1]);
  assert.deepEqual(out.map((d) => d.lines), [2, 1, 1, 1]);
  assert.equal(p.oversized, 1);
});
