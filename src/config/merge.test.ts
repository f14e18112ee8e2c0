import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeOptions } from './merge.ts';
import type { Options } from './options.ts';

test('higher layers override lower ones; unset and null values do not', () => {
  const merged = mergeOptions({ userAgent: 'a', batch: 5, throw: true }, { userAgent: 'b', batch: undefined, throw: null as unknown as boolean }, { maxRedirects: 0 });
  assert.deepEqual(merged, { userAgent: 'b', batch: 5, throw: true, maxRedirects: 0 });
});

test('an execution shortcut in a higher layer replaces lower scenarios and shortcuts (k6 Options.Apply)', () => {
  const script: Options = { scenarios: { a: { executor: 'constant-vus', duration: '1m' } }, vus: 3 };
  const cli: Options = { vus: 10, iterations: 100 };
  assert.deepEqual(mergeOptions(script, cli), { vus: 10, iterations: 100 });
  assert.deepEqual(mergeOptions({ duration: '1m', stages: [{ duration: '1s', target: 1 }] }, { iterations: 5 }), { iterations: 5 });
  assert.deepEqual(mergeOptions({ iterations: 5, duration: '1m' }, { scenarios: {} }), { scenarios: {} });
});

test('vus alone does not replace lower execution options', () => {
  assert.deepEqual(mergeOptions({ duration: '30s', vus: 1 }, { vus: 20 }), { duration: '30s', vus: 20 });
  const scenarios = { a: { executor: 'per-vu-iterations' } };
  assert.deepEqual(mergeOptions({ scenarios }, { vus: 20 }), { scenarios, vus: 20 });
});

test('shortcuts given together in one layer are kept so validation can report the clash', () => {
  assert.deepEqual(mergeOptions({}, { iterations: 5, stages: [{ duration: '1s', target: 1 }] }), { iterations: 5, stages: [{ duration: '1s', target: 1 }] });
});

test('objects replace whole, except an empty tags object', () => {
  const merged = mergeOptions(
    { thresholds: { a: ['rate<1'] }, tags: { env: 'dev' }, hosts: { x: '1.1.1.1' }, summaryTrendStats: ['avg'] },
    { thresholds: { b: ['count>0'] }, tags: {}, hosts: { y: '2.2.2.2' } },
    { summaryTrendStats: ['max'] },
  );
  assert.deepEqual(merged, { thresholds: { b: ['count>0'] }, tags: { env: 'dev' }, hosts: { y: '2.2.2.2' }, summaryTrendStats: ['max'] });
  assert.deepEqual(mergeOptions({ tags: { a: '1' } }, { tags: { b: '2' } }).tags, { b: '2' });
});

test('the layers themselves are not modified', () => {
  const low: Options = { duration: '1m', vus: 2 };
  const high: Options = { iterations: 3 };
  mergeOptions(low, high);
  assert.deepEqual(low, { duration: '1m', vus: 2 });
  assert.deepEqual(high, { iterations: 3 });
});
