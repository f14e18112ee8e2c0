import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors/index.ts';
import { formatDuration, parseDuration, tryParseDuration } from './duration.ts';

test('parseDuration reads k6 duration strings and numbers as ms', () => {
  const cases: [string | number, number][] = [
    ['30s', 30_000], ['1m30s', 90_000], ['1h2m3s', 3_723_000], ['1.5s', 1500], ['500ms', 500],
    ['10us', 0.01], ['10µs', 0.01], ['10μs', 0.01], ['250ns', 0.00025], ['2m', 120_000], ['.5s', 500],
    ['1d', 86_400_000], ['2d12h', 216_000_000], ['-1s', -1000], ['+2s', 2000], ['1h0m0s', 3_600_000],
    [1500, 1500], [0, 0], ['1500', 1500], ['0', 0], ['2.5', 2.5], ['1e3', 1000],
  ];
  for (const [input, ms] of cases) assert.equal(parseDuration(input, 'duration'), ms, `${JSON.stringify(input)}`);
});

test('parseDuration rejects what k6 rejects, naming the path', () => {
  for (const bad of ['1x', '', 's', 'abc', '1s2', '1 s', '1.2.3s', '1mss', '1d-2h', '--1s']) {
    assert.throws(() => parseDuration(bad, 'scenarios.a.duration'), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, `scenarios.a.duration: invalid duration ${JSON.stringify(bad)}; use e.g. 30s, 1m30s, 500ms`);
      assert.equal(err.exitCode, 104);
      return true;
    }, bad);
  }
});

test('tryParseDuration collects problems instead of throwing', () => {
  const problems: string[] = [];
  assert.equal(tryParseDuration(true, 'setupTimeout', problems), undefined);
  assert.equal(tryParseDuration(Infinity, 'x', problems), undefined);
  assert.equal(tryParseDuration('2s', 'y', problems), 2000);
  assert.deepEqual(problems, [
    'setupTimeout: invalid duration true; use e.g. 30s, 1m30s, 500ms',
    'x: invalid duration Infinity; use e.g. 30s, 1m30s, 500ms',
  ]);
});

test('formatDuration prints the way k6 (Go) does', () => {
  const cases: [number, string][] = [
    [0, '0s'], [500, '500ms'], [1500, '1.5s'], [30_000, '30s'], [90_000, '1m30s'], [600_000, '10m0s'],
    [3_600_000, '1h0m0s'], [3_723_500, '1h2m3.5s'], [0.25, '250µs'], [0.0005, '500ns'], [1.234, '1.234ms'],
    [-1500, '-1.5s'], [86_400_000, '24h0m0s'], [Infinity, '∞'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
});

test('formatDuration output parses back to the same value', () => {
  for (const ms of [1, 999, 1000, 61_000, 3_599_999, 7_200_000, 0.001]) assert.equal(parseDuration(formatDuration(ms), 'd'), ms);
});
