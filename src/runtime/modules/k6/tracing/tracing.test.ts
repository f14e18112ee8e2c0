import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTracingOptions, traceHeaders, withTraceHeaders } from './index.ts';
import { hookable, rawHttp, setHttpHook } from './http-hook.ts';

test('options: w3c and sampling 1 by default; unknown propagators and rates out of [0, 1] are refused', () => {
  assert.deepEqual(parseTracingOptions(undefined), { propagator: 'w3c', sampling: 1, baggage: undefined });
  assert.equal(parseTracingOptions({ propagator: 'jaeger', sampling: 0.5 }).sampling, 0.5);
  assert.throws(() => parseTracingOptions({ propagator: 'zipkin' }), /unknown propagator: zipkin/);
  assert.throws(() => parseTracingOptions({ sampling: -0.1 }), /between 0\.0 and 1\.0/);
  assert.throws(() => parseTracingOptions({ sampling: 'x' }), /between 0\.0 and 1\.0/);
});

test('header formats: traceparent, b3, uber-trace-id; sampled flag from the sampling rate', () => {
  const w3c = traceHeaders(parseTracingOptions({}));
  assert.match(w3c.headers.traceparent, new RegExp(`^00-${w3c.traceId}-[0-9a-f]{16}-01$`));
  assert.match(traceHeaders(parseTracingOptions({ propagator: 'b3', sampling: 0 })).headers.b3, /^[0-9a-f]{32}-[0-9a-f]{16}-0$/);
  assert.match(traceHeaders(parseTracingOptions({ propagator: 'jaeger' })).headers['uber-trace-id'], /^[0-9a-f]{32}:[0-9a-f]{16}:0:1$/);
  const half = parseTracingOptions({ sampling: 0.5 });
  assert.match(traceHeaders(half, () => 0.4).headers.traceparent, /-01$/);
  assert.match(traceHeaders(half, () => 0.6).headers.traceparent, /-00$/);
  assert.notEqual(traceHeaders(half).traceId, traceHeaders(half).traceId);
});

test('withTraceHeaders keeps the other params and headers and replaces a same-named header in any case', () => {
  const out = withTraceHeaders({ tags: { a: '1' }, headers: { TraceParent: 'x', Accept: 'y' } }, parseTracingOptions({})) as { tags: unknown; headers: Record<string, string> };
  assert.deepEqual(out.tags, { a: '1' });
  assert.deepEqual(Object.keys(out.headers).toSorted(), ['Accept', 'traceparent']);
  assert.ok(withTraceHeaders(null, parseTracingOptions({})));
});

test('hookable: the hook rewrites the params argument of every request function, read at call time', () => {
  const calls: unknown[][] = [];
  const fn = (name: string) => (...args: unknown[]) => { calls.push([name, ...args]); };
  const api = { get: fn('get'), post: fn('post'), request: fn('request'), cookieJar: fn('cookieJar') };
  const mod = hookable({ ...api, default: api });
  const { get } = mod as { get: (...a: unknown[]) => void };
  setHttpHook(mod, (p) => ({ ...(p as object), hooked: true }));
  get('u');
  (mod.default as Record<string, (...a: unknown[]) => void>).post('u', 'b', { x: 1 });
  (mod.request as (...a: unknown[]) => void)('GET', 'u');
  rawHttp(mod).get('u');
  assert.deepEqual(calls, [['get', 'u', { hooked: true }], ['post', 'u', 'b', { x: 1, hooked: true }], ['request', 'GET', 'u', null, { hooked: true }], ['get', 'u']]);
  assert.equal(mod.cookieJar, api.cookieJar);
});
