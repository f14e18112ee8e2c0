import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpResult, SentRequest, BodyTooLargeError, MAX_TEXT_BODY_BYTES, decodeBodyText, type HttpResultInit, type ResponseType } from './result.ts';

function result(body: Buffer | null, responseType: ResponseType, status = 200): HttpResult {
  const init: HttpResultInit = {
    url: 'http://127.0.0.1:1/big', method: 'GET', status, statusMessage: 'OK', proto: 'HTTP/1.1', error: '', errorCode: 0,
    timings: { blocked: 0, connecting: 0, tlsHandshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 },
    bytesSent: 0, bytesReceived: 0, tlsVersion: '', remoteIP: '127.0.0.1', remotePort: 1,
    request: new SentRequest('GET', 'http://127.0.0.1:1/big', [], null), rawHeaders: {}, body, responseType,
  };
  return new HttpResult(init);
}

test('the body as text, as an ArrayBuffer, or null', () => {
  assert.equal(result(Buffer.from('héllo'), 'text').body, 'héllo');
  assert.equal(result(Buffer.from('héllo'), 'text').bodyText(), 'héllo');
  const bin = result(Buffer.from([1, 2, 3]), 'binary');
  assert.ok(bin.body instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(bin.body)], [1, 2, 3]);
  assert.equal(bin.bodyText(), '\x01\x02\x03');
  assert.equal(result(Buffer.from('x'), 'none').body, null);
  assert.equal(result(null, 'text', 0).body, null);
  assert.equal(result(null, 'text').body, '');
});

test('a binary body that owns its memory is handed over without a copy; a view into a bigger buffer is copied', () => {
  const own = Buffer.alloc(64 * 1024, 7);
  assert.equal(result(own, 'binary').body, own.buffer);
  const view = Buffer.alloc(64 * 1024, 7).subarray(10, 20);
  const ab = result(view, 'binary').body as ArrayBuffer;
  assert.notEqual(ab, view.buffer);
  assert.equal(ab.byteLength, 10);
});

test('a body too large for a JavaScript string: reading it as text says to use responseType binary; as binary it works', () => {
  // allocUnsafe: the pages are never touched, so this costs address space, not memory
  const huge = Buffer.allocUnsafe(MAX_TEXT_BODY_BYTES + 1);
  const text = result(huge, 'text');
  assert.throws(() => text.body, (err: unknown) => {
    assert.ok(err instanceof BodyTooLargeError);
    assert.equal(err.bytes, MAX_TEXT_BODY_BYTES + 1);
    assert.match(err.message, /GET http:\/\/127\.0\.0\.1:1\/big is 536870889 bytes, more than a JavaScript string can hold/);
    assert.match(err.message, /responseType: 'binary'/);
    assert.match(err.message, /discardResponseBodies/);
    return true;
  });
  assert.throws(() => text.bodyText(), BodyTooLargeError);
  const bin = result(huge, 'binary');
  assert.equal((bin.body as ArrayBuffer).byteLength, MAX_TEXT_BODY_BYTES + 1);
  assert.throws(() => bin.bodyText(), BodyTooLargeError);
  assert.equal(result(huge, 'none').body, null);
  assert.throws(() => decodeBodyText(huge, 'POST', 'http://x/'), /POST http:\/\/x\//);
});
