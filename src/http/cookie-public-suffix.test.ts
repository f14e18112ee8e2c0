/**
 * Public suffixes through the engine, as a script meets them: names mapped
 * to 127.0.0.1 with k6's `hosts` option, a server that sets a cookie for
 * the public suffix `co.uk` and one for its own registrable domain
 * `example.co.uk`; only the second comes back, and to subdomains too.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpEngine } from './index.ts';

let server: http.Server;
let port: number;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/login') res.setHeader('set-cookie', ['evil=1; Domain=co.uk; Path=/', 'sid=abc; Domain=example.co.uk; Path=/']);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ host: req.headers.host, cookie: req.headers.cookie ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => { server.closeAllConnections(); server.close(); });

test('Domain=co.uk from example.co.uk is refused; Domain=example.co.uk is kept and sent to its subdomains', async () => {
  const hosts = { 'example.co.uk': '127.0.0.1', 'www.example.co.uk': '127.0.0.1', 'other.co.uk': '127.0.0.1' };
  const engine = createHttpEngine({ hosts });
  const get = async (host: string, path: string) => JSON.parse((await engine.request({ method: 'GET', url: `http://${host}:${port}${path}` })).response.body as string) as { host: string; cookie: string | null };
  try {
    await get('example.co.uk', '/login');
    assert.deepEqual(engine.cookieJar.cookiesForURL(`http://example.co.uk:${port}/`), { sid: ['abc'] });
    assert.equal((await get('example.co.uk', '/')).cookie, 'sid=abc');
    const www = await get('www.example.co.uk', '/');
    assert.equal(www.host, `www.example.co.uk:${port}`, 'the hosts mapping reached our server');
    assert.equal(www.cookie, 'sid=abc');
    assert.equal((await get('other.co.uk', '/')).cookie, null, 'no cookie for another site under the same suffix');
  } finally {
    await engine.close();
  }
});
