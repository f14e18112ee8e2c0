import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs } from './duration.ts';

test("k6's duration grammar: Go's time.ParseDuration forms plus days, results in ms", () => {
  const cases: [string, number][] = [
    ['1h2m3.5s', 3_723_500], ['300ms', 300], ['1.5s', 1500], ['2us', 0.002], ['2µs', 0.002], ['2μs', 0.002],
    ['250ns', 0.00025], ['.5s', 500], ['5.s', 5000], ['1h0m0s', 3_600_000], ['1.5h', 5_400_000], ['2d12h', 216_000_000],
    ['1d', 86_400_000], ['+2s', 2000], ['-1.5s', -1500], ['-1d2h', -93_600_000], ['0', 0], [' 30s ', 30_000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDurationMs(text), ms, text);
});

test('what is not a duration is undefined under every rule', () => {
  for (const bad of ['', 's', '1x', '1 s', '1s2', '1.2.3s', '1mss', '1d-2h', '--1s', 'abc', 'inf', 'Infinity', '1e400']) {
    assert.equal(parseDurationMs(bad), undefined, bad);
    assert.equal(parseDurationMs(bad, { negative: false, bare: 'refuse' }), undefined, bad);
  }
  for (const bad of [true, null, undefined, {}, [], Infinity, Number.NaN]) assert.equal(parseDurationMs(bad), undefined, String(bad));
});

test('bare numbers count in the unit the caller names, or are refused', () => {
  assert.equal(parseDurationMs(1500), 1500);
  assert.equal(parseDurationMs('1500'), 1500);
  assert.equal(parseDurationMs('2.5'), 2.5);
  assert.equal(parseDurationMs('1e3'), 1000);
  assert.equal(parseDurationMs(2, { bare: 's' }), 2000);
  assert.equal(parseDurationMs('1.5', { bare: 's' }), 1500);
  assert.equal(parseDurationMs(1500, { bare: 'refuse' }), undefined);
  assert.equal(parseDurationMs('1500', { bare: 'refuse' }), undefined);
  assert.equal(parseDurationMs('0', { bare: 'refuse' }), 0, 'Go reads a unitless 0');
  assert.equal(parseDurationMs('1500ms', { bare: 'refuse' }), 1500);
});

test('negative durations parse unless the caller refuses them', () => {
  assert.equal(parseDurationMs('-1s'), -1000);
  assert.equal(parseDurationMs(-5), -5);
  assert.equal(parseDurationMs('-1s', { negative: false }), undefined);
  assert.equal(parseDurationMs(-5, { negative: false }), undefined);
  assert.ok(Object.is(parseDurationMs('-0', { negative: false }), 0), 'no -0');
  assert.equal(parseDurationMs('0s', { negative: false }), 0);
});
