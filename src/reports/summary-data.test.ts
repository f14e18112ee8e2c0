import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummaryData, summaryId } from './summary-data.ts';
import { Batcher, MetricStore, evaluateThresholds, parseThresholds, type MetricType, type ValueType } from '../metrics/index.ts';

function store(fill: (add: (metric: string, tags: Record<string, string>, value: number) => void) => void,
  defs: [string, MetricType, ValueType][]): MetricStore {
  const b = new Batcher();
  for (const [name, type, contains] of defs) b.define({ name, type, contains });
  let t = 0;
  fill((metric, tags, value) => b.add(metric, tags, value, t++));
  const s = new MetricStore();
  const batch = b.cut();
  if (batch) s.merge(batch);
  return s;
}

const DEFS: [string, MetricType, ValueType][] = [
  ['checks', 'rate', 'default'], ['group_duration', 'trend', 'time'], ['http_req_duration', 'trend', 'time'],
  ['http_reqs', 'counter', 'default'], ['vus', 'gauge', 'default'], ['unused', 'counter', 'default'],
];

const base = { durationMs: 10_000, options: { summaryTrendStats: ['avg', 'max', 'p(99.9)', 'count'], summaryTimeUnit: 'ms', noColor: true }, isStdOutTTY: true, isStdErrTTY: false };

test('groups and checks are derived from the checks and group_duration series', () => {
  const s = store((add) => {
    add('checks', { check: 'root ok', group: '' }, 1);
    add('checks', { check: 'inner', group: '::a::b' }, 1);
    add('checks', { check: 'inner', group: '::a::b', scenario: 'other' }, 0);
    add('checks', { check: 'root ok', group: '', scenario: 'other' }, 1);
    add('group_duration', { group: '::a::b' }, 10);
    add('group_duration', { group: '::a' }, 12);
    add('group_duration', { group: '::http only' }, 5);
  }, DEFS);
  const { root_group: root } = buildSummaryData(s, base);
  assert.deepEqual(root, {
    name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e',
    checks: [{ name: 'root ok', path: '::root ok', id: summaryId('::root ok'), passes: 2, fails: 0 }],
    groups: [
      {
        name: 'a', path: '::a', id: summaryId('::a'), checks: [],
        groups: [{
          name: 'b', path: '::a::b', id: summaryId('::a::b'), groups: [],
          checks: [{ name: 'inner', path: '::a::b::inner', id: summaryId('::a::b::inner'), passes: 1, fails: 1 }],
        }],
      },
      { name: 'http only', path: '::http only', id: summaryId('::http only'), groups: [], checks: [] },
    ],
  });
});

test('metrics carry k6 values, options and state; metrics without samples are left out', () => {
  const s = store((add) => {
    for (let i = 1; i <= 4; i++) add('http_req_duration', { expected_response: i < 4 ? 'true' : 'false', status: '200' }, i * 100);
    add('http_reqs', {}, 4);
    add('vus', {}, 3);
  }, DEFS);
  const data = buildSummaryData(s, { ...base, setupData: { token: 'x' } });
  assert.deepEqual(data.options, { summaryTrendStats: ['avg', 'max', 'p(99.9)', 'count'], summaryTimeUnit: 'ms', noColor: true });
  assert.deepEqual(data.state, { isStdOutTTY: true, isStdErrTTY: false, testRunDurationMs: 10_000 });
  assert.deepEqual(data.setup_data, { token: 'x' });
  assert.deepEqual(Object.keys(data.metrics), ['data_received', 'data_sent', 'http_req_duration', 'http_req_duration{expected_response:true}', 'http_reqs', 'vus']);
  assert.deepEqual(data.metrics.http_reqs, { type: 'counter', contains: 'default', values: { count: 4, rate: 0.4 } });
  assert.deepEqual(data.metrics.vus, { type: 'gauge', contains: 'default', values: { value: 3, min: 3, max: 3 } });
  const d = data.metrics.http_req_duration;
  assert.equal(d.type, 'trend');
  assert.equal(d.contains, 'time');
  assert.deepEqual(Object.keys(d.values), ['avg', 'max', 'p(99.9)', 'count']);
  assert.equal(d.values.avg, 250);
  assert.equal(d.values.count, 4);
  assert.equal(data.metrics['http_req_duration{expected_response:true}'].values.max, 300);
  assert.ok(!('setup_data' in buildSummaryData(s, base)));
  assert.deepEqual(JSON.parse(JSON.stringify(data)), data);
});

test('thresholds attach to their metric or submetric entry', () => {
  const s = store((add) => {
    add('http_req_duration', { status: '200' }, 100);
    add('http_req_duration', { status: '500' }, 900);
    add('checks', { check: 'c' }, 1);
  }, DEFS);
  const parsed = parseThresholds({
    http_req_duration: ['p(95)<500', 'avg<1000'],
    'http_req_duration{status:200}': ['max<500'],
    'http_req_duration{status:404}': ['max<500'],
    unused: ['count>0'],
  });
  const thresholds = evaluateThresholds(s, parsed, { durationMs: 1000 });
  const data = buildSummaryData(s, { ...base, thresholds });
  assert.deepEqual(data.metrics.http_req_duration.thresholds, { 'p(95)<500': { ok: false }, 'avg<1000': { ok: true } });
  assert.deepEqual(data.metrics['http_req_duration{status:200}'].thresholds, { 'max<500': { ok: true } });
  assert.equal(data.metrics['http_req_duration{status:200}'].values.max, 100);
  assert.deepEqual(data.metrics['http_req_duration{status:404}'].values, { avg: 0, max: 0, 'p(99.9)': 0, count: 0 });
  assert.deepEqual(data.metrics.unused, { type: 'counter', contains: 'default', values: { count: 0, rate: 0 }, thresholds: { 'count>0': { ok: true } } });
  assert.equal(data.metrics.checks.thresholds, undefined);
  assert.deepEqual(data.metrics.checks.values, { rate: 1, passes: 1, fails: 0 });
});

test('the expected_response submetric is left out when no request got an expected response, as k6 does', () => {
  const s = store((add) => {
    add('http_req_duration', { expected_response: 'false', status: '0' }, 5);
    add('http_req_duration', { expected_response: 'false', status: '500' }, 7);
    add('http_reqs', {}, 2);
  }, DEFS);
  const data = buildSummaryData(s, base);
  assert.deepEqual(Object.keys(data.metrics), ['data_received', 'data_sent', 'http_req_duration', 'http_reqs']);
  // a threshold on it still shows it (k6 shows every metric a threshold names)
  const parsed = parseThresholds({ 'http_req_duration{expected_response:true}': ['max<500'] });
  const withThreshold = buildSummaryData(s, { ...base, thresholds: evaluateThresholds(s, parsed, { durationMs: 1000 }) });
  assert.equal(withThreshold.metrics['http_req_duration{expected_response:true}'].values.count, 0);
});

test('data_sent and data_received are 0 in a run that made no request (k6 counts every iteration\'s bytes, zero too)', () => {
  const s = store((add) => {
    add('vus', {}, 1);
    add('iterations', {}, 1);
  }, [...DEFS, ['iterations', 'counter', 'default']]);
  const data = buildSummaryData(s, base);
  assert.deepEqual(data.metrics.data_sent, { type: 'counter', contains: 'data', values: { count: 0, rate: 0 } });
  assert.deepEqual(data.metrics.data_received, { type: 'counter', contains: 'data', values: { count: 0, rate: 0 } });
  assert.equal(data.metrics['http_req_duration{expected_response:true}'], undefined);
  // a view without any sample stays empty
  assert.deepEqual(buildSummaryData(store(() => {}, DEFS), base).metrics, {});
});
