import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../errors/index.ts';
import { describeConfig, parseKeyValueList, readOtelConfig } from './config.ts';

const read = (env: Record<string, string>) => readOtelConfig(env, '9.9.9');

function problemsOf(env: Record<string, string>): string[] {
  try {
    read(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

test("k6's defaults: gRPC over TLS to localhost:4317, service k6, export every 10s, flush every 1s", () => {
  const c = read({});
  assert.equal(c.protocol, 'grpc');
  assert.equal(c.endpoint, 'localhost:4317');
  assert.equal(c.insecure, false);
  assert.equal(c.serviceName, 'k6');
  assert.equal(c.serviceVersion, '9.9.9');
  assert.equal(c.metricPrefix, '');
  assert.equal(c.exportIntervalMs, 10_000);
  assert.equal(c.flushIntervalMs, 1_000);
  assert.equal(c.exportTimeoutMs, 10_000);
  assert.equal(c.temporality, 'cumulative');
  assert.equal(c.compression, 'none');
  assert.equal(c.singleCounterForRate, true);
  assert.deepEqual(c.headers, {});
  assert.deepEqual(c.warnings, []);
  assert.equal(describeConfig(c), 'opentelemetry (grpc, localhost:4317)');
});

test('http/protobuf: the URL is built from insecure, endpoint and URL path', () => {
  const https = read({ K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf' });
  assert.equal(https.endpoint, 'https://localhost:4318/v1/metrics');
  const plain = read({
    K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf', K6_OTEL_HTTP_EXPORTER_INSECURE: 'true',
    K6_OTEL_HTTP_EXPORTER_ENDPOINT: 'collector:9090', K6_OTEL_HTTP_EXPORTER_URL_PATH: 'otlp/v1/metrics',
  });
  assert.equal(plain.endpoint, 'http://collector:9090/otlp/v1/metrics');
  assert.equal(describeConfig(plain), 'opentelemetry (http/protobuf, http://collector:9090/otlp/v1/metrics)');
  assert.equal(describeConfig(read({ K6_OTEL_GRPC_EXPORTER_INSECURE: 'true' })), 'opentelemetry (grpc (insecure), localhost:4317)');
});

test('STAMPEDE_OTEL_* beats K6_OTEL_*; empty values count as unset', () => {
  const c = read({ K6_OTEL_METRIC_PREFIX: 'k6_', STAMPEDE_OTEL_METRIC_PREFIX: 'st_', K6_OTEL_SERVICE_NAME: '' });
  assert.equal(c.metricPrefix, 'st_');
  assert.equal(c.serviceName, 'k6');
});

test('the deprecated K6_OTEL_EXPORTER_TYPE (grpc | http) still works, with a warning; the protocol variable wins', () => {
  const c = read({ K6_OTEL_EXPORTER_TYPE: 'http' });
  assert.equal(c.protocol, 'http/protobuf');
  assert.match(c.warnings[0], /K6_OTEL_EXPORTER_TYPE is deprecated; use K6_OTEL_EXPORTER_PROTOCOL=http\/protobuf/);
  assert.equal(read({ K6_OTEL_EXPORTER_TYPE: 'http', K6_OTEL_EXPORTER_PROTOCOL: 'grpc' }).protocol, 'grpc');
});

test('bad values are one ConfigError naming every variable', () => {
  const problems = problemsOf({
    K6_OTEL_EXPORTER_PROTOCOL: 'http',
    K6_OTEL_EXPORT_INTERVAL: 'soon',
    K6_OTEL_FLUSH_INTERVAL: '0s',
    K6_OTEL_GRPC_EXPORTER_INSECURE: 'yes',
    K6_OTEL_HEADERS: 'a=b,broken',
    OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '-1',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes',
  });
  assert.deepEqual(new Set(problems.map((p) => p.split(':')[0])), new Set([
    'K6_OTEL_EXPORTER_PROTOCOL', 'K6_OTEL_GRPC_EXPORTER_INSECURE', 'K6_OTEL_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT',
    'OTEL_EXPORTER_OTLP_COMPRESSION', 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'K6_OTEL_FLUSH_INTERVAL', 'K6_OTEL_EXPORT_INTERVAL',
  ]));
  assert.equal(problems.length, 8);
  assert.match(problems[0], /unsupported exporter protocol "http", only "grpc" and "http\/protobuf" are supported/);
});

test('an HTTP endpoint with a scheme is refused, as k6 refuses it', () => {
  const [p] = problemsOf({ K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf', K6_OTEL_HTTP_EXPORTER_ENDPOINT: 'https://collector:4318' });
  assert.match(p, /^K6_OTEL_HTTP_EXPORTER_ENDPOINT: HTTP exporter endpoint must only be host and port, no scheme/);
});

test('the standard OTEL_* variables k6 honours through the SDK', () => {
  const c = read({
    OTEL_SERVICE_NAME: 'from-otel',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging,team=perf%20eng',
    OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc',
    OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta',
    OTEL_EXPORTER_OTLP_INSECURE: 'true',
  });
  assert.equal(c.serviceName, 'from-otel');
  assert.deepEqual(c.resourceAttributes, { 'deployment.environment': 'staging', team: 'perf eng' });
  assert.deepEqual(c.headers, { authorization: 'Bearer abc' });
  assert.equal(c.exportTimeoutMs, 2500);
  assert.equal(c.compression, 'gzip');
  assert.equal(c.temporality, 'delta');
  assert.equal(c.insecure, true);
  // k6's own variables win
  const k6 = read({ OTEL_SERVICE_NAME: 'from-otel', K6_OTEL_SERVICE_NAME: 'mine', OTEL_EXPORTER_OTLP_HEADERS: 'a=1', K6_OTEL_HEADERS: 'b=2', OTEL_EXPORTER_OTLP_INSECURE: 'true', K6_OTEL_GRPC_EXPORTER_INSECURE: 'false' });
  assert.equal(k6.serviceName, 'mine');
  assert.deepEqual(k6.headers, { b: '2' });
  assert.equal(k6.insecure, false);
  // k6 sends service.name "k6" even when OTEL_RESOURCE_ATTRIBUTES names another
  assert.equal(read({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=other' }).serviceName, 'k6');
});

test('durations take k6 spellings or milliseconds', () => {
  const c = read({ K6_OTEL_EXPORT_INTERVAL: '1m30s', K6_OTEL_FLUSH_INTERVAL: '250' });
  assert.equal(c.exportIntervalMs, 90_000);
  assert.equal(c.flushIntervalMs, 250);
});

test('the legacy pair of counters for a Rate is opt-in and warned about', () => {
  const c = read({ K6_OTEL_SINGLE_COUNTER_FOR_RATE: 'false' });
  assert.equal(c.singleCounterForRate, false);
  assert.match(c.warnings[0], /deprecated/);
});

test('a client certificate needs its key', () => {
  assert.match(problemsOf({ K6_OTEL_TLS_CLIENT_CERTIFICATE: 'c.pem' })[0], /^K6_OTEL_TLS_CLIENT_CERTIFICATE: .*K6_OTEL_TLS_CLIENT_KEY/);
  const c = read({ K6_OTEL_TLS_CLIENT_CERTIFICATE: 'c.pem', K6_OTEL_TLS_CLIENT_KEY: 'k.pem', K6_OTEL_TLS_CERTIFICATE: 'ca.pem', K6_OTEL_TLS_INSECURE_SKIP_VERIFY: 'true' });
  assert.deepEqual(c.tls, { insecureSkipVerify: true, caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' });
});


test('parseKeyValueList percent-decodes and reports a broken entry', () => {
  assert.deepEqual(parseKeyValueList('k1=v1, k2 = a%3Db ,'), { k1: 'v1', k2: 'a=b' });
  assert.match(String(parseKeyValueList('=v')), /invalid entry/);
  assert.match(String(parseKeyValueList('k=%zz')), /percent-encoding/);
});
