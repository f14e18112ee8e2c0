import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../errors/index.ts';
import { Histogram } from '../../metrics/index.ts';
import { readConfig } from './config.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

test('defaults are k6\'s', () => {
  const c = readConfig({});
  assert.equal(c.serverUrl, 'http://localhost:9090/api/v1/write');
  assert.equal(c.pushIntervalMs, 5000);
  assert.deepEqual(c.trendStats.map((t) => t.suffix), ['p99']);
  assert.equal(c.nativeHistogram, false);
  assert.equal(c.nativeSchema, 8);
  assert.equal(c.staleMarkers, false);
  assert.equal(c.insecureSkipTLSVerify, false);
  assert.deepEqual(c.headers, {});
  assert.deepEqual(c.labels, {});
});

test('every variable is read; STAMPEDE_ beats K6_; empty counts as unset', () => {
  const c = readConfig({
    K6_PROMETHEUS_RW_SERVER_URL: 'https://prom.example/api/v1/write',
    K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
    STAMPEDE_PROMETHEUS_RW_PUSH_INTERVAL: '250ms',
    K6_PROMETHEUS_RW_TREND_STATS: 'p(95), p(99.9),min,max,avg,med,count,sum,p(95)',
    K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'TRUE',
    K6_PROMETHEUS_RW_STALE_MARKERS: 't',
    K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY: '1',
    K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION: '1.3',
    K6_PROMETHEUS_RW_HEADERS_X_Scope_OrgID: 'tenant-1',
    K6_PROMETHEUS_RW_HTTP_HEADERS: 'X-A:1,X-B:two',
    K6_PROMETHEUS_RW_LABELS: 'environment=staging,server=srv1,empty=',
    K6_PROMETHEUS_RW_USERNAME: 'ada',
    K6_PROMETHEUS_RW_PASSWORD: 's3cret',
    STAMPEDE_PROMETHEUS_RW_STALE_MARKERS: '',
  });
  assert.equal(c.serverUrl, 'https://prom.example/api/v1/write');
  assert.equal(c.pushIntervalMs, 250);
  assert.deepEqual(c.trendStats.map((t) => t.suffix), ['p95', 'p999', 'min', 'max', 'avg', 'med', 'count', 'sum']);
  assert.equal(c.nativeHistogram, true);
  assert.equal(c.staleMarkers, true);
  assert.equal(c.insecureSkipTLSVerify, true);
  assert.equal(c.tlsMinVersion, 'TLSv1.3');
  assert.deepEqual(c.headers, {
    X_Scope_OrgID: 'tenant-1',
    'X-A': '1',
    'X-B': 'two',
    Authorization: `Basic ${Buffer.from('ada:s3cret').toString('base64')}`,
  });
  assert.deepEqual(c.labels, { environment: 'staging', server: 'srv1' });
});

test('trend stats read the histogram; sum is the exact total', () => {
  const h = new Histogram();
  for (const v of [10, 20, 30, 40]) h.add(v);
  const stats = readConfig({ K6_PROMETHEUS_RW_TREND_STATS: 'min,max,avg,count,sum,p(50)' }).trendStats;
  assert.deepEqual(Object.fromEntries(stats.map((s) => [s.suffix, s.read(h)])).sum, 100);
  assert.equal(stats.find((s) => s.stat === 'count')!.isCount, true);
  assert.equal(stats.find((s) => s.stat === 'min')!.read(h), 10);
  assert.equal(stats.find((s) => s.stat === 'max')!.read(h), 40);
});

test('a bearer token becomes the Authorization header; the --out argument is the URL', () => {
  const c = readConfig({ K6_PROMETHEUS_RW_BEARER_TOKEN: 'tok' }, 'http://127.0.0.1:9/api/v1/write');
  assert.equal(c.headers.Authorization, 'Bearer tok');
  assert.equal(c.serverUrl, 'http://127.0.0.1:9/api/v1/write');
});

test('every malformed value is reported, named after its variable', () => {
  const problems = problemsOf(() => readConfig({
    K6_PROMETHEUS_RW_SERVER_URL: 'ftp://x',
    K6_PROMETHEUS_RW_PUSH_INTERVAL: 'soon',
    K6_PROMETHEUS_RW_TREND_STATS: 'p(99),p(101),median',
    STAMPEDE_PROMETHEUS_RW_STALE_MARKERS: 'yes',
    K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION: '1.1',
    K6_PROMETHEUS_RW_CLIENT_CERTIFICATE: '/tmp/cert.pem',
  }));
  assert.equal(problems.length, 7, problems.join('\n'));
  assert.match(problems[0], /^K6_PROMETHEUS_RW_SERVER_URL: .*http/);
  assert.match(problems[1], /^K6_PROMETHEUS_RW_PUSH_INTERVAL: /);
  assert.match(problems[2], /^K6_PROMETHEUS_RW_TREND_STATS: unknown trend stat "p\(101\)"/);
  assert.match(problems[3], /^K6_PROMETHEUS_RW_TREND_STATS: unknown trend stat "median"/);
  assert.match(problems.join('\n'), /STAMPEDE_PROMETHEUS_RW_STALE_MARKERS: must be true or false/);
  assert.match(problems.join('\n'), /K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION: must be 1.2 or 1.3/);
  assert.match(problems.join('\n'), /K6_PROMETHEUS_RW_CLIENT_CERTIFICATE: .*_KEY/);
  assert.deepEqual(problemsOf(() => readConfig({ K6_PROMETHEUS_RW_TREND_STATS: ' , ' })), ['K6_PROMETHEUS_RW_TREND_STATS: no trend stat given']);
  assert.match(problemsOf(() => readConfig({ K6_PROMETHEUS_RW_SIGV4_REGION: 'eu-west-1' }))[0], /^K6_PROMETHEUS_RW_SIGV4_REGION: .*not supported/);
  assert.equal(readConfig({ STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA: '3' }).nativeSchema, 3);
  assert.match(problemsOf(() => readConfig({ STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA: '9' }))[0], /^STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA: must be an integer from -4 to 8/);
});
