/**
 * The pure parts of the HTTP fault layer: delay sampling, the error
 * decision, exclude matching, the error body's content type, the checks
 * on a fault and on the upstream address.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sampleDelayMs, shouldInjectError, isExcluded, requestPath, errorContentType, validateHttpFault, parseUpstream,
} from './http-faults.ts';
import type { HttpFaultSpec } from './types.ts';

const base: HttpFaultSpec = { averageDelayMs: 0, delayVariationMs: 0, errorRate: 0, errorCode: 500, errorBody: '', exclude: [] };

test('delay: uniform in averageDelay ± delayVariation over many samples, spread over the whole range', () => {
  const n = 100_000;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = sampleDelayMs({ averageDelayMs: 50, delayVariationMs: 10 });
    min = Math.min(min, d);
    max = Math.max(max, d);
    sum += d;
  }
  assert.ok(min >= 40 && max <= 60, `range [${min}, ${max}]`);
  assert.ok(min < 40.1 && max > 59.9, `range reaches both ends: [${min}, ${max}]`);
  // uniform on [40, 60]: sd 20/sqrt(12) ≈ 5.77; the mean of 1e5 samples is within 6 standard errors of 50
  const mean = sum / n;
  assert.ok(Math.abs(mean - 50) < 6 * (20 / Math.sqrt(12)) / Math.sqrt(n), `mean ${mean}`);
});

test('delay: never negative when the variation exceeds the average; exact without variation', () => {
  for (let i = 0; i < 10_000; i++) {
    const d = sampleDelayMs({ averageDelayMs: 5, delayVariationMs: 20 });
    assert.ok(d >= 0 && d <= 25, String(d));
  }
  assert.equal(sampleDelayMs({ averageDelayMs: 5, delayVariationMs: 20 }, () => 0), 0);
  assert.equal(sampleDelayMs({ averageDelayMs: 5, delayVariationMs: 20 }, () => 0.999999) <= 25, true);
  assert.equal(sampleDelayMs({ averageDelayMs: 30, delayVariationMs: 0 }), 30);
  assert.equal(sampleDelayMs({ averageDelayMs: 0, delayVariationMs: 0 }), 0);
});

test('error decision: share close to errorRate (binomial bounds); 0 never, 1 always', () => {
  const n = 100_000;
  for (const rate of [0.01, 0.3, 0.5, 0.9]) {
    let hits = 0;
    for (let i = 0; i < n; i++) if (shouldInjectError({ errorRate: rate })) hits++;
    const sd = Math.sqrt(n * rate * (1 - rate));
    assert.ok(Math.abs(hits - n * rate) < 5 * sd, `rate ${rate}: ${hits} of ${n} (expected ${n * rate} ± ${5 * sd})`);
  }
  for (let i = 0; i < 1000; i++) {
    assert.equal(shouldInjectError({ errorRate: 0 }), false);
    assert.equal(shouldInjectError({ errorRate: 1 }), true);
  }
  assert.equal(shouldInjectError({ errorRate: 0 }, () => 0), false, 'rate 0 with random 0 is still no error');
});

test('exclude: exact paths, and prefixes ending in *', () => {
  const exclude = ['/health', '/static/*', '/api*'];
  assert.equal(isExcluded('/health', exclude), true);
  assert.equal(isExcluded('/health/deep', exclude), false);
  assert.equal(isExcluded('/healthz', exclude), false);
  assert.equal(isExcluded('/static/', exclude), true);
  assert.equal(isExcluded('/static/app.js', exclude), true);
  assert.equal(isExcluded('/static/a/b/c.css', exclude), true);
  assert.equal(isExcluded('/static', exclude), false);
  assert.equal(isExcluded('/staticfile', exclude), false);
  assert.equal(isExcluded('/api', exclude), true);
  assert.equal(isExcluded('/apiv2/x', exclude), true);
  assert.equal(isExcluded('/', exclude), false);
  assert.equal(isExcluded('/health', []), false);
  assert.equal(isExcluded('/anything', ['*']), true);
});

test('request path: query and fragment dropped, absolute-form reduced to its path', () => {
  assert.equal(requestPath('/health?full=1'), '/health');
  assert.equal(requestPath('/static/a.js#x'), '/static/a.js');
  assert.equal(requestPath('/'), '/');
  assert.equal(requestPath('http://example.test:8080/health?x'), '/health');
  assert.equal(requestPath('http://example.test'), '/');
  assert.equal(requestPath('*'), '*');
});

test('error body content type: JSON when it parses, text otherwise', () => {
  assert.equal(errorContentType('{"error":"injected"}'), 'application/json');
  assert.equal(errorContentType(' [1, 2] \n'), 'application/json');
  assert.equal(errorContentType('{not json}'), 'text/plain; charset=utf-8');
  assert.equal(errorContentType('Service Unavailable'), 'text/plain; charset=utf-8');
  assert.equal(errorContentType(''), 'text/plain; charset=utf-8');
  assert.equal(errorContentType('42'), 'text/plain; charset=utf-8');
});

test('fault checks: bad rates, delays, codes and excludes are named', () => {
  assert.equal(validateHttpFault(base), undefined);
  assert.equal(validateHttpFault({ ...base, errorRate: 0.5, errorCode: 503 }), undefined);
  assert.match(validateHttpFault({ ...base, errorRate: 1.5 }) ?? '', /errorRate/);
  assert.match(validateHttpFault({ ...base, errorRate: -0.1 }) ?? '', /errorRate/);
  assert.match(validateHttpFault({ ...base, errorRate: NaN }) ?? '', /errorRate/);
  assert.match(validateHttpFault({ ...base, averageDelayMs: -1 }) ?? '', /averageDelay/);
  assert.match(validateHttpFault({ ...base, delayVariationMs: Infinity }) ?? '', /delayVariation/);
  assert.match(validateHttpFault({ ...base, errorRate: 0.1, errorCode: 42 }) ?? '', /errorCode/);
  assert.match(validateHttpFault({ ...base, errorRate: 0.1, errorCode: 503.5 }) ?? '', /errorCode/);
  assert.equal(validateHttpFault({ ...base, errorRate: 0, errorCode: 0 }), undefined, 'the code does not matter without errors');
  assert.match(validateHttpFault({ ...base, exclude: [3 as unknown as string] }) ?? '', /exclude/);
});

test('upstream address: host:port and [v6]:port; anything else is an Error', () => {
  assert.deepEqual(parseUpstream('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseUpstream('localhost:1'), { host: 'localhost', port: 1 });
  assert.deepEqual(parseUpstream('[::1]:443'), { host: '::1', port: 443 });
  assert.throws(() => parseUpstream('127.0.0.1'), /host:port/);
  assert.throws(() => parseUpstream('127.0.0.1:0'), /host:port/);
  assert.throws(() => parseUpstream('127.0.0.1:70000'), /host:port/);
  assert.throws(() => parseUpstream('http://127.0.0.1:80'), /host:port/);
});
