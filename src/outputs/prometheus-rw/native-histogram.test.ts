import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, bucketValue } from '../../metrics/index.ts';
import { NATIVE_SCHEMA, nativeBucketIndex, spansAndDeltas, toNativeHistogram } from './native-histogram.ts';
import type { BucketSpan } from './write-request.ts';

/** Spans + deltas back to absolute bucket index → count. */
function expand(spans: BucketSpan[], deltas: number[]): Map<number, number> {
  const out = new Map<number, number>();
  let idx = 0;
  let k = 0;
  let count = 0;
  spans.forEach((s, i) => {
    idx = i === 0 ? s.offset : idx + s.offset;
    for (let j = 0; j < s.length; j++, idx++) {
      count += deltas[k++];
      if (count !== 0) out.set(idx, count);
    }
  });
  assert.equal(k, deltas.length, 'one delta per bucket');
  return out;
}

test('spans fill small gaps with zero buckets and open a new span past them; deltas chain across spans', () => {
  const { spans, deltas } = spansAndDeltas(new Map([[8, 3], [5, 2], [6, 1], [20, 1]]));
  assert.deepEqual(spans, [{ offset: 5, length: 4 }, { offset: 11, length: 1 }]);
  assert.deepEqual(deltas, [2, -1, -1, 3, -2]);
  assert.deepEqual([...expand(spans, deltas)], [[5, 2], [6, 1], [8, 3], [20, 1]]);
  assert.deepEqual(spansAndDeltas(new Map()), { spans: [], deltas: [] });
});

test('schema-8 bucket i holds (2^((i-1)/256), 2^(i/256)]', () => {
  assert.equal(nativeBucketIndex(1, 8), 0);
  assert.equal(nativeBucketIndex(2, 8), 256);
  assert.equal(nativeBucketIndex(2.0001, 8), 257);
  assert.equal(nativeBucketIndex(0.5, 8), -256);
});

test('count, zeros and sum are exact; time values are bucketed in seconds', () => {
  const h = new Histogram();
  for (const v of [0, 1.5, 250, 250, 1000, -3]) h.add(v);
  const n = toNativeHistogram(h.toState(), 'time');
  assert.equal(n.schema, NATIVE_SCHEMA);
  assert.equal(n.count, 6);
  assert.equal(n.zeroCount, 1);
  assert.ok(Math.abs(n.sum - 1.4985) < 1e-12);
  const pos = expand(n.positiveSpans, n.positiveDeltas);
  const neg = expand(n.negativeSpans, n.negativeDeltas);
  assert.equal([...pos.values()].reduce((a, b) => a + b, 0), 4);
  assert.equal([...neg.values()].reduce((a, b) => a + b, 0), 1);
  // each value sits in (or next to) the schema-8 bucket its own value falls in
  for (const [v, into] of [[0.0015, pos], [0.25, pos], [1, pos], [0.003, neg]] as const) {
    const idx = nativeBucketIndex(v, 8);
    assert.ok([idx - 2, idx - 1, idx, idx + 1, idx + 2].some((i) => into.has(i)), `${v}s near bucket ${idx}: ${[...into.keys()]}`);
  }
  assert.equal(pos.get(nativeBucketIndex(bucketValue(h.toState().buckets.at(-2)!) / 1000, 8)), 1, 'the 1000 ms sample sits in its representative\'s bucket');
});

test('quantiles read back from the native buckets stay within 1 % of the exact ones', () => {
  const h = new Histogram();
  const values: number[] = [];
  let seed = 7;
  const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
  for (let i = 0; i < 20_000; i++) {
    const v = 0.1 * 10 ** (5 * rand()); // 0.1 ms … 10 s, log-uniform
    values.push(v);
    h.add(v);
  }
  values.sort((a, b) => a - b);
  const n = toNativeHistogram(h.toState(), 'default');
  const buckets = [...expand(n.positiveSpans, n.positiveDeltas)].sort((a, b) => a[0] - b[0]);
  const base = 2 ** (2 ** -NATIVE_SCHEMA);
  for (const q of [0.5, 0.9, 0.99]) {
    const rank = q * n.count;
    let seen = 0;
    let estimate = NaN;
    for (const [idx, c] of buckets) {
      if (seen + c >= rank) { estimate = base ** (idx - 0.5); break; } // the bucket's geometric middle
      seen += c;
    }
    const exact = values[Math.ceil(rank) - 1];
    assert.ok(Math.abs(estimate - exact) / exact < 0.01, `q${q}: ${estimate} vs ${exact}`);
  }
});

test('a coarser schema adds up the counts of the buckets it merges', () => {
  const h = new Histogram();
  for (const v of [1.01, 1.02, 1.05, 1.5, 3]) h.add(v);
  const n = toNativeHistogram(h.toState(), 'default', 0); // buckets (1,2], (2,4] …
  assert.equal(n.schema, 0);
  assert.deepEqual([...expand(n.positiveSpans, n.positiveDeltas)], [[1, 4], [2, 1]]);
  assert.equal(n.count, 5);
});
