import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputSpecs, parseOutputSpec } from './specs.ts';
import { ConfigError } from '../errors/index.ts';

test('name=arg and bare names parse as k6 spells them', () => {
  assert.deepEqual(parseOutputSpec('json=out.json', '--out'), { name: 'json', arg: 'out.json' });
  assert.deepEqual(parseOutputSpec('influxdb=http://127.0.0.1:8086/k6?x=1', '--out'), { name: 'influxdb', arg: 'http://127.0.0.1:8086/k6?x=1' });
  assert.deepEqual(parseOutputSpec('experimental-prometheus-rw', '--out'), { name: 'experimental-prometheus-rw', arg: '' });
});

test('an unknown output is a config error naming where it came from and the known names', () => {
  assert.throws(() => parseOutputSpec('influx=http://x', '--out'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /--out: unknown output "influx"/);
    assert.match(err.hint ?? '', /influxdb/);
    return true;
  });
});

test('--out replaces K6_OUT; K6_OUT splits on commas between outputs only', () => {
  assert.deepEqual(outputSpecs(['csv=a.csv'], { K6_OUT: 'json=b.json' }), [{ name: 'csv', arg: 'a.csv' }]);
  assert.deepEqual(outputSpecs([], { K6_OUT: 'json=b.json,influxdb=http://h:8086/db?a=1,b=2' }), [
    { name: 'json', arg: 'b.json' },
    { name: 'influxdb', arg: 'http://h:8086/db?a=1,b=2' },
  ]);
  assert.deepEqual(outputSpecs([], { K6_OUT: 'json=k.json', STAMPEDE_OUT: 'csv=s.csv' }), [{ name: 'csv', arg: 's.csv' }]);
  assert.deepEqual(outputSpecs([], {}), []);
  assert.throws(() => outputSpecs([], { K6_OUT: 'nope=1' }), /K6_OUT: unknown output "nope"/);
});
