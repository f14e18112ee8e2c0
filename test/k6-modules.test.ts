/**
 * k6 modules k6 v0.4x shipped under k6/experimental and Stampede now
 * provides (issue #15 item 6): each script imports the module and runs under
 * the real CLI, behaving as k6 documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

async function run(script: string, env: Record<string, string> = {}) {
  const dir = await scriptDir({ 'script.js': script });
  const r = await stampede(['run', '--quiet', 'script.js'], { cwd: dir, env });
  return r;
}

const CHECKS_PASS = "thresholds: { checks: ['rate==1'] }";

test('k6/experimental/timers: the k6/timers functions, under their old name', async () => {
  const r = await run(`import { setTimeout, clearTimeout, setInterval, clearInterval } from 'k6/experimental/timers';
import timers from 'k6/experimental/timers';
import { check } from 'k6';
export const options = { iterations: 1, ${CHECKS_PASS} };
export default function () {
  const seen = [];
  const cancelled = setTimeout(() => seen.push('cancelled'), 5);
  clearTimeout(cancelled);
  let n = 0;
  const iv = setInterval(() => { n++; if (n === 3) { clearInterval(iv); seen.push('interval'); } }, 2);
  timers.setTimeout(() => {
    seen.push('timeout');
    check(seen, { 'timers fired in order': (s) => s.join(',') === 'interval,timeout' });
  }, 50);
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /checks_succeeded\.*: 100\.00% 1 out of 1/);
});

test('k6/experimental/webcrypto: crypto with getRandomValues, randomUUID and subtle', async () => {
  const r = await run(`import { crypto } from 'k6/experimental/webcrypto';
import { check } from 'k6';
export const options = { iterations: 1, ${CHECKS_PASS} };
export default async function () {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('hello'));
  const opened = new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed));
  check(null, {
    'getRandomValues fills the array': () => bytes.length === 16 && bytes.some((b) => b !== 0),
    'randomUUID is a v4 UUID': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    'subtle.digest': () => hex === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'AES-GCM round trip': () => opened === 'hello',
  });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /checks_succeeded\.*: 100\.00% 4 out of 4/);
});

test('k6/experimental/streams: ReadableStream', async () => {
  const r = await run(`import { ReadableStream } from 'k6/experimental/streams';
import { check } from 'k6';
export const options = { iterations: 1, ${CHECKS_PASS} };
export default async function () {
  const stream = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
  const reader = stream.getReader();
  const got = [];
  for (;;) { const { done, value } = await reader.read(); if (done) break; got.push(value); }
  check(got, { 'read the chunks': (g) => g.join('') === 'ab' });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /checks_succeeded\.*: 100\.00% 1 out of 1/);
});

const W3C = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const B3 = /^([0-9a-f]{32})-([0-9a-f]{16})-1$/;
const JAEGER = /^([0-9a-f]{32}):([0-9a-f]{16}):0:1$/;

test('k6/experimental/tracing: Client adds the trace header (w3c, b3, jaeger) with a fresh trace id per request', async () => {
  const seen: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];
  const record = (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ path: new URL(req.url ?? '', 'http://x').pathname, headers: req.headers });
    res.end('ok');
  };
  const target = await startTarget({ '/w3c': record, '/b3': record, '/jaeger': record, '/plain': record, '/baggage': record, '/off': record });
  try {
    const r = await run(`import http from 'k6/http';
import tracing from 'k6/experimental/tracing';
import { Client } from 'k6/experimental/tracing';
import { check } from 'k6';
export const options = { vus: 2, iterations: 6, ${CHECKS_PASS} };
const w3c = new Client({ propagator: 'w3c' });
const b3 = new tracing.Client({ propagator: 'b3' });
const jaeger = new Client({ propagator: 'jaeger', sampling: 1 });
const bag = new Client({ baggage: { tenant: 'acme', 'user id': 'a b' } });
const off = new Client({ sampling: 0 });
export default function () {
  const res = w3c.get('${target.url}/w3c', { headers: { 'X-Keep': 'yes', Traceparent: 'overwritten' } });
  w3c.post('${target.url}/w3c', 'body');
  w3c.request('PUT', '${target.url}/w3c');
  b3.del('${target.url}/b3');
  jaeger.patch('${target.url}/jaeger', '{}', { headers: { 'Content-Type': 'application/json' } });
  bag.head('${target.url}/baggage');
  off.get('${target.url}/off');
  http.get('${target.url}/plain');
  check(res, { 'Client returns the k6 Response': (r) => r.status === 200 && r.body === 'ok' });
}
`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const by = (p: string) => seen.filter((s) => s.path === p);
    assert.equal(by('/w3c').length, 18);
    const ids: string[] = [];
    for (const s of by('/w3c')) {
      const m = W3C.exec(String(s.headers.traceparent));
      assert.ok(m, `traceparent ${String(s.headers.traceparent)}`);
      ids.push(m[1]);
    }
    assert.ok(by('/w3c').some((s) => s.headers['x-keep'] === 'yes'), 'the script\'s other headers are kept');
    for (const s of by('/b3')) { const m = B3.exec(String(s.headers.b3)); assert.ok(m, `b3 ${String(s.headers.b3)}`); ids.push(m[1]); }
    for (const s of by('/jaeger')) {
      const m = JAEGER.exec(String(s.headers['uber-trace-id']));
      assert.ok(m, `uber-trace-id ${String(s.headers['uber-trace-id'])}`);
      assert.equal(s.headers['content-type'], 'application/json');
      ids.push(m[1]);
    }
    assert.equal(by('/b3').length, 6);
    assert.equal(by('/jaeger').length, 6);
    assert.equal(new Set(ids).size, ids.length, 'every request carries its own trace id');
    for (const s of by('/baggage')) {
      assert.match(String(s.headers.traceparent), W3C);
      assert.equal(s.headers.baggage, 'tenant=acme,user%20id=a%20b');
    }
    for (const s of by('/off')) assert.match(String(s.headers.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/, 'sampling 0: not sampled');
    for (const s of by('/plain')) assert.equal(s.headers.traceparent, undefined, 'k6/http stays uninstrumented');
  } finally {
    await target.close();
  }
});

test('k6/experimental/tracing: instrumentHTTP makes every k6/http request of the VU carry the header, named imports too', async () => {
  const seen: Record<string, string | string[] | undefined>[] = [];
  const target = await startTarget({ '/': (req, res) => { seen.push(req.headers); res.end('ok'); } });
  try {
    const r = await run(`import http from 'k6/http';
import { get, post } from 'k6/http';
import { instrumentHTTP } from 'k6/experimental/tracing';
import { check } from 'k6';
export const options = { vus: 2, iterations: 8, ${CHECKS_PASS} };
instrumentHTTP({ propagator: __ENV.PROPAGATOR });
export default function () {
  const res = http.get('${target.url}/');
  get('${target.url}/', { headers: { 'X-Named': '1' } });
  post('${target.url}/', 'x');
  http.request('DELETE', '${target.url}/');
  http.asyncRequest('GET', '${target.url}/');
  check(res, { 'instrumented request works': (r) => r.status === 200 });
}
export function teardown() {
  try { instrumentHTTP({}); } catch (e) { console.log('late: ' + e.message); }
}
`, { PROPAGATOR: 'w3c' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /late: instrumentHTTP can only be called in the init context/);
    assert.equal(seen.length, 40);
    const ids = seen.map((h) => { const m = W3C.exec(String(h.traceparent)); assert.ok(m, `traceparent ${String(h.traceparent)}`); return m[1]; });
    assert.equal(new Set(ids).size, ids.length, 'a distinct trace id per request, never reused across iterations');
    assert.ok(seen.some((h) => h['x-named'] === '1'));
  } finally {
    await target.close();
  }
  seen.length = 0;
  const target2 = await startTarget({ '/': (req, res) => { seen.push(req.headers); res.end('ok'); } });
  try {
    const r = await run(`import http from 'k6/http';
import { instrumentHTTP } from 'k6/experimental/tracing';
export const options = { iterations: 3 };
instrumentHTTP({ propagator: 'jaeger' });
export default function () { http.get('${target2.url}/'); }
`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(seen.length, 3);
    for (const h of seen) assert.match(String(h['uber-trace-id']), JAEGER);
  } finally {
    await target2.close();
  }
});

test('k6/experimental/tracing: an unknown propagator or a sampling rate out of [0, 1] fails the init code', async () => {
  const r = await run(`import { Client } from 'k6/experimental/tracing';
export const options = { iterations: 1 };
const c = new Client({ propagator: 'zipkin' });
export default function () {}
`);
  assert.notEqual(r.code, 0);
  assert.match(r.stdout + r.stderr, /unknown propagator: zipkin/);
  const r2 = await run(`import { instrumentHTTP } from 'k6/experimental/tracing';
export const options = { iterations: 1 };
instrumentHTTP({ sampling: 2 });
export default function () {}
`);
  assert.notEqual(r2.code, 0);
  assert.match(r2.stdout + r2.stderr, /sampling rate must be between 0\.0 and 1\.0/);
});

test('k6/experimental/grpc is k6/net/grpc', async () => {
  const r = await run(`import grpc from 'k6/experimental/grpc';
import { Client, Stream, StatusOK } from 'k6/experimental/grpc';
import { check } from 'k6';
export const options = { iterations: 1, ${CHECKS_PASS} };
export default function () {
  check(null, { 'exports': () => typeof Client === 'function' && typeof Stream === 'function' && StatusOK === 0 && grpc.Client === Client });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /checks_succeeded\.*: 100\.00% 1 out of 1/);
});
