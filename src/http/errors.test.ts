import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError, statusErrorCode } from './errors.ts';

function err(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} happened`), { code, ...extra });
}

test('network errors map to k6 codes and messages', () => {
  const cases: [Error, number, string][] = [
    [err('ECONNREFUSED', { syscall: 'connect' }), 1212, 'dial: connection refused'],
    [err('ENOTFOUND', { syscall: 'getaddrinfo' }), 1101, 'lookup: no such host'],
    [err('UND_ERR_CONNECT_TIMEOUT'), 1211, 'dial: i/o timeout'],
    [err('ECONNRESET', { syscall: 'read' }), 1220, 'read: connection reset by peer'],
    [err('ECONNRESET', { syscall: 'write' }), 1220, 'write: connection reset by peer'],
    [err('EPIPE'), 1201, 'write: broken pipe'],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT'), 1310, 'x509: unknown authority'],
    [err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 1310, 'x509: unknown authority'],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), 1311, "x509: certificate doesn't match hostname"],
    [err('EHOSTUNREACH', { address: '10.0.0.1' }), 1210, 'dial tcp 10.0.0.1: connect: no route to host'],
    [err('EMFILE', { syscall: 'socket' }), 1210, 'dial tcp example.com: socket: too many open files'],
  ];
  for (const [e, code, message] of cases) assert.deepEqual(classifyError(e, 'example.com'), { code, message }, e.message);
});

test('HTTP/2 errors add the RFC 7540 code to the k6 base', () => {
  assert.equal(classifyError(err('ERR_HTTP2_STREAM_ERROR', { message: 'Stream closed with error code NGHTTP2_REFUSED_STREAM' }), 'h').code, 1631 + 7);
  assert.equal(classifyError(err('ERR_HTTP2_GOAWAY_SESSION'), 'h').code, 1610);
  assert.equal(classifyError(err('ERR_HTTP2_SESSION_ERROR', { message: 'Session closed with error code NGHTTP2_PROTOCOL_ERROR' }), 'h').code, 1652);
  assert.equal(classifyError(err('ERR_HTTP2_INVALID_SESSION'), 'h').code, 1600);
});

test('the first error of an AggregateError decides; unknown errors are 1000 with their message', () => {
  const agg = Object.assign(new AggregateError([err('ECONNREFUSED', { syscall: 'connect' })], 'all failed'), { code: 'ECONNREFUSED' });
  assert.equal(classifyError(agg, 'h').code, 1212);
  assert.deepEqual(classifyError(new Error('weird'), 'h'), { code: 1000, message: 'weird' });
  assert.equal(classifyError(undefined, 'h').code, 1000);
});

test('statusErrorCode is 1000 + status for 4xx and 5xx only', () => {
  assert.equal(statusErrorCode(404), 1404);
  assert.equal(statusErrorCode(503), 1503);
  assert.equal(statusErrorCode(302), 0);
  assert.equal(statusErrorCode(200), 0);
});
