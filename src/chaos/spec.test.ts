import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chaosPlanFrom, DEFAULT_RECOVERY } from './spec.ts';

const PROXIES = {
  api: { listen: '127.0.0.1:18000', upstream: '127.0.0.1:3000' },
  redis: { listen: '127.0.0.1:16379', upstream: '127.0.0.1:6379' },
};

test("the issue's drills read into proxies and faults on the run's clock", () => {
  const problems: string[] = [];
  const plan = chaosPlanFrom(PROXIES, {
    queue_outage: { at: '60s', duration: '3m', proxy: 'redis', fault: { type: 'down' } },
    slow_db: { at: '5m', duration: '1m', proxy: 'redis', fault: { type: 'latency', latency: '200ms', jitter: '50ms' } },
    api_errors: { at: '7m', duration: '30s', proxy: 'api', fault: { type: 'http', errorRate: 0.1, errorCode: 503, averageDelay: '50ms', delayVariation: '10ms' }, recovery: { window: '5s', errorRate: 2, p95: 0.5 } },
    cache_flush: { at: '8m', exec: 'redis-cli -p 6379 FLUSHALL' },
  }, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(plan!.proxies.map((p) => [p.name, p.http === true]), [['api', true], ['redis', false]], 'api gets HTTP faults, so it parses HTTP');
  const [outage, slow, errors, flush] = plan!.faults;
  assert.deepEqual([outage.atMs, outage.durationMs, outage.proxy, outage.action], [60_000, 180_000, 'redis', { kind: 'down' }]);
  assert.deepEqual(slow.action, { kind: 'toxic', toxic: { type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 200, jitter: 50 } } });
  assert.deepEqual(errors.action, { kind: 'http', http: { averageDelayMs: 50, delayVariationMs: 10, errorRate: 0.1, errorCode: 503, errorBody: '', exclude: [] } });
  assert.deepEqual(errors.recovery, { windowMs: 5000, errorRatePoints: 2, p95Share: 0.5 });
  assert.deepEqual([flush.atMs, flush.durationMs, flush.exec, flush.recovery], [480_000, 0, { command: 'redis-cli -p 6379 FLUSHALL', undo: undefined }, DEFAULT_RECOVERY]);
});

test('every mistake is a problem naming its option path', () => {
  const problems: string[] = [];
  chaosPlanFrom({ api: { listen: '18000', upstrem: 'x' } }, {
    a: { duration: '1m', proxy: 'api', fault: { type: 'down' } },
    b: { at: '1m', duration: '1m', proxy: 'db', fault: { type: 'latncy' } },
    c: { at: 'soon', proxy: 'api', fault: { type: 'http', errorRate: 2 } },
    d: { at: '1m' },
    e: { at: '1m', duration: '1m', proxy: 'api', fault: { type: 'down' }, recovery: { window: '50ms' } },
  }, problems);
  assert.deepEqual(problems, [
    'proxies.api.upstrem: unknown field; did you mean "upstream"?',
    'proxies.api.listen: "18000" is not host:port (e.g. 127.0.0.1:18000)',
    'proxies.api.upstream: required, host:port (e.g. 127.0.0.1:3000)',
    "chaos.a.at: required, when the fault starts (e.g. '60s' after the test's start)",
    'chaos.b.proxy: no proxy "db" in options.proxies',
    'chaos.b.fault.type: unknown fault "latncy"; did you mean "latency"?',
    'chaos.c.at: "soon" is not a duration (e.g. 30s, 200ms)',
    'chaos.c.fault.errorRate: a share of requests between 0 and 1, got 2',
    "chaos.c.duration: required with fault, how long the fault lasts (e.g. '3m')",
    'chaos.d: give a fault on a proxy (proxy + fault) or a command (exec)',
    'chaos.e.recovery.window: at least 100ms (the load is measured per 100 ms metrics batch), got "50ms"',
  ]);
});
