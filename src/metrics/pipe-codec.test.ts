import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from './histogram.ts';
import { SeriesPacker, unpackSeries } from './pipe-codec.ts';
import type { SinkState } from './types.ts';

function unpacked(packed: Float64Array): [number, number, SinkState][] {
  const out: [number, number, SinkState][] = [];
  unpackSeries(packed, (m, t, s) => out.push([m, t, s]));
  return out;
}

test('every sink type comes back as it was packed, in order, after a structured clone', () => {
  const h = new Histogram();
  for (const v of [-3, 0, 0.25, 1, 1, 250, 60_000]) h.add(v);
  const sinks: SinkState[] = [
    { type: 'counter', sum: 12.5, count: 3 },
    { type: 'gauge', last: 7, min: -2, max: 9, lastTime: 1_765_000_000_123, count: 4, first: 1, firstTime: 1_765_000_000_001 },
    { type: 'rate', trues: 2, total: 5 },
    { type: 'trend', hist: h.toState() },
    { type: 'trend', hist: new Histogram().toState() },
  ];
  const packer = new SeriesPacker();
  sinks.forEach((s, i) => packer.series(i % 2, 100 + i, s));
  const packed = structuredClone(packer.take());
  assert.deepEqual(unpacked(packed), sinks.map((s, i) => [i % 2, 100 + i, s]));
});

test('the packer starts again empty after take() and grows past its first buffer', () => {
  const packer = new SeriesPacker();
  packer.series(0, 1, { type: 'counter', sum: 1, count: 1 });
  packer.take();
  const h = new Histogram();
  for (let i = 1; i <= 5000; i++) h.add(i * 1.7);
  packer.series(0, 2, { type: 'trend', hist: h.toState() });
  packer.series(1, 3, { type: 'rate', trues: 1, total: 1 });
  const got = unpacked(packer.take());
  assert.equal(got.length, 2);
  assert.deepEqual(got[0][2], { type: 'trend', hist: h.toState() });
  assert.deepEqual(got[1], [1, 3, { type: 'rate', trues: 1, total: 1 }]);
  assert.equal(packer.take().length, 0);
});

test('numbers that are not packed series are an error, not a wrong series', () => {
  assert.throws(() => unpacked(new Float64Array([0, 1, 9, 0, 0])), /unknown sink type code 9 at 0/);
  assert.throws(() => unpacked(new Float64Array([0, 1, 0, 5])), /cut short/);
  assert.throws(() => unpacked(new Float64Array([0, 1, 3, 1, 1])), /cut short/, 'inside a trend\'s head');
  assert.throws(() => unpacked(new Float64Array([0, 1, 3, 1, 1, 1, 1, 0, 2, 80_000])), /cut short/, 'fewer bucket pairs than it says');
  assert.throws(() => unpacked(new Float64Array([0, 1])), /cut short/, 'inside a series\' head');
});
