import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseApiAddress, formatAddress } from './address.ts';
import { parseStatusChange } from './server.ts';
import { statusDocument } from './jsonapi.ts';

test('API addresses: host:port, [v6]:port, :port and localhost; loopback is recognised; bad ones name the flag', () => {
  assert.deepEqual(parseApiAddress('127.0.0.1:6565'), { host: '127.0.0.1', port: 6565, loopback: true });
  assert.deepEqual(parseApiAddress('localhost:7000'), { host: '127.0.0.1', port: 7000, loopback: true });
  assert.deepEqual(parseApiAddress(':0'), { host: '127.0.0.1', port: 0, loopback: true });
  assert.deepEqual(parseApiAddress('[::1]:6565'), { host: '::1', port: 6565, loopback: true });
  assert.equal(parseApiAddress('0.0.0.0:6565').loopback, false);
  assert.equal(formatAddress({ host: '::1', port: 1 }), '[::1]:1');
  assert.throws(() => parseApiAddress('6565'), /--address: expected host:port/);
  assert.throws(() => parseApiAddress('h:70000'), /--address/);
});

test('PATCH bodies: k6 attribute names, only what is given, precise errors', () => {
  assert.deepEqual(parseStatusChange('{"data":{"type":"status","attributes":{"paused":true}}}'), { paused: true, stopped: undefined, vus: undefined, vusMax: undefined });
  assert.deepEqual(parseStatusChange('{"data":{"attributes":{"vus":5,"vus-max":10}}}'), { paused: undefined, stopped: undefined, vus: 5, vusMax: 10 });
  assert.throws(() => parseStatusChange('nope'), /not JSON/);
  assert.throws(() => parseStatusChange('{"data":{"attributes":{"vus":-1}}}'), /vus: must be a non-negative integer/);
  assert.throws(() => parseStatusChange('{"data":{"attributes":{"paused":"yes"}}}'), /paused: must be true or false/);
});

test('GET /v1/status document has k6 attribute names', () => {
  const doc = statusDocument({ status: 7, paused: false, vus: 3, vusMax: 5, stopped: false, running: true, tainted: false }) as { data: { attributes: Record<string, unknown> } };
  assert.deepEqual(doc.data.attributes, { status: 7, paused: false, vus: 3, 'vus-max': 5, stopped: false, running: true, tainted: false });
});
