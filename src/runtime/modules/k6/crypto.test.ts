import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHMAC } from './crypto.ts';

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

test('digest() may be called twice and gives the same digest, as in k6 (examples/crypto.js)', () => {
  for (const make of [() => createHash('sha256'), () => createHash('md4'), () => createHMAC('sha256', 'key'), () => createHMAC('md4', 'key')]) {
    const h = make();
    h.update('ab');
    h.update('c');
    const first = h.digest('hex');
    assert.equal(h.digest('hex'), first);
    assert.equal(h.digest('base64'), Buffer.from(first as string, 'hex').toString('base64'));
  }
  const h = createHash('sha256');
  h.update('abc');
  assert.equal(h.digest('hex'), SHA256_ABC);
  assert.equal(h.digest('hex'), SHA256_ABC);
});

test('update() after digest() goes on from the data so far (Go hash.Sum does not reset)', () => {
  const cases: [() => ReturnType<typeof createHash>, () => ReturnType<typeof createHash>][] = [
    [() => createHash('sha256'), () => createHash('sha256')],
    [() => createHash('md4'), () => createHash('md4')],
    [() => createHMAC('sha512', 's'), () => createHMAC('sha512', 's')],
    [() => createHMAC('md4', 's'), () => createHMAC('md4', 's')],
  ];
  for (const [make, ref] of cases) {
    const h = make();
    h.update('ab');
    h.digest('hex');
    h.update('c');
    const r = ref();
    r.update('abc');
    assert.equal(h.digest('hex'), r.digest('hex'));
  }
});

test('data the script changes after update() does not change the digest', () => {
  const buf = new Uint8Array([1, 2, 3]);
  const h = createHMAC('sha256', 'k');
  h.update(buf);
  const first = h.digest('hex');
  buf[0] = 9;
  assert.equal(h.digest('hex'), first);
});
