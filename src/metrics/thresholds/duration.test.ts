import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs } from './duration.ts';

test("delayAbortEval: the one duration grammar (lib/duration.ts), bare numbers in ms, never negative", () => {
  const ok: [string | number, number][] = [['10s', 10_000], ['1m30s', 90_000], ['1.5h', 5_400_000], ['500us', 0.5], ['2µs', 0.002],
    ['1d', 86_400_000], [1500, 1500], ['1500', 1500], ['0', 0]];
  for (const [v, ms] of ok) assert.equal(parseDurationMs(v), ms, String(v));
  for (const bad of ['-1s', -1, '1x', 's', '', '1 s']) assert.equal(parseDurationMs(bad), undefined, String(bad));
});
