import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { createHttpEngine, DEFAULT_USER_AGENT } from './index.ts';

const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
/** 3 MiB of a pattern: more than the size from which a body with a content-length is received into one buffer */
const BIG = Buffer.alloc(3 * 1024 * 1024);
for (let i = 0; i < BIG.length; i++) BIG[i] = (i * 31 + (i >> 12)) % 251;
let server: http.Server;
let base: string;
let connections = 0;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', () => { connections++; });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => { server.closeAllConnections(); server.close(); });

function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const path = req.url ?? '/';
  if (path === '/gzip') { res.setHeader('content-encoding', 'gzip'); res.end(zlib.gzipSync('hello gzip')); return; }
  if (path === '/br') { res.setHeader('content-encoding', 'br'); res.end(zlib.brotliCompressSync('hello br')); return; }
  if (path === '/deflate') { res.setHeader('content-encoding', 'deflate'); res.end(zlib.deflateSync('hello deflate')); return; }
  if (path === '/corrupt') { res.setHeader('content-encoding', 'gzip'); res.end('not gzip at all'); return; }
  if (path === '/binary') { res.setHeader('content-type', 'application/octet-stream'); res.end(BINARY); return; }
  if (path === '/big') { res.setHeader('content-length', String(BIG.length)); for (let i = 0; i < BIG.length; i += 100_000) res.write(BIG.subarray(i, i + 100_000)); res.end(); return; }
  if (path === '/big-chunked') { for (let i = 0; i < BIG.length; i += 100_000) res.write(BIG.subarray(i, i + 100_000)); res.end(); return; }
  if (path === '/slow') { const t = setTimeout(() => { if (!res.destroyed) res.end('late'); }, 2000); res.on('close', () => clearTimeout(t)); return; }
  if (path === '/missing') { res.statusCode = 404; res.end('nope'); return; }
  if (path === '/multi') { res.setHeader('x-custom-thing', ['a', 'b']); res.end('ok'); return; }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({
    method: req.method, path, ua: req.headers['user-agent'] ?? null, auth: req.headers.authorization ?? null,
    contentEncoding: req.headers['content-encoding'] ?? null,
    body: req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body).toString() : body.toString(),
  }));
}

test('a first request reports connecting time; the next one reuses the connection with connecting 0', async () => {
  const engine = createHttpEngine();
  const before = connections;
  const first = (await engine.request({ method: 'GET', url: `${base}/a` })).response;
  const second = (await engine.request({ method: 'GET', url: `${base}/b` })).response;
  const third = (await engine.request({ method: 'GET', url: `${base}/c` })).response;
  await engine.close();
  assert.equal(first.status, 200);
  assert.equal(first.statusText, '200 OK');
  assert.equal(first.proto, 'HTTP/1.1');
  assert.ok(first.timings.connecting > 0, 'a new connection takes time to open');
  assert.equal(second.timings.connecting, 0);
  assert.equal(third.timings.connecting, 0);
  assert.equal(connections - before, 1, 'the server saw one connection for three requests');
  for (const r of [first, second, third]) {
    const t = r.timings;
    assert.ok(t.waiting > 0 && t.duration > 0);
    assert.equal(t.tlsHandshaking, 0);
    assert.ok(Math.abs(t.duration - (t.sending + t.waiting + t.receiving)) < 1e-9);
    assert.ok(r.bytesSent > 50 && r.bytesReceived > 100, 'byte counts include request line and headers');
    assert.equal(r.remoteIP, '127.0.0.1');
  }
  assert.equal(second.remotePort, first.remotePort);
});

test('noConnectionReuse opens a new connection for every request', async () => {
  const engine = createHttpEngine({ noConnectionReuse: true });
  const before = connections;
  const a = (await engine.request({ method: 'GET', url: `${base}/a` })).response;
  const b = (await engine.request({ method: 'GET', url: `${base}/b` })).response;
  await engine.close();
  assert.equal(connections - before, 2);
  assert.ok(a.timings.connecting > 0 && b.timings.connecting > 0);
});

test('a refused connection resolves with status 0 and error code 1212', async () => {
  const engine = createHttpEngine();
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { response, hops } = await engine.request({ method: 'GET', url: `http://127.0.0.1:${port}/` });
  await engine.close();
  assert.equal(hops.length, 1);
  assert.equal(response.status, 0);
  assert.equal(response.errorCode, 1212);
  assert.equal(response.error, 'dial: connection refused');
  assert.equal(response.body, null);
  assert.equal(response.timings.duration, 0);
});

test('a response slower than the timeout ends with error code 1050, and the engine keeps working', async () => {
  const engine = createHttpEngine();
  const started = performance.now();
  const slow = (await engine.request({ method: 'GET', url: `${base}/slow`, timeoutMs: 100 })).response;
  const elapsed = performance.now() - started;
  const next = (await engine.request({ method: 'GET', url: `${base}/after-timeout` })).response;
  await engine.close();
  assert.equal(slow.status, 0);
  assert.equal(slow.errorCode, 1050);
  assert.equal(slow.error, 'request timeout');
  // the answer comes after 2 s: a 1050 long before that is the timeout, whatever else the machine is doing
  assert.ok(elapsed < 1900, `gave up after the timeout, not the response (${elapsed} ms)`);
  assert.equal(next.status, 200);
});

test('gzip, br and deflate bodies are decoded; a corrupt one is error 1701', async () => {
  const engine = createHttpEngine();
  const gz = (await engine.request({ method: 'GET', url: `${base}/gzip` })).response;
  const br = (await engine.request({ method: 'GET', url: `${base}/br` })).response;
  const df = (await engine.request({ method: 'GET', url: `${base}/deflate` })).response;
  const bad = (await engine.request({ method: 'GET', url: `${base}/corrupt` })).response;
  await engine.close();
  assert.equal(gz.body, 'hello gzip');
  assert.equal(gz.headers['Content-Encoding'], 'gzip');
  assert.equal(br.body, 'hello br');
  assert.equal(df.body, 'hello deflate');
  assert.equal(bad.errorCode, 1701);
});

test('binary bodies are byte-exact; responseType none drops the body but counts its bytes', async () => {
  const engine = createHttpEngine();
  const bin = (await engine.request({ method: 'GET', url: `${base}/binary`, responseType: 'binary' })).response;
  const none = (await engine.request({ method: 'GET', url: `${base}/binary`, responseType: 'none' })).response;
  await engine.close();
  assert.ok(bin.body instanceof ArrayBuffer);
  assert.deepEqual(Buffer.from(bin.body as ArrayBuffer), BINARY);
  assert.equal(none.body, null);
  assert.ok(none.bytesReceived > BINARY.length);
});

test('a large body arrives byte-exact, with a content-length (received into one buffer) or chunked', async () => {
  const engine = createHttpEngine();
  for (const path of ['/big', '/big-chunked']) {
    const bin = (await engine.request({ method: 'GET', url: `${base}${path}`, responseType: 'binary' })).response;
    assert.equal(bin.status, 200, path);
    assert.ok(Buffer.from(bin.body as ArrayBuffer).equals(BIG), path);
    const text = (await engine.request({ method: 'GET', url: `${base}${path}` })).response;
    assert.equal((text.body as string).length, BIG.toString('utf8').length, path);
    assert.ok(text.bytesReceived > BIG.length, path);
  }
  await engine.close();
});

test('4xx statuses carry k6 error code 1000 + status and no error message', async () => {
  const engine = createHttpEngine();
  const r = (await engine.request({ method: 'GET', url: `${base}/missing` })).response;
  await engine.close();
  assert.equal(r.status, 404);
  assert.equal(r.errorCode, 1404);
  assert.equal(r.error, '');
  assert.equal(r.body, 'nope');
});

test('invalid URLs, unsupported schemes and blocked hostnames fail without a request', async () => {
  const engine = createHttpEngine({ blockHostnames: ['*.blocked.test'] });
  const invalidOutcome = await engine.request({ method: 'GET', url: 'not a url' });
  const invalid = invalidOutcome.response;
  const ftp = (await engine.request({ method: 'GET', url: 'ftp://example.com/' })).response;
  const blocked = (await engine.request({ method: 'GET', url: 'http://api.blocked.test/' })).response;
  await engine.close();
  assert.equal(invalid.errorCode, 1020);
  assert.deepEqual(invalidOutcome.hops, [], 'no round trip was made');
  assert.equal(ftp.errorCode, 1000);
  assert.match(ftp.error, /unsupported protocol scheme "ftp"/);
  assert.equal(blocked.errorCode, 1111);
});

test('User-Agent defaults to Stampede, can be overridden, and an empty userAgent sends none', async () => {
  const dflt = createHttpEngine();
  const off = createHttpEngine({ userAgent: '' });
  const a = JSON.parse((await dflt.request({ method: 'GET', url: `${base}/ua` })).response.body as string);
  const b = JSON.parse((await dflt.request({ method: 'GET', url: `${base}/ua`, headers: { 'user-agent': 'mine' } })).response.body as string);
  const c = JSON.parse((await off.request({ method: 'GET', url: `${base}/ua` })).response.body as string);
  await dflt.close();
  await off.close();
  assert.equal(a.ua, DEFAULT_USER_AGENT);
  assert.equal(b.ua, 'mine');
  assert.equal(c.ua, null);
});

test('request bodies are sent as given and can be gzip-compressed', async () => {
  const engine = createHttpEngine();
  const plain = (await engine.request({ method: 'POST', url: `${base}/echo`, body: 'a=1&b=2' })).response;
  const packed = (await engine.request({ method: 'POST', url: `${base}/echo`, body: 'squeeze me', compression: 'gzip' })).response;
  await engine.close();
  assert.deepEqual(JSON.parse(plain.body as string).body, 'a=1&b=2');
  assert.equal(plain.request.body, 'a=1&b=2');
  const echoed = JSON.parse(packed.body as string);
  assert.equal(echoed.contentEncoding, 'gzip');
  assert.equal(echoed.body, 'squeeze me');
});

test('response headers get canonical names and repeated values are joined', async () => {
  const engine = createHttpEngine();
  const r = (await engine.request({ method: 'GET', url: `${base}/multi` })).response;
  await engine.close();
  assert.equal(r.headers['X-Custom-Thing'], 'a, b');
  assert.equal(r.headers['Content-Length'], '2');
  assert.deepEqual(r.request.headers['User-Agent'], [DEFAULT_USER_AGENT]);
});

test('the hosts option sends a hostname to another address', async () => {
  const engine = createHttpEngine({ hosts: { 'my-service.test': '127.0.0.1' } });
  const port = new URL(base).port;
  const r = (await engine.request({ method: 'GET', url: `http://my-service.test:${port}/mapped` })).response;
  await engine.close();
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body as string).path, '/mapped');
});

test('credentials in the URL are sent as Basic auth, unless an Authorization header is given', async () => {
  const engine = createHttpEngine();
  const withCreds = base.replace('http://', 'http://user:p%40ss@');
  const a = JSON.parse((await engine.request({ method: 'GET', url: `${withCreds}/auth` })).response.body as string);
  const b = JSON.parse((await engine.request({ method: 'GET', url: `${withCreds}/auth`, headers: { Authorization: 'Bearer t' } })).response.body as string);
  await engine.close();
  assert.equal(a.auth, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  assert.equal(b.auth, 'Bearer t');
});

test('closeIdleConnections makes the next request connect again', async () => {
  const engine = createHttpEngine();
  await engine.request({ method: 'GET', url: `${base}/a` });
  engine.closeIdleConnections();
  const again = (await engine.request({ method: 'GET', url: `${base}/b` })).response;
  await engine.close();
  assert.equal(again.status, 200);
  assert.ok(again.timings.connecting > 0);
});

test('an idle connection outlives undici\'s 4 s default: a VU that thinks for 4.5 s reuses its socket (k6 keeps idle connections)', async () => {
  const idleServer = http.createServer((_req, res) => res.end('ok'));
  idleServer.keepAliveTimeout = 60_000;
  let accepted = 0;
  idleServer.on('connection', () => { accepted++; });
  await new Promise<void>((r) => idleServer.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(idleServer.address() as AddressInfo).port}/`;
  const engine = createHttpEngine();
  try {
    const first = await engine.request({ method: 'GET', url });
    await new Promise((r) => setTimeout(r, 4500));
    const second = await engine.request({ method: 'GET', url });
    assert.equal(first.response.status, 200);
    assert.equal(second.response.status, 200);
    assert.equal(accepted, 1, 'the second request went over the first one\'s socket');
    assert.equal(second.response.timings.connecting, 0);
  } finally {
    await engine.close();
    idleServer.closeAllConnections();
    idleServer.close();
  }
});
