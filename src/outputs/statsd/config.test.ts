import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../errors/index.ts';
import { parseHostPort, parseStatsdConfig } from './config.ts';

test('k6\'s defaults: localhost:8125, k6., 1s, 20 lines, no tags, vu/iter/url blocked', () => {
  const c = parseStatsdConfig({}, '', 'statsd');
  assert.deepEqual({ ...c, tagBlocklist: [...c.tagBlocklist] }, {
    flavour: 'statsd',
    addr: { host: 'localhost', port: 8125, text: 'localhost:8125', source: 'K6_STATSD_ADDR' },
    namespace: 'k6.', pushIntervalMs: 1000, bufferSize: 20, enableTags: false, tagBlocklist: ['vu', 'iter', 'url'],
  });
});

test('K6_STATSD_* variables are read; STAMPEDE_* beats K6_*; --out statsd=addr beats both', () => {
  const env = {
    K6_STATSD_ADDR: '10.0.0.5:9125', K6_STATSD_NAMESPACE: '', K6_STATSD_PUSH_INTERVAL: '250ms',
    K6_STATSD_BUFFER_SIZE: '50', K6_STATSD_ENABLE_TAGS: 'TRUE', K6_STATSD_TAG_BLOCKLIST: ' name , ,status',
    STAMPEDE_STATSD_NAMESPACE: 'app.',
  };
  const c = parseStatsdConfig(env, '', 'statsd');
  assert.deepEqual([c.addr.host, c.addr.port, c.namespace, c.pushIntervalMs, c.bufferSize, c.enableTags, [...c.tagBlocklist]],
    ['10.0.0.5', 9125, 'app.', 250, 50, true, ['name', 'status']]);
  assert.equal(parseStatsdConfig(env, '[::1]:8126', 'statsd').addr.host, '::1');
  assert.equal(parseStatsdConfig({ K6_STATSD_PUSH_INTERVAL: '1500' }, '', 'statsd').pushIntervalMs, 1500);
  assert.equal(parseStatsdConfig({ K6_STATSD_TAG_BLOCKLIST: '' }, '', 'statsd').tagBlocklist.size, 0);
});

test('datadog: tags always on, K6_DATADOG_* read before K6_STATSD_*', () => {
  const c = parseStatsdConfig({ K6_STATSD_ENABLE_TAGS: 'false', K6_DATADOG_ADDR: 'agent:8125', K6_STATSD_ADDR: 'other:1', K6_STATSD_NAMESPACE: 's.', K6_DATADOG_TAG_BLACKLIST: 'error' }, '', 'datadog');
  assert.equal(c.enableTags, true);
  assert.deepEqual([c.addr.host, c.addr.source, c.namespace, [...c.tagBlocklist]], ['agent', 'K6_DATADOG_ADDR', 's.', ['error']]);
});

test('host:port as Go reads it', () => {
  assert.deepEqual(parseHostPort('localhost:8125'), { host: 'localhost', port: 8125 });
  assert.deepEqual(parseHostPort(':8125'), { host: '127.0.0.1', port: 8125 });
  assert.deepEqual(parseHostPort('[fe80::1]:1'), { host: 'fe80::1', port: 1 });
  assert.match(parseHostPort('nohost') as string, /missing port/);
  assert.match(parseHostPort('::1:8125') as string, /too many colons/);
  assert.match(parseHostPort('host:0') as string, /not a number from 1 to 65535/);
  assert.match(parseHostPort('host:statsd') as string, /not a number/);
});

test('every bad value is reported at once, each naming its variable', () => {
  const env = { K6_STATSD_ADDR: 'nohost', K6_STATSD_PUSH_INTERVAL: 'soon', K6_STATSD_BUFFER_SIZE: '-1', K6_STATSD_ENABLE_TAGS: 'yes' };
  assert.throws(() => parseStatsdConfig(env, '', 'statsd'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.problems.map((p) => p.split(':')[0]), ['K6_STATSD_ADDR', 'K6_STATSD_PUSH_INTERVAL', 'K6_STATSD_BUFFER_SIZE', 'K6_STATSD_ENABLE_TAGS']);
    return true;
  });
  assert.throws(() => parseStatsdConfig({}, 'nohost', 'datadog'), /--out datadog: "nohost" is not a valid address/);
  assert.throws(() => parseStatsdConfig({ K6_STATSD_PUSH_INTERVAL: '0s' }, '', 'statsd'), /K6_STATSD_PUSH_INTERVAL/);
});
