import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Md4, HmacMd4 } from './md4.ts';

const md4 = (s: string) => new Md4().update(Buffer.from(s)).digest().toString('hex');

test('MD4 matches the test suite of RFC 1320', () => {
  assert.equal(md4(''), '31d6cfe0d16ae931b73c59d7e0c089c0');
  assert.equal(md4('a'), 'bde52cb31de33e46245e05fbdbd6fb24');
  assert.equal(md4('abc'), 'a448017aaf21d8525fc10ae87aa6729d');
  assert.equal(md4('message digest'), 'd9130a8164549fe818874806e1c7014b');
  assert.equal(md4('abcdefghijklmnopqrstuvwxyz'), 'd79e1c308aa5bbcdeea8ed63df412da9');
  assert.equal(md4('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), '043f8582f241db351ce627e153e7f0e4');
  assert.equal(md4('12345678901234567890123456789012345678901234567890123456789012345678901234567890'), 'e33b4ddc9c38f2199c3e7b164fcc0536');
});

test('MD4 is the same fed in pieces; HMAC-MD4 follows RFC 2104', () => {
  const whole = md4('The quick brown fox jumps over the lazy dog');
  const pieces = new Md4().update(Buffer.from('The quick brown ')).update(Buffer.from('fox jumps over the lazy dog')).digest().toString('hex');
  assert.equal(pieces, whole);
  assert.equal(whole, '1bee69a46ba811185c194762abaeae90');
  // HMAC computed by hand from the definition: H((K^opad) || H((K^ipad) || m))
  const key = Buffer.from('key');
  const k = Buffer.concat([key, Buffer.alloc(61)]);
  const inner = new Md4().update(Buffer.from(k.map((b) => b ^ 0x36))).update(Buffer.from('msg')).digest();
  const expected = new Md4().update(Buffer.from(k.map((b) => b ^ 0x5c))).update(inner).digest().toString('hex');
  assert.equal(new HmacMd4(key).update(Buffer.from('msg')).digest().toString('hex'), expected);
});
