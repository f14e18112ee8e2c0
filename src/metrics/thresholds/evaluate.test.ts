import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateThresholds } from './evaluate.ts';
import { parseThresholds } from './parse.ts';
import { Batcher } from '../batcher.ts';
import { MetricStore } from '../store.ts';
import { ConfigError } from '../../errors/index.ts';

function storeWith(fill: (b: Batcher) => void): MetricStore {
  const b = new Batcher();
  b.define({ name: 'http_req_duration', type: 'trend', contains: 'time' });
  b.define({ name: 'http_reqs', type: 'counter', contains: 'default' });
  b.define({ name: 'checks', type: 'rate', contains: 'default' });
  b.define({ name: 'vus', type: 'gauge', contains: 'default' });
  b.define({ name: 'my_counter', type: 'counter', contains: 'default' });
  fill(b);
  const store = new MetricStore();
  const batch = b.cut();
  if (batch) store.merge(batch);
  return store;
}

const store = storeWith((b) => {
  for (let i = 1; i <= 100; i++) b.add('http_req_duration', { status: i <= 90 ? '200' : '500' }, i * 10, i);
  for (let i = 0; i < 20; i++) b.add('http_reqs', {}, 1, i);
  for (let i = 0; i < 10; i++) b.add('checks', { check: 'ok' }, i < 9 ? 1 : 0, i);
  b.add('vus', {}, 5, 1);
  b.add('vus', {}, 3, 2);
});

test('each aggregation is compared with its operator', () => {
  const parsed = parseThresholds({
    http_req_duration: ['p(95)<1000', 'p(95)<900', 'avg==505', 'min>=10', 'max>1000', 'med<=510'],
    'http_req_duration{status:200}': ['max<=900', 'max<900'],
    http_reqs: ['count==20', 'rate===2', 'rate!=2'],
    checks: ['rate>0.85', 'rate>0.95'],
    vus: ['value==3'],
  });
  const results = evaluateThresholds(store, parsed, { durationMs: 10_000 });
  assert.deepEqual(results.map((r) => [r.metric, r.source, r.ok]), [
    ['http_req_duration', 'p(95)<1000', true],
    ['http_req_duration', 'p(95)<900', false],
    ['http_req_duration', 'avg==505', true],
    ['http_req_duration', 'min>=10', true],
    ['http_req_duration', 'max>1000', false],
    ['http_req_duration', 'med<=510', true],
    ['http_req_duration{status:200}', 'max<=900', true],
    ['http_req_duration{status:200}', 'max<900', false],
    ['http_reqs', 'count==20', true],
    ['http_reqs', 'rate===2', true],
    ['http_reqs', 'rate!=2', false],
    ['checks', 'rate>0.85', true],
    ['checks', 'rate>0.95', false],
    ['vus', 'value==3', true],
  ]);
  const p95 = results[0].value!;
  assert.ok(Math.abs(p95 - 950.5) / 950.5 < 0.01, String(p95));
  assert.equal(results[8].value, 20);
  assert.equal(results[11].value, 0.9);
  assert.ok(results.every((r) => !r.noData));
});

test('no data: noData true, ok unless requireData', () => {
  const parsed = parseThresholds({
    'http_req_duration{status:404}': ['p(95)<1'],
    my_counter: [{ threshold: 'count>0', abortOnFail: true, delayAbortEval: '5s' }],
  });
  const loose = evaluateThresholds(store, parsed, { durationMs: 1000 });
  assert.deepEqual(loose, [
    { metric: 'http_req_duration{status:404}', source: 'p(95)<1', ok: true, noData: true, value: undefined, abortOnFail: false, delayAbortEvalMs: 0 },
    { metric: 'my_counter', source: 'count>0', ok: true, noData: true, value: undefined, abortOnFail: true, delayAbortEvalMs: 5000 },
  ]);
  const strict = evaluateThresholds(store, parsed, { durationMs: 1000, requireData: true });
  assert.deepEqual(strict.map((r) => r.ok), [false, false]);
});

test('a custom metric of the wrong type is a ConfigError at evaluation', () => {
  const parsed = parseThresholds({ my_counter: ['p(95)<5'] });
  assert.throws(() => evaluateThresholds(store, parsed, { durationMs: 1 }),
    (e: unknown) => e instanceof ConfigError && /"p\(95\)" does not apply to counter metric "my_counter"/.test(e.message));
});

test('counter rate is 0 with zero duration', () => {
  const [r] = evaluateThresholds(store, parseThresholds({ http_reqs: ['rate<1'] }), { durationMs: 0 });
  assert.equal(r.value, 0);
  assert.equal(r.ok, true);
});
