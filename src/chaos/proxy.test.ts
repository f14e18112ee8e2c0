/** The proxy's pure parts: addresses, toxic bookkeeping and errors, HTTP mode hand-off (no traffic). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Socket } from 'node:net';
import { parseAddress, startProxy, type ProxyError } from './proxy.ts';
import type { HttpFaultSpec } from './types.ts';

test('addresses parse as host:port, [v6]:port and :port', () => {
  assert.deepEqual(parseAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseAddress('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseAddress(':6379'), { host: '', port: 6379 });
  assert.deepEqual(parseAddress('localhost:1'), { host: 'localhost', port: 1 });
  for (const bad of ['127.0.0.1', '127.0.0.1:x', 'a:70000', '']) assert.throws(() => parseAddress(bad), /not a host:port/);
});

test('toxics: add, update (merging attributes), remove, with Toxiproxy-like errors', async () => {
  const proxy = await startProxy({ name: 'p', listen: '127.0.0.1:0', upstream: '127.0.0.1:9', enabled: true });
  try {
    assert.match(proxy.listen, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(proxy.listen, '127.0.0.1:0');
    proxy.addToxic({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 10, jitter: 1 } });
    assert.throws(() => proxy.addToxic({ name: 'lag', type: 'latency', stream: 'upstream', toxicity: 1, attributes: {} }), (e: ProxyError) => e.status === 409);
    assert.throws(() => proxy.addToxic({ name: 'x', type: 'nope' as never, stream: 'upstream', toxicity: 1, attributes: {} }), (e: ProxyError) => e.status === 400);
    const updated = proxy.updateToxic('lag', { attributes: { latency: 20 }, toxicity: 0.5 });
    assert.deepEqual(updated.attributes, { latency: 20, jitter: 1 });
    assert.equal(updated.toxicity, 0.5);
    assert.throws(() => proxy.updateToxic('missing', {}), (e: ProxyError) => e.status === 404);
    assert.throws(() => proxy.updateToxic('lag', { toxicity: 2 }), (e: ProxyError) => e.status === 400);
    // toxics() hands out copies
    proxy.toxics()[0].attributes.latency = 999;
    assert.equal(proxy.toxics()[0].attributes.latency, 20);
    proxy.removeToxic('lag');
    assert.deepEqual(proxy.toxics(), []);
    assert.throws(() => proxy.removeToxic('lag'), (e: ProxyError) => e.status === 404);
    assert.throws(() => proxy.setHttpFault(undefined), /proxy p does not speak HTTP: declare it with http: true/);
  } finally {
    await proxy.close();
  }
});

test('HTTP mode hands sockets to the layer and forwards faults', async () => {
  const handled: Socket[] = [];
  const faults: (HttpFaultSpec | undefined)[] = [];
  let closed = false;
  let upstreamSeen = '';
  const proxy = await startProxy({ name: 'h', listen: '127.0.0.1:0', upstream: '127.0.0.1:9', enabled: true, http: true }, {
    httpLayer: (upstream) => {
      upstreamSeen = upstream;
      return {
        handle: (s) => { handled.push(s); s.end('hi'); },
        setFault: (f) => { faults.push(f); },
        close: async () => { closed = true; },
      };
    },
  });
  try {
    assert.equal(upstreamSeen, '127.0.0.1:9');
    const fault = { averageDelayMs: 1, delayVariationMs: 0, errorRate: 0, errorCode: 500, errorBody: '', exclude: [] };
    proxy.setHttpFault(fault);
    proxy.setHttpFault(undefined);
    assert.deepEqual(faults, [fault, undefined]);
    const { connect } = await import('node:net');
    const [host, port] = proxy.listen.split(':');
    const got = await new Promise<string>((resolve, reject) => {
      let s = '';
      connect({ host, port: Number(port) }).on('data', (d) => { s += d; }).on('end', () => resolve(s)).on('error', reject);
    });
    assert.equal(got, 'hi');
    assert.equal(handled.length, 1);
    assert.equal(proxy.stats().accepted, 1);
  } finally {
    await proxy.close();
  }
  assert.equal(closed, true);
});
