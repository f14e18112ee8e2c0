/**
 * The prometheus and http probe sources against real servers: a real
 * Prometheus answering instant queries (what a read returns equals what the
 * API answers directly; bad PromQL, a wrong path and a server that is down
 * reject with the cause and without secrets), and node:http / node:https
 * servers started here for JSON paths, Prometheus text, headers, basic
 * auth, timeouts, aborts and TLS (self-signed CA: refused, skipped, trusted).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { requirePrometheus, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.ts';

import { makeTestCerts, type TestCerts } from './helpers/certs.ts';
import { openPrometheusProbe } from '../src/probes/sources/prometheus.ts';
import { openHttpProbe } from '../src/probes/sources/http.ts';
import type { ProbeReading, ProbeSource, ProbeSourceSpec } from '../src/probes/types.ts';
import { freePort } from './helpers/target.ts';

const LIMIT = { timeout: 20_000 };
const METRICS = [
  '# HELP jobs_waiting Jobs waiting per queue.',
  '# TYPE jobs_waiting gauge',
  'jobs_waiting{queue="emails"} 4',
  'jobs_waiting{queue="re\\"ports"} 9',
  '# TYPE jobs_done_total counter',
  'jobs_done_total 1027 1700000000000',
  'jobs_lag_seconds NaN',
  '',
].join('\n');

let prom: PrometheusServer;
let plain: http.Server;
let secure: https.Server;
let certs: TestCerts;
let base: string;
let secureBase: string;

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const send = (status: number, body: string, type = 'text/plain') => { res.writeHead(status, { 'content-type': type }); res.end(body); };
  switch (req.url) {
    case '/health': return send(200, JSON.stringify({ queue: { depth: 12 }, ok: true, workers: [{ busy: '3' }] }), 'application/json');
    case '/metrics': return send(200, METRICS, 'text/plain; version=0.0.4');
    case '/number': return send(200, ' 42.5\n');
    case '/down': return send(503, 'maintenance');
    case '/keyed': return req.headers['x-api-key'] === 'k3y' ? send(200, '7') : send(401, 'need an api key');
    case '/basic': return req.headers.authorization === `Basic ${Buffer.from('probe:pa ss').toString('base64')}` ? send(200, '8') : send(401, 'who?');
    case '/slow': { const t = setTimeout(() => send(200, '1'), 5_000); res.on('close', () => clearTimeout(t)); return; }
    default: return send(404, 'not here');
  }
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

before(async () => {
  requirePrometheus();
  certs = await makeTestCerts();
  plain = http.createServer(handler);
  secure = https.createServer({ key: certs.serverKey, cert: certs.serverCert }, handler);
  let plainPort: number, securePort: number;
  [prom, plainPort, securePort] = await Promise.all([startPrometheus(), listen(plain), listen(secure)]);
  base = `http://127.0.0.1:${plainPort}`;
  secureBase = `https://127.0.0.1:${securePort}`;
});

after(async () => {
  for (const s of [plain, secure]) { s?.closeAllConnections(); s?.close(); }
  await prom?.stop();
  if (certs) await rm(certs.dir, { recursive: true, force: true });
});

/** Opens, reads once (bounded), closes. */
async function readOnce(open: () => Promise<ProbeSource>, signal = AbortSignal.timeout(10_000)): Promise<ProbeReading[]> {
  const source = await open();
  try {
    return await source.read(signal);
  } finally {
    await source.close();
  }
}

const promRead = (query: string, extra: Partial<Extract<ProbeSourceSpec, { kind: 'prometheus' }>> = {}) =>
  readOnce(() => openPrometheusProbe({ kind: 'prometheus', url: prom.url, query, ...extra }, { timeoutMs: 5_000 }));
const httpRead = (spec: Omit<Extract<ProbeSourceSpec, { kind: 'http' }>, 'kind'>, timeoutMs = 5_000, signal?: AbortSignal) =>
  readOnce(() => openHttpProbe({ kind: 'http', ...spec }, { timeoutMs }), signal);

/** What the API answers for `expr`, as readings. */
async function direct(expr: string): Promise<ProbeReading[]> {
  return (await prom.query(expr)).map((s) => {
    const tags = { ...s.metric };
    delete tags.__name__;
    return Object.keys(tags).length === 0 ? { value: Number(s.value![1]) } : { value: Number(s.value![1]), tags };
  });
}

const byTags = (a: ProbeReading, b: ProbeReading) => JSON.stringify(a.tags ?? {}).localeCompare(JSON.stringify(b.tags ?? {}));

test('prometheus: a scalar is one reading, equal to the API\'s answer', LIMIT, async () => {
  const answer = (await prom.query('scalar(vector(7))')) as unknown as [number, string];
  assert.deepEqual(await promRead('scalar(vector(7))'), [{ value: Number(answer[1]) }]);
  assert.deepEqual(await promRead('scalar(vector(7))'), [{ value: 7 }]);
});

test('prometheus: a vector is one reading per element, labels as tags without __name__', LIMIT, async () => {
  const expr = 'label_replace(label_replace(vector(3), "queue", "jobs", "", ""), "__name__", "jobs_waiting", "", "")'
    + ' or label_replace(vector(1.5), "queue", "mail", "", "")';
  const readings = (await promRead(expr)).sort(byTags);
  assert.deepEqual(readings, (await direct(expr)).sort(byTags));
  assert.deepEqual(readings, [{ value: 3, tags: { queue: 'jobs' } }, { value: 1.5, tags: { queue: 'mail' } }]);
  assert.deepEqual(await promRead('vector(42)'), [{ value: 42 }]);
  assert.deepEqual(await promRead('vector(42) > 100'), [], 'an empty vector is no reading');
});

test('prometheus: NaN and ±Inf elements are skipped', LIMIT, async () => {
  const expr = 'label_replace(vector(NaN), "k", "nan", "", "") or label_replace(vector(1) / 0, "k", "inf", "", "") or label_replace(vector(2), "k", "two", "", "")';
  assert.equal((await prom.query(expr)).length, 3);
  assert.deepEqual(await promRead(expr), [{ value: 2, tags: { k: 'two' } }]);
  assert.deepEqual(await promRead('scalar(vector(NaN))'), []);
});

test('prometheus: a base URL with user:pass@ and headers is queried with the credentials taken out', LIMIT, async () => {
  const url = prom.url.replace('http://', 'http://probe:s3cret@') + '/';
  assert.deepEqual(await promRead('vector(5)', { url, headers: { Authorization: 'Bearer tok' } }), [{ value: 5 }]);
});

test('prometheus: range vectors and strings are refused with what to use instead', LIMIT, async () => {
  await assert.rejects(promRead('vector(1)[5m:1m]'), /gives a matrix result; a probe needs an instant-vector or scalar expression/);
  await assert.rejects(promRead('"hello"'), /gives a string result; a probe needs an instant-vector or scalar expression/);
});

test('prometheus: bad PromQL rejects with Prometheus\'s error text and status', LIMIT, async () => {
  const res = await fetch(`${prom.url}/api/v1/query?${new URLSearchParams({ query: 'sum(' })}`);
  const body = await res.json() as { error: string };
  const err = await promRead('sum(').then(() => undefined, (e: Error) => e);
  assert.ok(err instanceof Error);
  assert.ok(err.message.includes(body.error), err.message);
  assert.match(err.message, new RegExp(`^Prometheus ${prom.url} answered ${res.status} \\(bad_data\\) to query "sum\\(": `));
});

test('prometheus: a URL whose path is not Prometheus rejects with the status', LIMIT, async () => {
  await assert.rejects(promRead('vector(1)', { url: `${prom.url}/nope` }), (e: Error) => {
    assert.match(e.message, new RegExp(`^Prometheus ${prom.url}/nope answered 404: .*is that Prometheus's base URL\\?`));
    return true;
  });
});

test('prometheus: a server that is down rejects promptly with ECONNREFUSED and no password', LIMIT, async () => {
  const port = await freePort();
  const started = Date.now();
  const err = await readOnce(() => openPrometheusProbe({ kind: 'prometheus', url: `http://user:secret@127.0.0.1:${port}`, query: 'vector(1)' }, { timeoutMs: 5_000 }))
    .then(() => undefined, (e: Error) => e);
  assert.ok(err instanceof Error);
  assert.match(err.message, /ECONNREFUSED/);
  assert.match(err.message, new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/api/v1/query\\?query=vector%281%29: `));
  assert.ok(!err.message.includes('secret'), err.message);
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
});

test('http: a number at a JSON path', LIMIT, async () => {
  assert.deepEqual(await httpRead({ url: `${base}/health`, json: 'queue.depth' }), [{ value: 12 }]);
  assert.deepEqual(await httpRead({ url: `${base}/health`, json: 'ok' }), [{ value: 1 }]);
  assert.deepEqual(await httpRead({ url: `${base}/health`, json: 'workers[0].busy' }), [{ value: 3 }]);
  await assert.rejects(httpRead({ url: `${base}/health`, json: 'queue.size' }),
    { message: `GET ${base}/health: json path queue.size: no such field in queue (fields: depth)` });
  await assert.rejects(httpRead({ url: `${base}/health`, json: 'depth' }),
    { message: `GET ${base}/health: json path depth: no such field in the response (fields: queue, ok, workers)` });
  await assert.rejects(httpRead({ url: `${base}/metrics`, json: 'depth' }), /the answer is not JSON: # HELP/);
});

test('http: a Prometheus text metric is one reading per label set', LIMIT, async () => {
  assert.deepEqual(await httpRead({ url: `${base}/metrics`, metric: 'jobs_waiting' }),
    [{ value: 4, tags: { queue: 'emails' } }, { value: 9, tags: { queue: 're"ports' } }]);
  assert.deepEqual(await httpRead({ url: `${base}/metrics`, metric: 'jobs_done_total' }), [{ value: 1027 }]);
  assert.deepEqual(await httpRead({ url: `${base}/metrics`, metric: 'jobs_lag_seconds' }), [], 'NaN is skipped');
  await assert.rejects(httpRead({ url: `${base}/metrics`, metric: 'jobs_done' }),
    { message: `GET ${base}/metrics: metric jobs_done: not in the answer (metrics: jobs_waiting, jobs_done_total, jobs_lag_seconds)` });
});

test('http: with neither json nor metric the body is the number; a non-2xx rejects with its status', LIMIT, async () => {
  assert.deepEqual(await httpRead({ url: `${base}/number` }), [{ value: 42.5 }]);
  await assert.rejects(httpRead({ url: `${base}/health` }), /the answer is not a number: \{"queue"/);
  await assert.rejects(httpRead({ url: `${base}/down` }), { message: `GET ${base}/down answered 503: maintenance` });
  await assert.rejects(openHttpProbe({ kind: 'http', url: `${base}/x`, json: 'a', metric: 'b' }, { timeoutMs: 1_000 }), /either a json path or a metric, not both/);
  await assert.rejects(openHttpProbe({ kind: 'http', url: `${base}/x`, json: 'a..b' }, { timeoutMs: 1_000 }), /json path "a\.\.b"/);
});

test('http: headers and user:pass@ credentials are sent, and never appear in errors', LIMIT, async () => {
  assert.deepEqual(await httpRead({ url: `${base}/keyed`, headers: { 'X-Api-Key': 'k3y' } }), [{ value: 7 }]);
  const err = await httpRead({ url: `${base}/keyed`, headers: { 'X-Api-Key': 'wrong-key' } }).then(() => undefined, (e: Error) => e);
  assert.equal(err?.message, `GET ${base}/keyed answered 401: need an api key`);
  const withUser = base.replace('http://', 'http://probe:pa%20ss@');
  assert.deepEqual(await httpRead({ url: `${withUser}/basic` }), [{ value: 8 }]);
  const refused = await httpRead({ url: `${base.replace('http://', 'http://probe:wrong@')}/basic` }).then(() => undefined, (e: Error) => e);
  assert.equal(refused?.message, `GET ${base}/basic answered 401: who?`);
});

test('http: a slow endpoint rejects at the timeout, and an abort ends the read at once', LIMIT, async () => {
  let started = Date.now();
  await assert.rejects(httpRead({ url: `${base}/slow` }, 300), { message: `GET ${base}/slow: no answer within 300 ms` });
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  started = Date.now();
  await assert.rejects(httpRead({ url: `${base}/slow` }, 5_000, AbortSignal.timeout(150)), { name: 'TimeoutError' });
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
});

test('http: HTTPS with a self-signed CA is refused, works with insecureSkipVerify, and with tls.ca', LIMIT, async () => {
  const url = `${secureBase}/health`;
  await assert.rejects(httpRead({ url, json: 'queue.depth' }), (e: Error) => {
    assert.match(e.message, new RegExp(`^GET ${secureBase}/health: .*(certificate|UNABLE_TO_VERIFY).*set tls\\.ca`));
    return true;
  });
  assert.deepEqual(await httpRead({ url, json: 'queue.depth', tls: { insecureSkipVerify: true } }), [{ value: 12 }]);
  assert.deepEqual(await httpRead({ url, json: 'queue.depth', tls: { ca: certs.caCert } }), [{ value: 12 }]);
  const localhost = url.replace('127.0.0.1', 'localhost');
  assert.deepEqual(await httpRead({ url: localhost, json: 'queue.depth', tls: { ca: certs.caCert } }), [{ value: 12 }]);
});

test('http: a URL that is not http(s) fails at open', LIMIT, async () => {
  await assert.rejects(openHttpProbe({ kind: 'http', url: 'redis://:pw@127.0.0.1:6379' }, { timeoutMs: 1_000 }),
    { message: 'expected an http:// or https:// URL, got redis:// (redis://:***@127.0.0.1:6379)' });
  await assert.rejects(openHttpProbe({ kind: 'http', url: 'not a url' }, { timeoutMs: 1_000 }), { message: 'not a URL: not a url' });
});
