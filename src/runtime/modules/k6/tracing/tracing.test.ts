import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Tags } from '../../../../metrics/types.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import type { VuRuntime, VuState } from '../../../vu-runtime.ts';
import { DEFAULT_SYSTEM_TAGS } from '../../../builtin-metrics.ts';
import { createHttpModule } from '../http/index.ts';
import { normalizeParams, SAMPLE_METADATA } from '../http/params.ts';
import { createTracingModule, parseTracingOptions, traceHeaders, withTraceHeaders } from './index.ts';
import { rawHttp, setHttpHook } from './http-hook.ts';

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

test('the hook slot: a hook rewrites the params of every request function, even one imported before it was installed; rawHttp skips it', async () => {
  const seen: { method: string; hooked: string | undefined; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { seen.push({ method: req.method ?? '', hooked: req.headers['x-hooked'] as string | undefined, body }); res.end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const { vu, state, closers } = fakeVu();
  try {
    const mod = createHttpModule(vu);
    const { get } = mod as { get: (u: string, p?: unknown) => Promise<unknown> };
    setHttpHook(mod.default as object, (p) => ({ ...(p as object), headers: { 'x-hooked': 'yes' } }));
    state.inInit = false;
    await get(url);
    await (mod.default as Record<string, (...a: unknown[]) => Promise<unknown>>).post(url, 'b');
    await (mod.request as (...a: unknown[]) => Promise<unknown>)('PUT', url);
    await (rawHttp(mod).get as (u: string) => Promise<unknown>)(url);
    assert.deepEqual(seen, [
      { method: 'GET', hooked: 'yes', body: '' },
      { method: 'POST', hooked: 'yes', body: 'b' },
      { method: 'PUT', hooked: 'yes', body: '' },
      { method: 'GET', hooked: undefined, body: '' },
    ]);
    assert.throws(() => setHttpHook({}, undefined), /not instrumentable/);
  } finally {
    for (const c of closers) await c();
    server.closeAllConnections();
    server.close();
  }
});

/** A VU runtime for one module instance, recording its samples. */
function fakeVu() {
  const samples: { metric: string; tags: Tags; metadata: Tags | undefined }[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  const state: VuState = { id: 1, scenario: 'default', iteration: 0, groupPath: '', tags: { scenario: 'default' }, inInit: true };
  const vu: VuRuntime = {
    state,
    samples: {
      add: (metric, tags, _v, _t, metadata) => { samples.push({ metric, tags, metadata }); },
      addAll: (metrics, tags, _v, metadata) => { for (const metric of metrics) samples.push({ metric, tags, metadata }); },
      define: () => {},
    },
    options: {} as ResolvedOptions,
    logger: { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} },
    scriptDir: '/tmp',
    systemTags: new Set(DEFAULT_SYSTEM_TAGS),
    httpDebug: '',
    onClose: (fn) => { closers.push(fn); },
    hold: () => () => {},
    onInterrupt: () => {},
    onIterationEnd: () => {},
    reportError: () => {},
  };
  return { vu, state, samples, closers };
}

test('withTraceHeaders attaches the trace id as hidden trace_id metadata, which k6/http params pick up', () => {
  const out = withTraceHeaders({ tags: { a: '1' } }, parseTracingOptions({})) as Record<string | symbol, unknown> & { headers: Record<string, string> };
  const traceId = out.headers.traceparent.split('-')[1];
  assert.deepEqual(out[SAMPLE_METADATA], { trace_id: traceId });
  assert.deepEqual(Object.keys(out).toSorted(), ['headers', 'tags'], 'no visible param added');
  assert.deepEqual(normalizeParams(out).metadata, { trace_id: traceId });
  assert.equal(normalizeParams({ tags: { a: '1' } }).metadata, undefined);
  assert.equal(normalizeParams(undefined).metadata, undefined);
});

test('instrumentHTTP: every sample of a request carries its trace id as metadata, and its tags stay the same', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => { seen.push(String(req.headers.traceparent)); res.end('ok'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const { vu, state, samples, closers } = fakeVu();
  try {
    const httpMod = createHttpModule(vu);
    const tracing = createTracingModule(vu, httpMod) as { instrumentHTTP: (o: unknown) => void };
    tracing.instrumentHTTP({ propagator: 'w3c' });
    state.inInit = false;
    const get = httpMod.get as (u: string) => Promise<unknown>;
    await get(url);
    await get(url);
    const traceIds = seen.map((h) => h.split('-')[1]);
    assert.equal(traceIds.length, 2);
    assert.notEqual(traceIds[0], traceIds[1]);
    const reqs = samples.filter((s) => s.metric === 'http_reqs');
    assert.deepEqual(reqs.map((s) => s.metadata), traceIds.map((id) => ({ trace_id: id })));
    assert.ok(samples.length > 2 && samples.every((s) => s.metadata?.trace_id !== undefined), 'every sample of the request');
    assert.equal(reqs[0].tags, reqs[1].tags, 'the same tag set: no series per trace');
    assert.equal('trace_id' in reqs[0].tags, false);
  } finally {
    for (const c of closers) await c();
    server.closeAllConnections();
    server.close();
  }
});
