import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionsFromEnv } from './env.ts';

test('optionsFromEnv maps K6_* variables to options in k6 text formats', () => {
  const { options, problems } = optionsFromEnv({
    K6_VUS: '10', K6_DURATION: '1m30s', K6_ITERATIONS: '100', K6_STAGES: '5s:10,10s:0',
    K6_NO_SUMMARY: 'true', K6_SUMMARY_EXPORT: 'out.json', K6_SUMMARY_TREND_STATS: 'avg, p(99),max',
    K6_SUMMARY_TIME_UNIT: 'ms', K6_DISCARD_RESPONSE_BODIES: '1', K6_INSECURE_SKIP_TLS_VERIFY: 'T',
    K6_USER_AGENT: 'agent/1', K6_MAX_REDIRECTS: '3', K6_NO_CONNECTION_REUSE: 'false', K6_NO_THRESHOLDS: 'True',
    K6_THROW: 'f', K6_BATCH: '15', K6_BATCH_PER_HOST: '5', K6_SETUP_TIMEOUT: '2m', K6_TEARDOWN_TIMEOUT: '1500',
    K6_HTTP_DEBUG: 'full', K6_NO_VU_CONNECTION_REUSE: 'TRUE', K6_TAGS: 'env:staging,team=core',
    K6_SYSTEM_TAGS: 'status,method', PATH: '/usr/bin', K6_OUT: 'json=x.json',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(options, {
    vus: 10, duration: '1m30s', iterations: 100, stages: [{ duration: '5s', target: 10 }, { duration: '10s', target: 0 }],
    noSummary: true, summaryExport: 'out.json', summaryTrendStats: ['avg', 'p(99)', 'max'], summaryTimeUnit: 'ms',
    discardResponseBodies: true, insecureSkipTLSVerify: true, userAgent: 'agent/1', maxRedirects: 3,
    noConnectionReuse: false, noThresholds: true, throw: false, batch: 15, batchPerHost: 5, setupTimeout: '2m',
    teardownTimeout: '1500', httpDebug: 'full', noVUConnectionReuse: true, tags: { env: 'staging', team: 'core' },
    systemTags: ['status', 'method'],
  });
});

test('STAMPEDE_ variables win over K6_ ones; empty ones are unset', () => {
  const { options } = optionsFromEnv({ K6_VUS: '5', STAMPEDE_VUS: '7', K6_DURATION: '10s', STAMPEDE_DURATION: '', K6_ITERATIONS: '' });
  assert.deepEqual(options, { vus: 7, duration: '10s' });
});

test('bad values are reported under the variable actually read, and left out', () => {
  const { options, problems } = optionsFromEnv({
    K6_VUS: 'ten', STAMPEDE_DURATION: '1x', K6_THROW: 'yes', K6_STAGES: '30s', K6_TAGS: 'novalue', K6_MAX_REDIRECTS: '-1', K6_BATCH: '4',
  });
  assert.deepEqual(options, { batch: 4 });
  assert.deepEqual(problems, [
    'K6_VUS: must be a non-negative integer, got "ten"',
    'STAMPEDE_DURATION: invalid duration "1x"; use e.g. 30s, 1m30s, 500ms',
    'K6_STAGES: stage "30s" has no target; use duration:target, e.g. 30s:10',
    'K6_MAX_REDIRECTS: must be a non-negative integer, got "-1"',
    'K6_THROW: must be true or false, got "yes"',
    'K6_TAGS: expected key:value pairs separated by commas, got "novalue"',
  ]);
});

test('K6_DNS carries the dns option in its text form (read by config/dns.ts)', () => {
  assert.deepEqual(optionsFromEnv({ K6_DNS: 'ttl=1m,select=first' }).options, { dns: 'ttl=1m,select=first' });
});
