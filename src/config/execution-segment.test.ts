import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionTuple, SegmentError, formatRational, parseRatio, parseSegment, parseSegmentSequence } from './execution-segment.ts';

function tuple(segment: string, sequence = ''): ExecutionTuple {
  return ExecutionTuple.of(parseSegment(segment), parseSegmentSequence(sequence));
}

/** k6's description of a segment's stripes: its first index, the gaps to the next ones (wrapping), the block. */
function striped(t: ExecutionTuple): [number, number[], number] {
  const o = t.owned;
  return [o[0], o.map((p, i) => (i + 1 < o.length ? o[i + 1] : o[0] + t.lcd) - p), t.lcd];
}

test('values are read as k6 reads them: whole percentages, decimals, fractions, exponents', () => {
  const r = (s: string) => formatRational(parseRatio(s));
  assert.equal(r('50%'), '1/2');
  assert.equal(r('0.25'), '1/4');
  assert.equal(r('2.5e-1'), '1/4');
  assert.equal(r('2/4'), '1/2');
  assert.equal(r('1'), '1');
  assert.throws(() => parseRatio('12.5%'), /'12.5%' is not a valid percentage$/);
  assert.throws(() => parseRatio('1a5'), /'1a5' is not a valid percentage, decimal, fraction or interval value/);
  assert.throws(() => parseRatio('1/0'), SegmentError);
});

test('segments and sequences are checked with k6\'s messages', () => {
  assert.equal(parseSegment(''), undefined);
  assert.equal(String(tuple('2/4:75%', '0,1/2,3/4,1')), '1/2:3/4');
  assert.equal(String(tuple('20%')), '0:1/5');
  assert.throws(() => parseSegment('125%'), /segment end value can't be more than 1 but was 1.25/);
  assert.throws(() => parseSegment('55%:50%'), /segment start\(0.55\) must be less than its end\(0.50\)/);
  assert.throws(() => parseSegment('-0.5:1'), /segment start value must be at least 0 but was -0.50/);
  assert.throws(() => parseSegmentSequence('0.5'), /at least 2 points are needed for an execution segment sequence, 1 given/);
  for (const bad of ['1,1', '-0.5,1', '1/2,1/3', '0,1,1/2']) assert.throws(() => parseSegmentSequence(bad), SegmentError, bad);
  assert.throws(() => tuple('1/3:1/2', '0,1/3,2/3,1'), /couldn't find segment 1\/3:1\/2 in sequence 0,1\/3,2\/3,1/);
});

test('striping matches k6\'s published vectors', () => {
  const seq = '0,0.3,0.5,0.6,0.7,0.8,0.9,1';
  assert.deepEqual(striped(tuple('0:0.3', seq)), [0, [4, 3, 3], 10]);
  assert.deepEqual(striped(tuple('0.3:0.5', seq)), [1, [4, 6], 10]);
  assert.deepEqual(striped(tuple('0.5:0.6', seq)), [2, [10], 10]);
  assert.equal(tuple('0.6:0.7', seq).owned[0], 3);
  assert.equal(tuple('0.8:0.9', seq).owned[0], 8);
  assert.equal(tuple('0.9:1', seq).owned[0], 9);
  assert.deepEqual(striped(tuple('0:0.2', '0,0.2,0.5')), [3, [6, 4], 10]);
  assert.deepEqual(striped(tuple('0.2:0.5', '0,0.2,0.5')), [1, [4, 2, 4], 10]);
  assert.deepEqual(striped(tuple('0:2/5', '0,2/5,4/5')), [0, [3, 2], 5]);
  assert.deepEqual(striped(tuple('2/5:4/5', '0,2/5,4/5')), [1, [3, 2], 5]);
  // no sequence: the segment alone, filled to 0 … 1
  assert.deepEqual(striped(tuple('0:1/5')), [1, [5], 5]);
  assert.deepEqual(striped(tuple('0:2/5')), [1, [2, 3], 5]);
  assert.deepEqual(striped(tuple('1/10:5/10')), [1, [2, 2, 4, 2], 10]);
  assert.deepEqual(striped(tuple('1/4:1/2', '0,1/4,1/2,1')), [3, [4], 4]);
  assert.deepEqual(striped(tuple('1/2:1', '0,1/4,1/2,1')), [0, [2, 2], 4]);
  assert.equal(tuple('0:7/20', '0,7/20,7/10,1').scale(50), 18);
});

test('shares of a count: k6\'s numbers, and the parts of a sequence always add up to the whole', () => {
  const thirds = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => tuple(s, '0,1/3,2/3,1'));
  const quarters = ['0:1/4', '1/4:1/2', '1/2:1'].map((s) => tuple(s, '0,1/4,1/2,1'));
  const shares = (ts: ExecutionTuple[], v: number) => ts.map((t) => t.scale(v));
  assert.deepEqual(shares(thirds, 7), [3, 2, 2]);
  assert.deepEqual(shares(thirds, 1), [1, 0, 0]);
  assert.deepEqual(shares(thirds, 100), [34, 33, 33]);
  assert.deepEqual(shares(quarters, 10), [3, 2, 5]);
  assert.deepEqual(shares(quarters, 7), [2, 1, 4]);
  const half = ['0:1/2', '1/2:3/4', '3/4:1'].map((s) => tuple(s, '0,1/2,3/4,1'));
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((v) => half[1].scale(v)), [0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
  for (const seq of ['0,1/3,2/3,1', '0,1/7,2/7,3/7,4/7,5/7,6/7,1', '0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0,1/4,1/2,1', '0,7/20,7/10,1']) {
    const points = seq.split(',');
    const parts = points.slice(1).map((to, i) => tuple(`${points[i]}:${to}`, seq));
    let previous = parts.map(() => 0);
    for (let v = 0; v <= 1000; v++) {
      const s = shares(parts, v);
      assert.equal(s.reduce((a, b) => a + b, 0), v, `${seq}: shares of ${v} are ${s}`);
      assert.ok(s.every((x, i) => x >= previous[i]), `${seq}: a share shrank at ${v}`);
      previous = s;
    }
    // every global index has exactly one owner, and ownedIndex walks an instance's indices in order
    for (let g = 0; g < 200; g++) assert.equal(parts.filter((p) => p.owns(g)).length, 1, `${seq}: index ${g}`);
    for (const p of parts) for (let k = 0; k < 50; k++) assert.equal(p.scale(p.ownedIndex(k)), k);
  }
  assert.equal(ExecutionTuple.whole().scale(7), 7);
  assert.ok(ExecutionTuple.whole().isWhole);
});

test('re-cutting the sequence from a count, as shared-iterations does from its VUs', () => {
  const thirds = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => tuple(s, '0,1/3,2/3,1'));
  // 7 VUs split 3, 2, 2, so the iterations split over 0, 3/7, 5/7, 1
  const cut = thirds.map((t) => t.resegment(7)!);
  assert.equal(cut.map(String).join(' '), '0:3/7 3/7:5/7 5/7:1');
  assert.deepEqual(cut.map((t) => t.scale(100)), [43, 29, 28]);
  // 2 VUs: the last third has none, so no work
  assert.deepEqual(thirds.map((t) => t.resegment(2)?.scale(3) ?? 0), [2, 1, 0]);
  assert.equal(thirds[2].resegment(2), undefined);
  assert.equal(thirds[0].resegment(20)!.toString(), '0:7/20');
  assert.equal(thirds[0].resegment(30), thirds[0], 'a multiple of the block keeps the sequence');
});
