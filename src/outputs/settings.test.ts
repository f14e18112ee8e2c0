import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envSetting, intBetween, oneOf, parseGoBool, readSettings, type Schema } from './settings.ts';

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

const SCHEMA = {
  addr: { arg: true, env: ['NEW_ADDR', 'OLD_ADDR'], type: 'string', default: 'localhost:1' },
  interval: { env: 'X_INTERVAL', param: 'interval', type: 'duration', default: 1000 },
  on: { env: 'X_ON', type: 'bool', default: false },
  size: { env: 'X_SIZE', type: 'count' },
  list: { env: 'X_LIST', type: 'list', default: ['a'], keepEmpty: true },
  level: { env: 'X_LEVEL', exact: ['STD_LEVEL'], type: oneOf('level', { low: 1, high: 2 }) },
  schema: { exact: ['STAMPEDE_ONLY_SCHEMA'], type: intBetween(-4, 8), default: 8 },
} satisfies Schema;

test('precedence: the --out argument, a URL parameter, STAMPEDE_ then K6_ for each key in order, exact names, the default', () => {
  const read = (env: Record<string, string>, arg = '', params?: Map<string, string>) =>
    readSettings(SCHEMA, { env, out: { name: 'x', arg }, params: params && { source: '--out x', values: params } }, []);
  const defaults = read({});
  assert.deepEqual(defaults.values, { addr: 'localhost:1', interval: 1000, on: false, size: undefined, list: ['a'], level: undefined, schema: 8 });
  assert.deepEqual(defaults.sources, {});

  const env = { K6_OLD_ADDR: 'old:1', STAMPEDE_OLD_ADDR: 'old:2', K6_NEW_ADDR: 'new:1', K6_X_INTERVAL: '2s', STD_LEVEL: 'low', STAMPEDE_X_LEVEL: 'high' };
  const fromEnv = read(env);
  assert.deepEqual([fromEnv.values.addr, fromEnv.sources.addr], ['new:1', 'K6_NEW_ADDR']);
  assert.deepEqual([fromEnv.values.level, fromEnv.sources.level], [2, 'STAMPEDE_X_LEVEL']);
  assert.equal(read({ K6_OLD_ADDR: 'old:1', STAMPEDE_OLD_ADDR: 'old:2' }).values.addr, 'old:2');
  assert.equal(read({ STD_LEVEL: 'low' }).values.level, 1);
  assert.equal(read({ STAMPEDE_ONLY_SCHEMA: '-3', K6_ONLY_SCHEMA: '1' }).values.schema, -3);

  const withArg = read(env, ' cli:9 ', new Map([['interval', '5s']]));
  assert.deepEqual([withArg.values.addr, withArg.sources.addr], ['cli:9', '--out x']);
  assert.deepEqual([withArg.values.interval, withArg.sources.interval], [5000, '--out x ?interval']);
});

test('values are trimmed; empty (or blank) is unset unless the setting keeps empty values', () => {
  const { values } = readSettings(SCHEMA, { env: { K6_X_INTERVAL: '  ', K6_X_ON: ' t ', K6_X_SIZE: ' 20 ', K6_X_LIST: '' } }, []);
  assert.deepEqual([values.interval, values.on, values.size, values.list], [1000, true, 20, []]);
  assert.deepEqual(readSettings(SCHEMA, { env: { K6_X_LIST: ' b, ,c ' } }, []).values.list, ['b', 'c']);
});

test('every bad value is one problem naming where it came from, in schema order; it reads as the default', () => {
  const problems: string[] = [];
  const { values } = readSettings(SCHEMA, {
    env: { K6_X_INTERVAL: 'soon', K6_X_ON: 'yes', STAMPEDE_X_SIZE: '0', STD_LEVEL: 'mid', STAMPEDE_ONLY_SCHEMA: '9' },
    out: { name: 'x', arg: '' },
    params: undefined,
  }, problems);
  assert.deepEqual(problems, [
    'K6_X_INTERVAL: "soon" is not a positive duration (use 1s, 500ms or a number of milliseconds)',
    'K6_X_ON: must be true or false, got "yes"',
    'STAMPEDE_X_SIZE: must be a positive whole number, got "0"',
    'STD_LEVEL: unknown level "mid" (use low or high)',
    'STAMPEDE_ONLY_SCHEMA: must be an integer from -4 to 8, got "9"',
  ]);
  assert.deepEqual([values.interval, values.on, values.size, values.level, values.schema], [1000, false, undefined, undefined, 8]);
  const fromParam: string[] = [];
  readSettings(SCHEMA, { env: {}, params: { source: 'K6_X_ADDR', values: new Map([['interval', '-1s']]) } }, fromParam);
  assert.match(fromParam[0], /^K6_X_ADDR \?interval: "-1s" is not a positive duration/);
});

test('durations take k6 spellings or a number of milliseconds', () => {
  const ms = (text: string) => readSettings(SCHEMA, { env: { K6_X_INTERVAL: text } }, []).values.interval;
  assert.deepEqual(['1m30s', '250', '1.5s', '500ms'].map(ms), [90_000, 250, 1500, 500]);
});
