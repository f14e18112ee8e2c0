import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../errors/index.ts';
import { describeConfig, parseInfluxConfig, parseTagsAsFields, type InfluxConfig } from './config.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.exitCode, 104);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

function v1(c: InfluxConfig) {
  assert.equal(c.version, 1);
  return c as InfluxConfig & { version: 1 };
}

test("k6's defaults: database from the URL path, 1s, 4 writes, vu:int,iter:int,url as fields, ns", () => {
  const c = v1(parseInfluxConfig('http://127.0.0.1:8086/myk6db', {}));
  assert.equal(c.baseUrl, 'http://127.0.0.1:8086');
  assert.equal(c.db, 'myk6db');
  assert.equal(c.pushIntervalMs, 1000);
  assert.equal(c.concurrentWrites, 4);
  assert.equal(c.precision, 'ns');
  assert.equal(c.insecure, false);
  assert.equal(c.maxBuffered, 1_000_000);
  assert.deepEqual(c.tagsAsFields, [{ tag: 'vu', kind: 'int' }, { tag: 'iter', kind: 'int' }, { tag: 'url', kind: 'string' }]);
  assert.equal(c.username, undefined);
});

test('a path before the database is a reverse-proxy prefix; no path means database k6 (or K6_INFLUXDB_DB)', () => {
  const prefixed = v1(parseInfluxConfig('https://influx.example.com/influxdb/myk6db/', {}));
  assert.equal(prefixed.baseUrl, 'https://influx.example.com/influxdb');
  assert.equal(prefixed.db, 'myk6db');
  assert.equal(v1(parseInfluxConfig('http://h:8086', {})).db, 'k6');
  assert.equal(v1(parseInfluxConfig('http://h:8086', { K6_INFLUXDB_DB: 'fromenv' })).db, 'fromenv');
  assert.equal(v1(parseInfluxConfig('http://h:8086/fromurl', { K6_INFLUXDB_DB: 'fromenv' })).db, 'fromurl');
});

test('without an argument, K6_INFLUXDB_ADDR or http://localhost:8086', () => {
  assert.equal(parseInfluxConfig('', {}).baseUrl, 'http://localhost:8086');
  assert.equal(parseInfluxConfig('', { K6_INFLUXDB_ADDR: 'http://influx:9999' }).baseUrl, 'http://influx:9999');
});

test('credentials come from the URL, else K6_INFLUXDB_USERNAME/PASSWORD, and never show in the description', () => {
  const fromUrl = v1(parseInfluxConfig('http://ada:s%40cret@h:8086/k6', { K6_INFLUXDB_USERNAME: 'bob' }));
  assert.equal(fromUrl.username, 'ada');
  assert.equal(fromUrl.password, 's@cret');
  assert.equal(describeConfig(fromUrl), 'influxdb (http://h:8086/k6)');
  const fromEnv = v1(parseInfluxConfig('http://h:8086/k6', { K6_INFLUXDB_USERNAME: 'bob', K6_INFLUXDB_PASSWORD: 'pw' }));
  assert.equal(fromEnv.username, 'bob');
  assert.equal(fromEnv.password, 'pw');
});

test('K6_INFLUXDB_* settings are read; STAMPEDE_INFLUXDB_* beats them; URL parameters beat both', () => {
  const c = v1(parseInfluxConfig('http://h:8086/k6', {
    K6_INFLUXDB_PUSH_INTERVAL: '500ms',
    K6_INFLUXDB_CONCURRENT_WRITES: '8',
    STAMPEDE_INFLUXDB_CONCURRENT_WRITES: '2',
    K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int, url:string ,ok:bool,ratio:float,note',
    K6_INFLUXDB_PRECISION: 'u',
    K6_INFLUXDB_INSECURE: 'true',
    K6_INFLUXDB_RETENTION: 'autogen',
    K6_INFLUXDB_CONSISTENCY: 'one',
    STAMPEDE_INFLUXDB_MAX_BUFFERED: '1000',
    STAMPEDE_INFLUXDB_BATCH_SIZE: '50',
  }));
  assert.equal(c.pushIntervalMs, 500);
  assert.equal(c.concurrentWrites, 2);
  assert.deepEqual(c.tagsAsFields.map((r) => `${r.tag}:${r.kind}`), ['vu:int', 'url:string', 'ok:bool', 'ratio:float', 'note:string']);
  assert.equal(c.precision, 'us');
  assert.equal(c.insecure, true);
  assert.equal(c.retention, 'autogen');
  assert.equal(c.consistency, 'one');
  assert.equal(c.maxBuffered, 1000);
  assert.equal(c.batchSize, 50);
  const url = v1(parseInfluxConfig('http://h:8086/k6?precision=ms&pushInterval=2s&concurrentWrites=3&tagsAsFields=vu:int&tagsAsFields=url', {
    K6_INFLUXDB_PRECISION: 's', K6_INFLUXDB_PUSH_INTERVAL: '5s',
  }));
  assert.equal(url.precision, 'ms');
  assert.equal(url.pushIntervalMs, 2000);
  assert.equal(url.concurrentWrites, 3);
  assert.deepEqual(url.tagsAsFields.map((r) => r.tag), ['vu', 'url']);
});

test('precision accepts k6 and InfluxDB spellings', () => {
  for (const [text, want] of [['ns', 'ns'], ['1ns', 'ns'], ['n', 'ns'], ['us', 'us'], ['µs', 'us'], ['ms', 'ms'], ['1s', 's'], ['m', 'm'], ['h', 'h']]) {
    assert.equal(parseInfluxConfig('http://h/k6', { K6_INFLUXDB_PRECISION: text }).precision, want, text);
  }
});

test('a bad argument is a config error naming --out influxdb', () => {
  assert.match(problemsOf(() => parseInfluxConfig('not-a-url', {}))[0], /^--out influxdb: "not-a-url" is not a URL/);
  assert.match(problemsOf(() => parseInfluxConfig('udp://127.0.0.1:8089', {}))[0], /^--out influxdb: "udp" is not supported \(use http:\/\/ or https:\/\/\)/);
  assert.match(problemsOf(() => parseInfluxConfig('http://h/k6?bogus=1', {}))[0], /^--out influxdb: unknown query parameter "bogus"/);
});

test('every bad variable is reported at once, each named', () => {
  const problems = problemsOf(() => parseInfluxConfig('http://h/k6', {
    K6_INFLUXDB_PUSH_INTERVAL: 'soon',
    K6_INFLUXDB_CONCURRENT_WRITES: '0',
    K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:long',
    K6_INFLUXDB_PRECISION: 'fortnight',
    K6_INFLUXDB_INSECURE: 'maybe',
    K6_INFLUXDB_CONSISTENCY: 'most',
    STAMPEDE_INFLUXDB_MAX_BUFFERED: '-1',
  }));
  assert.deepEqual(problems.map((p) => p.split(':')[0]), [
    'K6_INFLUXDB_PUSH_INTERVAL', 'K6_INFLUXDB_CONCURRENT_WRITES', 'K6_INFLUXDB_PRECISION', 'K6_INFLUXDB_INSECURE',
    'K6_INFLUXDB_TAGS_AS_FIELDS', 'STAMPEDE_INFLUXDB_MAX_BUFFERED', 'K6_INFLUXDB_CONSISTENCY',
  ]);
  assert.match(problems[4], /unknown type "long" for "vu" \(use int, bool, float, string\)/);
});

test('tags-as-fields entries: name defaults to string, empty entries are skipped, a later entry wins', () => {
  const problems: string[] = [];
  assert.deepEqual(parseTagsAsFields('url,,vu:int,vu:float', 'X', problems), [{ tag: 'url', kind: 'string' }, { tag: 'vu', kind: 'float' }]);
  assert.deepEqual(problems, []);
  parseTagsAsFields(':int', 'X', problems);
  assert.match(problems[0], /^X: ":int" has no tag name/);
});

test('organization, bucket and token select InfluxDB v2', () => {
  const c = parseInfluxConfig('http://h:8086', { K6_INFLUXDB_ORGANIZATION: 'acme', K6_INFLUXDB_BUCKET: 'k6', K6_INFLUXDB_TOKEN: 't0k' });
  assert.equal(c.version, 2);
  assert.ok(c.version === 2);
  assert.equal(c.baseUrl, 'http://h:8086');
  assert.equal(c.organization, 'acme');
  assert.equal(c.bucket, 'k6');
  assert.equal(c.token, 't0k');
  assert.equal(describeConfig(c), 'influxdb v2 (http://h:8086, org acme, bucket k6)');
  // without K6_INFLUXDB_BUCKET the URL's last path segment names the bucket
  const fromPath = parseInfluxConfig('http://h:8086/proxy/metrics', { K6_INFLUXDB_ORGANIZATION: 'acme', K6_INFLUXDB_TOKEN: 't' });
  assert.ok(fromPath.version === 2);
  assert.equal(fromPath.bucket, 'metrics');
  assert.equal(fromPath.baseUrl, 'http://h:8086/proxy');
  // with it, the whole path is a prefix
  const prefixed = parseInfluxConfig('http://h:8086/proxy', { K6_INFLUXDB_ORGANIZATION: 'acme', K6_INFLUXDB_TOKEN: 't', K6_INFLUXDB_BUCKET: 'b' });
  assert.equal(prefixed.baseUrl, 'http://h:8086/proxy');
});

test('a half-configured v2 is an error, not a silent v1', () => {
  const problems = problemsOf(() => parseInfluxConfig('http://h:8086', { K6_INFLUXDB_TOKEN: 't', K6_INFLUXDB_PRECISION: 'h', K6_INFLUXDB_RETENTION: 'rp' }));
  assert.deepEqual(problems.map((p) => p.split(':')[0]), ['K6_INFLUXDB_ORGANIZATION', 'K6_INFLUXDB_BUCKET', 'K6_INFLUXDB_PRECISION', 'K6_INFLUXDB_RETENTION']);
});
