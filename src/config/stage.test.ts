import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors/index.ts';
import { parseStage, parseStages } from './stage.ts';

test('parseStage reads duration:target', () => {
  assert.deepEqual(parseStage('30s:10'), { duration: '30s', target: 10 });
  assert.deepEqual(parseStage('1m30s:0'), { duration: '1m30s', target: 0 });
  assert.deepEqual(parseStage(' 5m : 20 '), { duration: '5m', target: 20 });
});

test('parseStage rejects stages k6 rejects, with or without a path prefix', () => {
  const cases: [string, string][] = [
    ['30s', 'stage "30s" has no target; use duration:target, e.g. 30s:10'],
    [':10', 'stage ":10" has no duration; use duration:target, e.g. 30s:10'],
    ['30:10', 'stage "30:10": the duration needs a unit; use duration:target, e.g. 30s:10'],
    ['30s:ten', 'stage "30s:ten": the target must be an integer; use duration:target, e.g. 30s:10'],
    ['1x:10', 'invalid duration "1x"; use e.g. 30s, 1m30s, 500ms'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseStage(text), (err: unknown) => err instanceof ConfigError && err.message === message, text);
    assert.throws(() => parseStage(text, '--stage'), (err: unknown) => err instanceof ConfigError && err.message === `--stage: ${message}`, text);
  }
});

test('parseStages splits comma lists and several flag values, skipping empty pieces', () => {
  assert.deepEqual(parseStages('5s:10,5m:20,10s:5', 'K6_STAGES'), {
    stages: [{ duration: '5s', target: 10 }, { duration: '5m', target: 20 }, { duration: '10s', target: 5 }],
    problems: [],
  });
  assert.deepEqual(parseStages(['5s:10', '1m:0,'], '--stage').stages, [{ duration: '5s', target: 10 }, { duration: '1m', target: 0 }]);
});

test('parseStages reports every bad piece and keeps the good ones', () => {
  const { stages, problems } = parseStages('5s:10,oops,1m', 'K6_STAGES');
  assert.deepEqual(stages, [{ duration: '5s', target: 10 }]);
  assert.deepEqual(problems, [
    'K6_STAGES: invalid duration "oops"; use e.g. 30s, 1m30s, 500ms',
    'K6_STAGES: stage "1m" has no target; use duration:target, e.g. 30s:10',
  ]);
});
