import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { compressBody, decodeBody, decodingSteps } from './compression.ts';
import { canonicalHeaderName } from './headers.ts';

test('stacked encodings are undone last-applied first; unknown ones are skipped', () => {
  assert.deepEqual(decodingSteps('deflate, gzip'), ['gzip', 'deflate']);
  assert.deepEqual(decodingSteps('identity'), []);
  assert.deepEqual(decodingSteps(undefined), []);
});

test('decodeBody undoes gzip+br stacks, raw deflate and large bodies', async () => {
  const text = 'stampede '.repeat(100);
  const stacked = zlib.brotliCompressSync(zlib.gzipSync(text));
  assert.equal((await decodeBody(stacked, 'gzip, br')).toString(), text);
  assert.equal((await decodeBody(zlib.deflateRawSync(text), 'deflate')).toString(), text);
  const big = Buffer.alloc(600 * 1024, 7);
  assert.deepEqual(await decodeBody(zlib.gzipSync(big), 'gzip'), big);
  await assert.rejects(decodeBody(Buffer.from('nope'), 'gzip'));
});

test('compressBody applies the listed algorithms in order and names them', () => {
  const { body, contentEncoding } = compressBody(Buffer.from('hello'), 'gzip, br');
  assert.equal(contentEncoding, 'gzip, br');
  assert.equal(zlib.gunzipSync(zlib.brotliDecompressSync(body)).toString(), 'hello');
  assert.throws(() => compressBody(Buffer.from('x'), 'lzma'), /unknown compression algorithm lzma/);
});

test('canonical header names follow Go', () => {
  assert.equal(canonicalHeaderName('content-type'), 'Content-Type');
  assert.equal(canonicalHeaderName('X-REQUEST-ID'), 'X-Request-Id');
  assert.equal(canonicalHeaderName('www-authenticate'), 'Www-Authenticate');
  assert.equal(canonicalHeaderName('bad header'), 'bad header');
});
