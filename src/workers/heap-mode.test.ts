import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapModeFor, MEMORY_BOUND_VUS, SCALE_VUS } from './heap-mode.ts';

test('the heap regime follows the VU count: speed for few busy VUs, memory for hundreds, scale from thousands', () => {
  assert.equal(heapModeFor(1), 'speed');
  assert.equal(heapModeFor(MEMORY_BOUND_VUS - 1), 'speed');
  assert.equal(heapModeFor(MEMORY_BOUND_VUS), 'memory');
  assert.equal(heapModeFor(1000), 'memory');
  assert.equal(heapModeFor(SCALE_VUS - 1), 'memory');
  assert.equal(heapModeFor(SCALE_VUS), 'scale');
  assert.equal(heapModeFor(10_000), 'scale');
});
