import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectParams, DEFAULT_TIMEOUT_MS } from './params.ts';

test("gRPC timeouts: the one duration grammar (lib/duration.ts), bare numbers in ms, never negative", () => {
  assert.equal(parseConnectParams({}).timeoutMs, DEFAULT_TIMEOUT_MS);
  const ok: [unknown, number][] = [['30s', 30_000], ['1m30s', 90_000], ['250ms', 250], ['2us', 0.002], [1500, 1500], ['1500', 1500], ['0', 0]];
  for (const [v, ms] of ok) assert.equal(parseConnectParams({ timeout: v }).timeoutMs, ms, String(v));
  for (const bad of ['-1s', -1, '1x', 'soon', true]) assert.throws(() => parseConnectParams({ timeout: bad }), /invalid timeout value/, String(bad));
});
