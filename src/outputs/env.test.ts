import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envSetting, parseGoBool } from './env.ts';

test("parseGoBool takes Go's spellings only", () => {
  assert.equal(parseGoBool('True'), true);
  assert.equal(parseGoBool('0'), false);
  assert.equal(parseGoBool('yes'), undefined);
});

test('STAMPEDE_<key> beats K6_<key>; empty counts as unset unless keepEmpty', () => {
  assert.deepEqual(envSetting({ K6_X: 'k6', STAMPEDE_X: 'ours' }, 'X'), { name: 'STAMPEDE_X', value: 'ours' });
  assert.deepEqual(envSetting({ K6_X: 'k6', STAMPEDE_X: '' }, 'X'), { name: 'K6_X', value: 'k6' });
  assert.equal(envSetting({ K6_X: '' }, 'X'), undefined);
  assert.deepEqual(envSetting({ K6_X: '' }, 'X', { keepEmpty: true }), { name: 'K6_X', value: '' });
});
