import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_METRICS, EMITTED_BUILTIN_METRICS, K6_BUILTIN_METRIC_TYPES, SUMMARY_HIDDEN_PREFIXES, SUMMARY_SECTION_ORDER, builtinMetric, summarySection,
} from './builtin.ts';

test('one entry per built-in metric, each with a type, a contains and a summary section', () => {
  const names = BUILTIN_METRICS.map((m) => m.name);
  assert.equal(new Set(names).size, names.length, 'no metric is listed twice');
  for (const m of BUILTIN_METRICS) {
    assert.ok(['counter', 'gauge', 'rate', 'trend'].includes(m.type), m.name);
    assert.ok(['default', 'time', 'data'].includes(m.contains), m.name);
    assert.ok(m.section === 'CHECKS' || SUMMARY_SECTION_ORDER.includes(m.section), m.name);
    assert.equal(builtinMetric(m.name), m);
  }
  assert.equal(builtinMetric('my_trend'), undefined);
});

test('k6\'s types for threshold checks: every k6 metric (browser too), none of Stampede\'s own', () => {
  assert.equal(K6_BUILTIN_METRIC_TYPES.http_req_duration, 'trend');
  assert.equal(K6_BUILTIN_METRIC_TYPES.checks, 'rate');
  assert.equal(K6_BUILTIN_METRIC_TYPES.vus, 'gauge');
  assert.equal(K6_BUILTIN_METRIC_TYPES.grpc_streams, 'counter');
  assert.equal(K6_BUILTIN_METRIC_TYPES.browser_web_vital_lcp, 'trend');
  assert.equal(K6_BUILTIN_METRIC_TYPES.script_errors, undefined);
  assert.equal(K6_BUILTIN_METRIC_TYPES.iteration_lateness, undefined);
  assert.equal(Object.keys(K6_BUILTIN_METRIC_TYPES).length, BUILTIN_METRICS.filter((m) => m.origin === 'k6').length);
});

test('the metrics a worker defines: every one Stampede records, its own included, k6/browser\'s not', () => {
  const emitted = EMITTED_BUILTIN_METRICS.map((m) => m.name);
  for (const name of ['http_reqs', 'http_req_duration', 'iterations', 'vus', 'ws_sessions', 'grpc_req_duration', 'script_errors', 'iteration_lateness']) {
    assert.ok(emitted.includes(name), name);
  }
  assert.ok(!emitted.some((n) => n.startsWith('browser_')));
  assert.deepEqual(EMITTED_BUILTIN_METRICS.find((m) => m.name === 'iteration_lateness'), { name: 'iteration_lateness', type: 'trend', contains: 'time' });
  assert.deepEqual(EMITTED_BUILTIN_METRICS.find((m) => m.name === 'data_sent'), { name: 'data_sent', type: 'counter', contains: 'data' });
});

test('summary sections: built-ins by the registry, other names by k6\'s prefixes, the rest CUSTOM', () => {
  const cases: [string, string][] = [
    ['http_req_duration', 'HTTP'], ['http_reqs', 'HTTP'], ['http_requests_custom', 'CUSTOM'], ['iteration_duration', 'EXECUTION'],
    ['script_errors', 'EXECUTION'], ['iteration_lateness', 'EXECUTION'], ['data_received', 'NETWORK'], ['checks', 'CHECKS'],
    ['ws_ping', 'WEBSOCKET'], ['ws_custom', 'WEBSOCKET'], ['grpc_req_duration', 'GRPC'], ['grpc_custom', 'GRPC'],
    ['browser_web_vital_lcp', 'WEBVITALS'], ['browser_web_vital_custom', 'WEBVITALS'], ['browser_http_req_duration', 'BROWSER'], ['my_metric', 'CUSTOM'],
  ];
  for (const [name, section] of cases) assert.equal(summarySection(name), section, name);
  assert.deepEqual([...SUMMARY_HIDDEN_PREFIXES].sort(), ['checks', 'group_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_receiving',
    'http_req_sending', 'http_req_tls_handshaking', 'http_req_waiting']);
});
