/**
 * undici-parts.ts requires two of undici's internal files by path, which no
 * semver range protects: undici is pinned to an exact version, and these
 * tests fail loudly when an upgrade moves those files or changes what the
 * engine relies on (the Client constructor with a `connect` function,
 * dispatch/destroy, the handler hooks the timings come from, and a
 * connector that returns the socket it opens).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, buildConnector } from './undici-parts.ts';

const require = createRequire(import.meta.url);

test('undici is pinned to the exact version installed', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  const installed = (require('undici/package.json') as { version: string }).version;
  assert.match(pkg.dependencies.undici, /^\d+\.\d+\.\d+$/, 'package.json must pin undici exactly (no ^ or ~): undici-parts.ts requires its internal files');
  assert.equal(installed, pkg.dependencies.undici, 'the installed undici is not the pinned one');
});

test('the internal files are the very Client and buildConnector undici exports', async () => {
  const undici = await import('undici');
  assert.equal(typeof Client, 'function');
  assert.equal(typeof buildConnector, 'function');
  assert.equal(Client, undici.Client);
  assert.equal(buildConnector, undici.buildConnector);
  for (const method of ['dispatch', 'destroy', 'close'] as const) assert.equal(typeof Client.prototype[method], 'function', `Client.prototype.${method}`);
});

test('a connector returns the socket it opens; a Client dials through a connect function and dispatches', async () => {
  const server = net.createServer((s) => {
    s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const connector = buildConnector({});
  let returned: unknown;
  let dialled: unknown;
  const client = new Client(`http://127.0.0.1:${port}`, {
    connect: (opts, cb) => {
      returned = (connector as unknown as (o: typeof opts, c: typeof cb) => unknown)(opts, (err, sock) => {
        dialled = sock;
        if (err) cb(err, null); else cb(null, sock!);
      });
    },
    pipelining: 1, headersTimeout: 0, bodyTimeout: 0, allowH2: true,
  });
  // the hooks exchange.ts times a request by, in the order undici calls them
  const calls: string[] = [];
  const status = await new Promise<number>((resolve, reject) => {
    let code = 0;
    const handler = {
      onRequestStart() { calls.push('onRequestStart'); },
      onRequestSent() { calls.push('onRequestSent'); },
      onResponseStarted() { calls.push('onResponseStarted'); },
      onResponseStart(_controller: unknown, statusCode: number) { calls.push('onResponseStart'); code = statusCode; },
      onResponseData() {},
      onResponseEnd() { calls.push('onResponseEnd'); resolve(code); },
      onResponseError(_controller: unknown, err: Error) { reject(err); },
    };
    client.dispatch({ method: 'GET', path: '/', origin: `http://127.0.0.1:${port}` }, handler as Parameters<Client['dispatch']>[1]);
  });
  assert.equal(status, 200);
  assert.deepEqual(calls, ['onRequestStart', 'onRequestSent', 'onResponseStarted', 'onResponseStart', 'onResponseEnd']);
  assert.ok(returned instanceof net.Socket, 'the connector returns the socket it is opening (pool.ts times lookup and connect on it)');
  assert.equal(returned, dialled);
  await client.destroy();
});
