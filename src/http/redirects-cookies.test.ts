import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpEngine, CookieJar } from './index.ts';

let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => { server.closeAllConnections(); server.close(); });

function route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
  if (chain) {
    const n = Number(chain[1]);
    if (n > 0) { res.writeHead(302, { location: `/chain/${n - 1}` }); res.end(); return; }
  }
  if (url.pathname === '/see-other') { res.writeHead(303, { location: '/echo' }); res.end(); return; }
  if (url.pathname === '/temporary') { res.writeHead(307, { location: '/echo' }); res.end(); return; }
  if (url.pathname === '/login') {
    res.writeHead(302, { location: '/echo', 'set-cookie': ['sid=abc123; Path=/; HttpOnly', 'theme=dark; Path=/settings'] });
    res.end();
    return;
  }
  if (url.pathname === '/logout') { res.setHeader('set-cookie', 'sid=; Max-Age=0; Path=/'); res.end('bye'); return; }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, path: url.pathname, cookie: req.headers.cookie ?? null, referer: req.headers.referer ?? null, body }));
}

test('each redirect hop is its own result, in order, ending with the final response', async () => {
  const engine = createHttpEngine();
  const { response, hops, redirectsExhausted } = await engine.request({ method: 'GET', url: `${base}/chain/3` });
  await engine.close();
  assert.deepEqual(hops.map((h) => h.status), [302, 302, 302, 200]);
  assert.deepEqual(hops.map((h) => new URL(h.url).pathname), ['/chain/3', '/chain/2', '/chain/1', '/chain/0']);
  assert.equal(response, hops[3]);
  assert.equal(redirectsExhausted, false);
  assert.equal(JSON.parse(response.body as string).referer, `${base}/chain/1`);
  for (const h of hops) assert.ok(h.timings.duration > 0);
});

test('the redirect limit returns the last redirect and says so', async () => {
  const engine = createHttpEngine({ maxRedirects: 10 });
  const limited = await engine.request({ method: 'GET', url: `${base}/chain/3`, redirects: 1 });
  const none = await engine.request({ method: 'GET', url: `${base}/chain/3`, redirects: 0 });
  await engine.close();
  assert.deepEqual(limited.hops.map((h) => h.status), [302, 302]);
  assert.equal(limited.response.status, 302);
  assert.equal(limited.redirectsExhausted, true);
  assert.equal(none.hops.length, 1);
  assert.equal(none.response.headers.Location, '/chain/2');
});

test('303 turns a POST into a body-less GET; 307 repeats the POST with its body', async () => {
  const engine = createHttpEngine();
  const seeOther = JSON.parse((await engine.request({ method: 'POST', url: `${base}/see-other`, body: 'x=1', headers: { 'Content-Type': 'text/plain' } })).response.body as string);
  const temporary = JSON.parse((await engine.request({ method: 'POST', url: `${base}/temporary`, body: 'x=1' })).response.body as string);
  await engine.close();
  assert.deepEqual([seeOther.method, seeOther.body], ['GET', '']);
  assert.deepEqual([temporary.method, temporary.body], ['POST', 'x=1']);
});

test('cookies set by a response are sent on the next requests, per path, and deleted by Max-Age=0', async () => {
  const engine = createHttpEngine();
  const login = await engine.request({ method: 'GET', url: `${base}/login` });
  const afterLogin = JSON.parse(login.response.body as string);
  const settings = JSON.parse((await engine.request({ method: 'GET', url: `${base}/settings` })).response.body as string);
  assert.equal(afterLogin.cookie, 'sid=abc123', 'the redirect hop already carries the cookie');
  assert.equal(settings.cookie, 'theme=dark; sid=abc123', 'longer path first');
  assert.deepEqual(engine.cookieJar.cookiesForURL(`${base}/settings`), { theme: ['dark'], sid: ['abc123'] });
  await engine.request({ method: 'GET', url: `${base}/logout` });
  const after = JSON.parse((await engine.request({ method: 'GET', url: `${base}/x` })).response.body as string);
  await engine.close();
  assert.equal(after.cookie, null);
});

test('request cookies come first, replace hides a jar cookie, and jar null sends only request cookies', async () => {
  const engine = createHttpEngine();
  engine.cookieJar.set(base, 'a', 'jar');
  engine.cookieJar.set(base, 'b', 'jar');
  const both = JSON.parse((await engine.request({ method: 'GET', url: `${base}/c`, cookies: { a: { value: 'req' } } })).response.body as string);
  const replaced = JSON.parse((await engine.request({ method: 'GET', url: `${base}/c`, cookies: { a: { value: 'req', replace: true } } })).response.body as string);
  const noJar = JSON.parse((await engine.request({ method: 'GET', url: `${base}/c`, jar: null, cookies: { z: { value: '1' } } })).response.body as string);
  const ownJar = new CookieJar();
  ownJar.set(base, 'own', 'yes');
  const custom = JSON.parse((await engine.request({ method: 'GET', url: `${base}/c`, jar: ownJar })).response.body as string);
  await engine.close();
  assert.equal(both.cookie, 'a=req; a=jar; b=jar');
  assert.equal(replaced.cookie, 'a=req; b=jar');
  assert.equal(noJar.cookie, 'z=1');
  assert.equal(custom.cookie, 'own=yes');
});

test('resetCookies starts an empty jar', async () => {
  const engine = createHttpEngine();
  await engine.request({ method: 'GET', url: `${base}/login` });
  const fresh = engine.resetCookies();
  const r = JSON.parse((await engine.request({ method: 'GET', url: `${base}/x` })).response.body as string);
  await engine.close();
  assert.equal(fresh, engine.cookieJar);
  assert.equal(r.cookie, null);
});
