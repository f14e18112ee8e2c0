/**
 * k6/crypto and the WebCrypto global as the plans use them (issue #4): a
 * Stripe-style webhook signed with crypto.hmac is accepted by a server that
 * verifies with node:crypto; every k6 hash agrees with a reference value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const SECRET = 'whsec_test_123';

test('a webhook signed with crypto.hmac is accepted by a node:crypto verifier; hashes and WebCrypto agree with references', async () => {
  let accepted = 0;
  let rejected = 0;
  const target = await startTarget({
    '/webhooks/stripe': (req, res, body) => {
      const header = String(req.headers['stripe-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1] ?? '';
      const v1 = Buffer.from(/v1=([0-9a-f]+)/.exec(header)?.[1] ?? '', 'hex');
      const expected = createHmac('sha256', SECRET).update(`${t}.${body.toString('utf8')}`).digest();
      const ok = v1.length === expected.length && timingSafeEqual(v1, expected);
      if (ok) accepted++; else rejected++;
      res.statusCode = ok ? 200 : 400;
      res.end();
    },
  });
  try {
    const dir = await scriptDir({
      'crypto.js': `import http from 'k6/http';
import crypto from 'k6/crypto';
import { check } from 'k6';
export const options = { iterations: 5, thresholds: { checks: ['rate==1'] } };
export default async function () {
  const body = JSON.stringify({ id: 'evt_' + __ITER, type: 'checkout.session.completed' });
  const t = Math.floor(Date.now() / 1000);
  const sig = crypto.hmac('sha256', '${SECRET}', t + '.' + body, 'hex');
  const res = http.post('${target.url}/webhooks/stripe', body, { headers: { 'Stripe-Signature': 't=' + t + ',v1=' + sig, 'Content-Type': 'application/json' } });
  check(res, { 'webhook accepted': (r) => r.status === 200 });
  const h = crypto.createHash('sha256'); h.update('ab'); h.update('c');
  const m = crypto.createHMAC('md4', 'key'); m.update('msg');
  check(null, {
    'md4': () => crypto.md4('abc', 'hex') === 'a448017aaf21d8525fc10ae87aa6729d',
    'md5': () => crypto.md5('abc', 'hex') === '900150983cd24fb0d6963f7d28e17f72',
    'sha1 base64': () => crypto.sha1('abc', 'base64') === 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0=',
    'sha256 incremental': () => h.digest('hex') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'sha384': () => crypto.sha384('abc', 'hex').startsWith('cb00753f45a35e8b'),
    'sha512': () => crypto.sha512('abc', 'hex').startsWith('ddaf35a193617aba'),
    'ripemd160': () => crypto.ripemd160('abc', 'hex') === '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
    'hmac-md4 is 16 bytes': () => m.digest('binary').byteLength === 16,
    'randomBytes': () => crypto.randomBytes(12).byteLength === 12,
  });
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const random = globalThis.crypto.getRandomValues(new Uint8Array(8));
  check(null, {
    'subtle.digest': () => hex === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'getRandomValues': () => random.length === 8,
    'randomUUID': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(globalThis.crypto.randomUUID()),
  });
}
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'crypto.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.checks.passes, 5 * 13, r.stdout);
    assert.equal(accepted, 5);
    assert.equal(rejected, 0);
  } finally {
    await target.close();
  }
});
