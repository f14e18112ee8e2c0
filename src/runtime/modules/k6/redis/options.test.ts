/** Client options: URLs, k6's options object, the older addrs form, and clear refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, parseClientOptions } from './options.ts';

test('URL: scheme, credentials, port and database', () => {
  const s = parseClientOptions('rediss://ada:p%40ss@cache.example:6380/3');
  assert.equal(s.host, 'cache.example');
  assert.equal(s.port, 6380);
  assert.deepEqual(s.tls, {});
  assert.equal(s.username, 'ada');
  assert.equal(s.password, 'p@ss');
  assert.equal(s.database, 3);
  const d = parseClientOptions('redis://localhost');
  assert.equal(d.port, 6379);
  assert.equal(d.database, 0);
  assert.equal(d.tls, undefined);
  assert.equal(addressOf(parseClientOptions('redis://[::1]:7000')), '[::1]:7000');
});

test('options object: socket, tls, timeouts, clientName', () => {
  const s = parseClientOptions({
    socket: { host: '10.0.0.5', port: 7001, tls: { ca: ['PEM'] }, dialTimeout: 250, readTimeout: -1 },
    password: 'pw', database: 2, clientName: 'load',
  });
  assert.equal(addressOf(s), '10.0.0.5:7001');
  assert.equal(s.tls?.ca?.[0].toString(), 'PEM');
  assert.equal(s.connectTimeout, 250);
  assert.equal(s.commandTimeout, 0);
  assert.equal(s.password, 'pw');
  assert.equal(s.database, 2);
  assert.equal(s.clientName, 'load');
});

test('older k6 form: one address in addrs', () => {
  const s = parseClientOptions({ addrs: ['127.0.0.1:6390'], db: 1 });
  assert.equal(addressOf(s), '127.0.0.1:6390');
  assert.equal(s.database, 1);
});

test('bad input is refused with a message naming the field', () => {
  assert.throws(() => parseClientOptions('http://x'), /unsupported URL scheme "http:"/);
  assert.throws(() => parseClientOptions('not a url'), /invalid URL/);
  assert.throws(() => parseClientOptions('redis://h/x'), /database number/);
  assert.throws(() => parseClientOptions({ socket: {} }), /socket\.host/);
  assert.throws(() => parseClientOptions({ socket: { host: 'h', port: 70000 } }), /socket\.port/);
  assert.throws(() => parseClientOptions({ socket: { host: 'h' }, cluster: { nodes: [] } }), /cluster mode .* not supported/);
  assert.throws(() => parseClientOptions({ socket: { host: 'h' }, masterName: 'm' }), /Sentinel .* not supported/);
  assert.throws(() => parseClientOptions({ addrs: ['a:1', 'b:2'] }), /exactly one/);
  assert.throws(() => parseClientOptions(42), /expected a URL/);
});
