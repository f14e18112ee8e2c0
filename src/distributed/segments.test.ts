import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequenceFor, segmentFor } from './segments.ts';
import { ExecutionTuple, parseSegment, parseSegmentSequence } from '../config/execution-segment.ts';

test('the sequence of N instances is 0,1/N,…,1 and agent i gets its i-th segment of it', () => {
  assert.equal(sequenceFor(1), '0,1');
  assert.equal(sequenceFor(3), '0,1/3,2/3,1');
  assert.deepEqual([0, 1, 2].map((i) => segmentFor(i, 3)), ['0:1/3', '1/3:2/3', '2/3:1']);
  assert.equal(segmentFor(0, 1), '0:1');
});

test('for any number of agents, their segments parse, belong to the sequence and share out 7 VUs and 1,000 iterations exactly', () => {
  for (const n of [1, 2, 3, 5, 7, 10, 50]) {
    const sequence = parseSegmentSequence(sequenceFor(n));
    let vus = 0;
    let iterations = 0;
    for (let i = 0; i < n; i++) {
      const tuple = ExecutionTuple.of(parseSegment(segmentFor(i, n)), sequence);
      vus += tuple.scale(7);
      iterations += tuple.scale(1000);
    }
    assert.equal(vus, 7, `${n} agents`);
    assert.equal(iterations, 1000, `${n} agents`);
  }
});
