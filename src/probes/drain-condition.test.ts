import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDrainCondition } from './drain-condition.ts';

/** The condition for `text`, failing the test when it does not parse. */
function condition(text: string): (value: number) => boolean {
  const parsed = parseDrainCondition(text);
  assert.equal(typeof parsed, 'function', `${text} should parse, got ${String(parsed)}`);
  return parsed as (value: number) => boolean;
}

test('drain.until: every operator compares the value with the number', () => {
  const cases: [string, number, boolean][] = [
    ['value == 0', 0, true], ['value == 0', 1, false],
    ['value != 0', 1, true], ['value != 0', 0, false],
    ['value < 10', 9, true], ['value < 10', 10, false],
    ['value <= 10', 10, true], ['value <= 10', 11, false],
    ['value > 10', 11, true], ['value > 10', 10, false],
    ['value >= 10', 10, true], ['value >= 10', 9, false],
  ];
  for (const [text, value, expected] of cases) assert.equal(condition(text)(value), expected, `${text} at ${value}`);
});

test('drain.until: spaces are optional; numbers may be signed, decimal or in e-notation', () => {
  assert.equal(condition('value==0')(0), true);
  assert.equal(condition('  value   <=   5  ')(5), true);
  assert.equal(condition('\tvalue>-2\n')(-1), true);
  assert.equal(condition('value>-2')(-2), false);
  assert.equal(condition('value < 0.5')(0.4), true);
  assert.equal(condition('value < .5')(0.5), false);
  assert.equal(condition('value == 1e3')(1000), true);
  assert.equal(condition('value <= 2.5E-1')(0.25), true);
  assert.equal(condition('value == +3')(3), true);
  assert.equal(condition('value == 5.')(5), true);
});

test('drain.until: anything but one comparison of value with a number is an error naming the text', () => {
  for (const bad of ['value = 0', 'value === 0', 'value =< 3', '0 == value', 'x == 0', 'Value == 0', 'value == ', 'value',
    '', 'value == 0 && value < 3', 'value == 0; process.exit()', 'value == abc', 'value == 1e', 'value == 1e999', 'value < 10s',
    'value == 0x10', 'value == --1', 'value <> 1', 'value ! = 1']) {
    assert.equal(parseDrainCondition(bad), `drain.until: ${JSON.stringify(bad)} is not a condition like "value == 0" or "value < 10"`, bad);
  }
  assert.equal(parseDrainCondition('value = 0'), 'drain.until: "value = 0" is not a condition like "value == 0" or "value < 10"');
  assert.match(String(parseDrainCondition(42 as unknown as string)), /^drain\.until: "42" is not a condition/);
});
