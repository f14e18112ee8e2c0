/** Pure parts of the toxics: slice sizes, bandwidth pacing, latency jitter, toxicity, limits, checks, waits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextDeparture, pieceSize } from './bandwidth.ts';
import { checkToxic } from './index.ts';
import { chunkDelay } from './latency.ts';
import { bytesAllowed } from './limit-data.ts';
import { sliceSizes } from './slicer.ts';
import { appliesTo } from './toxicity.ts';
import { Waits } from './waits.ts';

/** A deterministic random() cycling through the given values. */
const cycle = (...xs: number[]): (() => number) => { let i = 0; return () => xs[i++ % xs.length]; };

test('slices add up to the chunk and stay within average ± variation', () => {
  for (const [total, avg, variation] of [[1000, 100, 0], [65536, 1000, 300], [10, 3, 1], [7, 100, 50]]) {
    const sizes = sliceSizes(total, avg, variation);
    assert.equal(sizes.reduce((a, b) => a + b, 0), total);
    for (const s of sizes.slice(0, -1)) assert.ok(s >= avg - variation && s <= avg + variation, `${s} outside ${avg}±${variation}`);
    assert.ok(sizes.at(-1)! <= avg + variation);
  }
  assert.deepEqual(sliceSizes(10, 3, 1, cycle(0, 1, 0.5)), [2, 4, 3, 1]);
  assert.deepEqual(sliceSizes(500, 0, 0), [500], 'average 0: whole');
  assert.deepEqual(sliceSizes(0, 10, 0), []);
  assert.ok(sliceSizes(5, 1, 5, cycle(0)).every((s) => s === 1), 'never below 1 byte');
});

test('bandwidth paces pieces of 100 ms at rate KB/s (1 KB = 1000 bytes)', () => {
  assert.equal(pieceSize(500), 50_000);
  assert.equal(pieceSize(0.001), 1);
  // 2 MB at 500 KB/s: 4 s in 40 pieces, scheduled back to back
  let at = 0;
  for (let i = 0; i < 40; i++) at = nextDeparture(at, 0, 50_000, 500);
  assert.equal(at, 4000);
  // an idle link does not bank credit: the next piece counts from now
  assert.equal(nextDeparture(100, 5000, 1000, 10), 5100);
  // a busy link queues the piece after the previous one
  assert.equal(nextDeparture(5200, 5000, 1000, 10), 5300);
});

test('latency jitter is symmetric and never negative', () => {
  assert.equal(chunkDelay(100, 0), 100);
  assert.equal(chunkDelay(100, 10, cycle(0)), 90);
  assert.equal(chunkDelay(100, 10, cycle(1)), 110);
  assert.equal(chunkDelay(100, 10, cycle(0.5)), 100);
  assert.equal(chunkDelay(5, 10, cycle(0)), 0);
});

test('toxicity is decided with one draw: < toxicity applies', () => {
  assert.equal(appliesTo(1, cycle(0.999)), true);
  assert.equal(appliesTo(0, cycle(0)), false);
  assert.equal(appliesTo(0.3, cycle(0.29)), true);
  assert.equal(appliesTo(0.3, cycle(0.3)), false);
  let hits = 0;
  for (let i = 0; i < 10_000; i++) if (appliesTo(0.25)) hits++;
  assert.ok(hits > 2200 && hits < 2800, `${hits} of 10000 at 0.25`);
});

test('limit_data lets exactly the limit through', () => {
  assert.equal(bytesAllowed(100, 0, 60), 60);
  assert.equal(bytesAllowed(100, 60, 60), 40);
  assert.equal(bytesAllowed(100, 100, 60), 0);
  assert.equal(bytesAllowed(0, 0, 60), 0);
});

test('toxic checks name what is wrong', () => {
  const ok = { name: 't', type: 'latency' as const, stream: 'downstream' as const, toxicity: 1, attributes: { latency: 10 } };
  checkToxic(ok);
  assert.throws(() => checkToxic({ ...ok, name: '' }), /needs a name/);
  assert.throws(() => checkToxic({ ...ok, type: 'lag' as never }), /unknown type "lag"/);
  assert.throws(() => checkToxic({ ...ok, stream: 'sideways' as never }), /stream must be/);
  assert.throws(() => checkToxic({ ...ok, toxicity: 1.5 }), /toxicity must be/);
  assert.throws(() => checkToxic({ ...ok, attributes: { latency: -1 } }), /attribute latency/);
});

test('stopping waits ends sleeps and cancels timers', async () => {
  const w = new Waits();
  let fired = false;
  w.later(10, () => { fired = true; });
  const t0 = performance.now();
  const slept = w.sleep(10_000);
  const held = w.untilStopped();
  w.stop();
  await slept;
  await held;
  assert.ok(performance.now() - t0 < 100);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(fired, false);
  assert.equal(w.sleep(1000), undefined, 'a stopped Waits does not sleep');
});
