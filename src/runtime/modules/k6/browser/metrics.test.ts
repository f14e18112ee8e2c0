import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricMessage, groupedName, cdpResourceType, emitRequest, emitVitals } from './metrics.ts';
import { goDuration } from './k6-behaviour.ts';
import type { VuRuntime } from '../../../vu-runtime.ts';

function fakeVu(systemTags = ['method', 'url', 'name', 'status', 'group']) {
  const samples: { metric: string; tags: Record<string, string>; value: number }[] = [];
  const vu = {
    state: { id: 1, scenario: 'ui', iteration: 0, groupPath: '', tags: { scenario: 'ui' }, inInit: false },
    systemTags: new Set(systemTags),
    samples: { add: (metric: string, tags: Record<string, string>, value: number) => { samples.push({ metric, tags: { ...tags }, value }); }, addAll() {}, define() {} },
  } as unknown as VuRuntime;
  return { vu, samples };
}

test('page.on("metric") groupings rename url and name with the first match, method-aware; a bad name or method throws as in k6', () => {
  const handlers = [(m: MetricMessage) => m.tag({ name: 'item', matches: [{ url: /\/items\/\d+$/, method: 'get' }] })];
  assert.equal(groupedName(handlers, 'http://x/items/42', 'GET'), 'item');
  assert.equal(groupedName(handlers, 'http://x/items/42', 'POST'), 'http://x/items/42');
  assert.equal(groupedName([], 'http://x/a', 'GET'), 'http://x/a');
  assert.throws(() => new MetricMessage('u', 'GET').tag({ name: '' }), /name "" is invalid/);
  assert.throws(() => new MetricMessage('u', 'GET').tag({ name: 'n', matches: [{ url: /u/, method: 'FETCH' }] }), /method "FETCH" is invalid/);
  // a handler that throws renames nothing
  assert.equal(groupedName([() => { throw new Error('x'); }], 'http://x/a', 'GET'), 'http://x/a');
});

test('a request with a response: duration, failed (3xx is not a failure, 4xx is), data both ways, k6\'s tags', () => {
  const { vu, samples } = fakeVu();
  emitRequest(vu, { url: 'http://x/p', method: 'GET', resourceType: 'xhr', status: 404, durationMs: 12.5, sentBytes: 300, receivedBytes: 900, fromServiceWorker: false }, []);
  const byMetric = Object.fromEntries(samples.map((s) => [s.metric, s]));
  assert.equal(byMetric.browser_http_req_duration.value, 12.5);
  assert.equal(byMetric.browser_http_req_failed.value, 1);
  assert.equal(byMetric.browser_data_sent.value, 300);
  assert.equal(byMetric.browser_data_received.value, 900);
  assert.deepEqual(byMetric.browser_http_req_duration.tags, { scenario: 'ui', method: 'GET', url: 'http://x/p', name: 'http://x/p', resource_type: 'XHR', status: '404', from_service_worker: 'false' });
  samples.length = 0;
  emitRequest(vu, { url: 'http://x/r', method: 'GET', resourceType: 'document', status: 302, durationMs: 1, sentBytes: 1, receivedBytes: 1, fromServiceWorker: false }, []);
  assert.equal(samples.find((s) => s.metric === 'browser_http_req_failed')!.value, 0);
  // no response (a network error): only what was sent, as in k6
  samples.length = 0;
  emitRequest(vu, { url: 'http://x/gone', method: 'GET', resourceType: 'fetch', status: undefined, durationMs: undefined, sentBytes: 80, receivedBytes: 0, fromServiceWorker: false }, []);
  assert.deepEqual(samples.map((s) => s.metric), ['browser_data_sent']);
  samples.length = 0;
  emitRequest(vu, { url: 'data:image/png;base64,AA', method: 'GET', resourceType: 'image', status: 200, durationMs: 0, sentBytes: 0, receivedBytes: 0, fromServiceWorker: false }, []);
  assert.equal(samples.length, 0, 'data: URLs are skipped');
});

test('web vitals: one sample per vital with url, name and rating; without the url system tag no url or name', () => {
  const { vu, samples } = fakeVu();
  emitVitals(vu, [{ name: 'LCP', value: 321, rating: 'good', url: 'http://x/' }, { name: 'CLS', value: 0.02, rating: 'good', url: 'http://x/' }, { name: 'NOPE', value: 1, rating: 'good', url: 'http://x/' }], []);
  assert.deepEqual(samples.map((s) => [s.metric, s.value, s.tags.url, s.tags.rating]), [['browser_web_vital_lcp', 321, 'http://x/', 'good'], ['browser_web_vital_cls', 0.02, 'http://x/', 'good']]);
  const bare = fakeVu([]);
  emitVitals(bare.vu, [{ name: 'FCP', value: 100, rating: 'needs-improvement', url: 'http://x/' }], []);
  assert.deepEqual(bare.samples[0].tags, { scenario: 'ui', rating: 'needs-improvement' });
});

test('resource types read as the DevTools protocol names them; timeouts as Go durations', () => {
  assert.deepEqual(['document', 'xhr', 'fetch', 'stylesheet', 'websocket', ''].map(cdpResourceType), ['Document', 'XHR', 'Fetch', 'Stylesheet', 'WebSocket', 'Other']);
  assert.deepEqual([30_000, 2000, 1500, 90_000, 500].map(goDuration), ['30s', '2s', '1.5s', '1m30s', '500ms']);
});
