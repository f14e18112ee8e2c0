import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badHandshake, closeMessage, dialFailure } from './failure.ts';

function err(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(code), { code, ...extra });
}

test('dial and handshake failures read as in k6', () => {
  const url = new URL('ws://127.0.0.1:4321/x');
  assert.deepEqual(dialFailure(err('ECONNREFUSED', { syscall: 'connect', address: '127.0.0.1', port: 4321 }), url), { message: 'dial tcp 127.0.0.1:4321: connect: connection refused', code: 1212 });
  assert.equal(dialFailure(err('ENOTFOUND'), new URL('wss://nope.invalid/')).message, 'dial tcp: lookup nope.invalid: no such host');
  assert.equal(dialFailure(new Error('Opening handshake has timed out'), url).message, 'websocket: opening handshake timed out');
  assert.deepEqual(badHandshake(404), { message: 'websocket: bad handshake', code: 1404 });
  assert.deepEqual(badHandshake(302), { message: 'websocket: bad handshake', code: 1000 });
});

test('close messages name the code', () => {
  assert.equal(closeMessage(1006, ''), 'websocket: close 1006 (abnormal closure)');
  assert.equal(closeMessage(4001, 'bye'), 'websocket: close 4001: bye');
});
