import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VuRuntime, VuState } from '../../../vu-runtime.ts';
import type { ResolvedOptions } from '../../../../config/options.ts';
import type { Tags } from '../../../../metrics/types.ts';
import { DEFAULT_SYSTEM_TAGS } from '../../../builtin-metrics.ts';
import { createHttpModule, INIT_CONTEXT_ERROR, type Response } from './index.ts';

interface Sample { metric: string; tags: Tags; value: number }
interface FakeVu { vu: VuRuntime; samples: Sample[]; warns: string[]; infos: string[]; state: VuState; close(): Promise<void> }

function fakeVu(options: Partial<ResolvedOptions> = {}, extra: { systemTags?: string[]; httpDebug?: '' | 'headers' | 'full' } = {}): FakeVu {
  const samples: Sample[] = [];
  const warns: string[] = [];
  const infos: string[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  const state: VuState = { id: 1, scenario: 'default', iteration: 0, groupPath: '', tags: { scenario: 'default' }, inInit: false };
  const vu: VuRuntime = {
    state,
    samples: {
      add: (metric, tags, value) => { samples.push({ metric, tags, value }); },
      addAll: (metrics, tags, values) => { metrics.forEach((metric, i) => samples.push({ metric, tags, value: values[i] })); },
      define: () => {},
    },
    options: options as ResolvedOptions,
    logger: { warn: (m) => warns.push(m), error: () => {}, info: (m) => infos.push(m), debug: () => {} },
    scriptDir: '/tmp',
    systemTags: new Set(extra.systemTags ?? DEFAULT_SYSTEM_TAGS),
    httpDebug: extra.httpDebug ?? '',
    onClose: (fn) => { closers.push(fn); },
    hold: () => () => {},
    onInterrupt: () => {},
    onIterationEnd: () => {},
    reportError: () => {},
  };
  return { vu, samples, warns, infos, state, close: async () => { for (const c of closers) await c(); } };
}

type Http = Record<string, (...args: unknown[]) => Promise<Response>> & Record<string, unknown>;
const httpOf = (f: FakeVu) => createHttpModule(f.vu).default as Http;
const one = (f: FakeVu, metric: string) => f.samples.filter((s) => s.metric === metric);

let server: http.Server;
let base: string;
let active = 0;
let maxActive = 0;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const status = /^\/status\/(\d+)$/.exec(url.pathname);
      if (status) { res.statusCode = Number(status[1]); res.end(); return; }
      if (url.pathname === '/redirect') { res.writeHead(302, { location: '/ok' }); res.end(); return; }
      if (url.pathname === '/json') { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ a: { b: [10, 20] }, items: [{ id: 1 }, { id: 2 }] })); return; }
      if (url.pathname === '/text') { res.end('not json'); return; }
      if (url.pathname === '/login') { res.setHeader('set-cookie', 'sid=s1; Path=/; HttpOnly; Max-Age=100'); res.end('in'); return; }
      if (url.pathname === '/slow') {
        const counted = url.searchParams.has('count');
        if (counted) { active++; maxActive = Math.max(maxActive, active); }
        setTimeout(() => { if (counted) active--; if (!res.destroyed) res.end('slow'); }, 30);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString('base64') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => { server.closeAllConnections(); server.close(); });

test('a GET returns a k6 Response and emits every http metric with k6 tags', async () => {
  const f = fakeVu();
  const res = await httpOf(f).get(`${base}/ok`);
  await f.close();
  assert.equal(res.status, 200);
  assert.equal(res.status_text, '200 OK');
  assert.equal(res.proto, 'HTTP/1.1');
  assert.equal(res.url, `${base}/ok`);
  assert.equal(res.headers['Content-Type'], 'application/json');
  assert.equal(res.error_code, 0);
  assert.equal(res.remote_ip, '127.0.0.1');
  assert.ok(res.timings.duration > 0 && res.timings.waiting > 0);
  assert.equal((res.json() as { method: string }).method, 'GET');
  for (const m of ['http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking',
    'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'http_req_failed', 'data_sent', 'data_received']) {
    assert.equal(one(f, m).length, 1, m);
  }
  assert.deepEqual(one(f, 'http_reqs')[0].tags, {
    scenario: 'default', name: `${base}/ok`, url: `${base}/ok`, method: 'GET', status: '200', proto: 'HTTP/1.1', group: '', expected_response: 'true',
  });
  assert.equal(one(f, 'http_req_failed')[0].value, 0);
  assert.equal(one(f, 'http_req_duration')[0].value, res.timings.duration);
  assert.ok(one(f, 'data_received')[0].value > 0);
});

test('404 is a failed request unless expectedStatuses says otherwise; a null callback emits no http_req_failed', async () => {
  const f = fakeVu();
  const http = httpOf(f);
  const notFound = await http.get(`${base}/status/404`);
  await http.get(`${base}/status/404`, { responseCallback: (http.expectedStatuses as (...a: unknown[]) => unknown)(404) });
  (http.setResponseCallback as (cb: unknown) => void)((http.expectedStatuses as (...a: unknown[]) => unknown)({ min: 400, max: 404 }));
  await http.get(`${base}/status/404`);
  (http.setResponseCallback as (cb: unknown) => void)(null);
  await http.get(`${base}/status/404`);
  await f.close();
  assert.equal(notFound.error_code, 1404);
  assert.deepEqual(one(f, 'http_req_failed').map((s) => s.value), [1, 0, 0]);
  const tags = one(f, 'http_reqs').map((s) => s.tags);
  assert.deepEqual(tags.map((t) => t.expected_response), ['false', 'true', 'true', undefined]);
  assert.equal(tags[0].error_code, '1404');
  assert.throws(() => (http.setResponseCallback as (cb: unknown) => void)(() => true), /expectedStatuses/);
});

test('every redirect hop is counted with its own status', async () => {
  const f = fakeVu();
  const res = await httpOf(f).get(`${base}/redirect`);
  await f.close();
  assert.equal(res.status, 200);
  assert.equal(res.url, `${base}/ok`);
  assert.deepEqual(one(f, 'http_reqs').map((s) => [s.tags.status, s.tags.url]), [['302', `${base}/redirect`], ['200', `${base}/ok`]]);
});

test('json() selectors: a.b.0, a.b[0], #, #.field, missing paths, and a clear error for non-JSON', async () => {
  const f = fakeVu();
  const http = httpOf(f);
  const res = await http.get(`${base}/json`);
  const text = await http.get(`${base}/text`);
  await f.close();
  assert.equal(res.json('a.b.0'), 10);
  assert.equal(res.json('a.b[1]'), 20);
  assert.equal(res.json('items.#'), 2);
  assert.deepEqual(res.json('items.#.id'), [1, 2]);
  assert.equal(res.json('a.nope.x'), undefined);
  assert.throws(() => text.json(), /cannot parse json/);
});

test('object bodies are form-encoded with sorted keys; http.file() makes a byte-exact multipart body', async () => {
  const f = fakeVu();
  const http = httpOf(f);
  const form = await http.post(`${base}/echo`, { b: '2', a: 'x y&z', list: [1, 2], empty: null });
  const bytes = new Uint8Array([0, 255, 13, 10, 45, 45, 1, 2, 3]);
  const fileData = (http.file as (...a: unknown[]) => unknown)(bytes.buffer, 'blob.bin', 'application/x-test');
  const multi = await http.post(`${base}/echo`, { field: 'value', upload: fileData });
  await f.close();
  const formEcho = form.json() as { headers: Record<string, string>; body: string };
  assert.equal(Buffer.from(formEcho.body, 'base64').toString(), 'a=x+y%26z&b=2&empty=&list=1&list=2');
  assert.equal(formEcho.headers['content-type'], 'application/x-www-form-urlencoded');
  const echo = multi.json() as { headers: Record<string, string>; body: string };
  const boundary = /boundary=(\S+)/.exec(echo.headers['content-type'])?.[1] ?? '';
  const raw = Buffer.from(echo.body, 'base64');
  const expected = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="blob.bin"\r\nContent-Type: application/x-test\r\n\r\n`),
    Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  assert.ok(echo.headers['content-type'].startsWith('multipart/form-data; boundary='));
  assert.deepEqual(raw, expected);
});

test('cookies: set by a response, sent next, visible in res.cookies and the jar, reset each iteration', async () => {
  const f = fakeVu();
  const http = httpOf(f);
  const login = await http.get(`${base}/login`);
  const next = (await http.get(`${base}/echo`)).json() as { headers: Record<string, string> };
  const jar = (http.cookieJar as unknown as () => { cookiesForURL(u: string): Record<string, string[]> })();
  const inJar = jar.cookiesForURL(base);
  f.state.iteration = 1;
  const nextIteration = (await http.get(`${base}/echo`)).json() as { headers: Record<string, string> };
  const kept = fakeVu({ noCookiesReset: true });
  const keptHttp = httpOf(kept);
  await keptHttp.get(`${base}/login`);
  kept.state.iteration = 1;
  const stillThere = (await keptHttp.get(`${base}/echo`)).json() as { headers: Record<string, string> };
  await f.close();
  await kept.close();
  assert.deepEqual(login.cookies.sid[0], { name: 'sid', value: 's1', domain: '', path: '/', http_only: true, httpOnly: true, secure: false, max_age: 100, maxAge: 100, expires: 0 });
  assert.equal(next.headers.cookie, 'sid=s1');
  assert.deepEqual(inJar, { sid: ['s1'] });
  assert.equal(nextIteration.headers.cookie, undefined);
  assert.equal(stillThere.headers.cookie, 'sid=s1');
});

test('requests in init code throw k6\'s error', () => {
  const f = fakeVu();
  f.state.inInit = true;
  const http = httpOf(f);
  assert.throws(() => http.get(`${base}/ok`), { message: INIT_CONTEXT_ERROR });
  assert.throws(() => http.batch([`${base}/ok`]), { message: INIT_CONTEXT_ERROR });
});

test('params.tags add tags, tags.name names url and name; http.url templates set the name', async () => {
  const f = fakeVu();
  const http = httpOf(f);
  await http.get(`${base}/ok?id=1`, { tags: { name: 'okpage', team: 'a' } });
  const id = 42;
  const templated = (http.url as (s: TemplateStringsArray, ...v: unknown[]) => unknown)`${base}/items/${id}`;
  const res = await http.get(templated);
  await f.close();
  const [tagged, named] = one(f, 'http_reqs').map((s) => s.tags);
  assert.deepEqual([tagged.name, tagged.url, tagged.team], ['okpage', 'okpage', 'a']);
  assert.equal(named.name, '${}/items/${}');
  assert.equal(named.url, '${}/items/${}');
  assert.equal(res.url, `${base}/items/42`);
});

test('only enabled system tags are attached', async () => {
  const f = fakeVu({}, { systemTags: ['status', 'method'] });
  await httpOf(f).get(`${base}/ok`);
  await f.close();
  assert.deepEqual(one(f, 'http_reqs')[0].tags, { scenario: 'default', status: '200', method: 'GET' });
});

test('a refused connection is logged and tagged with error_code 1212; options.throw rejects instead', async () => {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  await new Promise<void>((r) => probe.close(() => r()));
  const f = fakeVu();
  const res = await httpOf(f).get(dead);
  const strict = fakeVu({ throw: true });
  await assert.rejects(httpOf(strict).get(dead), /dial: connection refused/);
  await f.close();
  await strict.close();
  assert.equal(res.status, 0);
  assert.equal(res.error_code, 1212);
  assert.equal(res.body, null);
  assert.match(f.warns[0], /^Request Failed error=".*dial: connection refused"$/);
  const tags = one(f, 'http_reqs')[0].tags;
  assert.deepEqual([tags.status, tags.error_code, tags.expected_response, tags.proto], ['0', '1212', 'false', undefined]);
  assert.equal(one(strict, 'http_reqs').length, 1, 'metrics are emitted before throwing');
});

test('timeout as a k6 duration string; responseType binary and discardResponseBodies', async () => {
  const f = fakeVu({ discardResponseBodies: true });
  const http = httpOf(f);
  const slow = await http.get(`${base}/slow`, { timeout: '5ms' });
  const dropped = await http.get(`${base}/ok`);
  const binary = await http.get(`${base}/ok`, { responseType: 'binary' });
  const badParams = await http.get(`${base}/ok`, { timeout: 'soon' });
  await f.close();
  assert.equal(slow.error_code, 1050);
  assert.equal(dropped.body, null);
  assert.ok(binary.body instanceof ArrayBuffer && binary.body.byteLength > 0);
  assert.equal(badParams.error_code, 1000, 'invalid params give an error response, as k6');
  assert.match(badParams.error, /invalid params.timeout/);
  assert.match(f.warns.at(-1) ?? '', /^Request Failed error=.*invalid params.timeout/);
  assert.equal(one(f, 'http_reqs').length, 3, 'no metrics for a request that was never made');
});

test('batch runs array and object forms concurrently, within batchPerHost', async () => {
  const f = fakeVu({ batchPerHost: 2 });
  const http = httpOf(f);
  maxActive = 0;
  const slow = `${base}/slow?count`;
  const list = await http.batch([slow, ['GET', slow], { method: 'GET', url: slow }, slow]) as unknown as Response[];
  const named = await http.batch({ first: `${base}/status/201`, second: { url: `${base}/status/202` } }) as unknown as Record<string, Response>;
  await f.close();
  assert.deepEqual(list.map((r) => r.status), [200, 200, 200, 200]);
  assert.equal(maxActive, 2);
  assert.deepEqual([named.first.status, named.second.status], [201, 202]);
  assert.equal(one(f, 'http_reqs').length, 6);
});

test('--http-debug logs requests and responses in k6\'s dump style', async () => {
  const f = fakeVu({}, { httpDebug: 'full' });
  await httpOf(f).post(`${base}/echo`, 'hello-body');
  await f.close();
  assert.match(f.infos[0], /^Request:\nPOST \/echo HTTP\/1.1\nHost: 127.0.0.1:\d+\n/);
  assert.match(f.infos[0], /hello-body/);
  assert.match(f.infos[1], /^Response:\nHTTP\/1.1 200 OK\n/);
});
