import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestAuthorization, parseChallenges, pickDigestChallenge } from './digest-auth.ts';

function params(header: string): Record<string, string> {
  return parseChallenges(header)[0].params;
}

// RFC 7616 §3.9.1
const RFC7616 = 'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=%ALG%, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const INPUT = { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };

test('RFC 7616 examples: MD5 and SHA-256 with qop=auth', () => {
  const md5 = digestAuthorization(pickDigestChallenge(RFC7616.replace('%ALG%', 'MD5'))!, INPUT)!;
  assert.equal(params(md5).response, '8ca523f5e9506fed4657c9700eebdbec');
  const sha = digestAuthorization(pickDigestChallenge(RFC7616.replace('%ALG%', 'SHA-256'))!, INPUT)!;
  const p = params(sha);
  assert.equal(p.response, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  assert.deepEqual([p.username, p.realm, p.uri, p.qop, p.nc, p.algorithm, p.opaque], ['Mufasa', 'http-auth@example.org', '/dir/index.html', 'auth', '00000001', 'SHA-256', 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS']);
});

test('RFC 2617 example (MD5, no algorithm given) and the qop-less legacy form', () => {
  const challenge = pickDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
  const auth = digestAuthorization(challenge, { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' })!;
  assert.equal(params(auth).response, '6629fae49393a05397450978507c4ef1');
  // no qop (RFC 2069) → response = H(HA1:nonce:HA2), no nc/cnonce
  const legacy = digestAuthorization(pickDigestChallenge('Digest realm="testrealm", nonce="1053604145"')!, { username: 'testuser', password: 'testpass', method: 'GET', uri: '/64' })!;
  const md5 = (x: string) => createHash('md5').update(x).digest('hex');
  assert.equal(params(legacy).response, md5(`${md5('testuser:testrealm:testpass')}:1053604145:${md5('GET:/64')}`));
  assert.equal(params(legacy).cnonce, undefined);
});

test('challenges: several in one header, quoted commas, unsupported algorithms skipped', () => {
  const list = parseChallenges('Basic realm="a, b", Digest realm="r", nonce="n1", algorithm=SHA-512, Digest realm="r", nonce="n2", algorithm=SHA-256');
  assert.deepEqual(list.map((c) => c.scheme), ['Basic', 'Digest', 'Digest']);
  assert.equal(list[0].params.realm, 'a, b');
  assert.equal(pickDigestChallenge('Basic realm="x"'), undefined);
  assert.equal(pickDigestChallenge('Digest realm="r", nonce="n1", algorithm=SHA-512, Digest realm="r", nonce="n2", algorithm=SHA-256')!.params.nonce, 'n2');
  assert.equal(digestAuthorization(parseChallenges('Digest realm="r", nonce="n", qop="auth-conf"')[0], INPUT), undefined);
});
