import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tlsSettingsFrom } from './tls.ts';

test("k6's TLS options become settings in Node's terms", () => {
  const problems: string[] = [];
  const settings = tlsSettingsFrom({
    tlsVersion: { min: 'tls1.2', max: 'tls1.3' },
    tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_AES_128_GCM_SHA256'],
    tlsAuth: [{ domains: ['api.example'], cert: 'C1', key: 'K1' }, { cert: 'C2', key: 'K2', password: 'pw' }],
  }, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3',
    // TLS 1.3 suites are accepted and not configurable, as in k6 (Go)
    ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
    clientCertificates: [{ domains: ['api.example'], cert: 'C1', key: 'K1' }, { domains: [], cert: 'C2', key: 'K2', password: 'pw' }],
  });
  assert.deepEqual(tlsSettingsFrom({ tlsVersion: 'tls1.3' }, problems), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
  const all = new Set(['rc4-sha', 'aes128-gcm-sha256']);
  assert.deepEqual(tlsSettingsFrom({ tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_WITH_AES_128_GCM_SHA256'] }, problems, [], all), { ciphers: 'RC4-SHA:AES128-GCM-SHA256' });
  assert.equal(tlsSettingsFrom({ userAgent: 'x' }, problems), undefined, 'no TLS option: no settings');
  assert.deepEqual(problems, []);
});

test('bad TLS options are named by path', () => {
  const problems: string[] = [];
  tlsSettingsFrom({ tlsVersion: 'ssl3', tlsCipherSuites: ['TLS_NOPE'], tlsAuth: [{ domains: ['x'] }] }, problems);
  tlsSettingsFrom({ tlsVersion: { min: 'tls1.3', max: 'tls1.2', mni: 'x' }, tlsCipherSuites: 'TLS_RSA_WITH_AES_128_CBC_SHA', tlsAuth: {} }, problems);
  tlsSettingsFrom({ tlsVersion: 12, tlsAuth: [{ cert: 'C', key: 'K', domains: 'x' }] }, problems);
  assert.deepEqual(problems, [
    'tlsVersion: unknown TLS version "ssl3"; use tls1.0, tls1.1, tls1.2 or tls1.3',
    'tlsCipherSuites[0]: unknown cipher suite "TLS_NOPE"',
    "tlsAuth[0]: needs cert and key as PEM strings (e.g. open('client.crt'))",
    'tlsVersion.mni: unknown field; use min and max',
    'tlsVersion: min "tls1.3" is above max "tls1.2"',
    'tlsCipherSuites: must be a list of cipher suite names, got "TLS_RSA_WITH_AES_128_CBC_SHA"',
    'tlsAuth: must be a list of { domains, cert, key }, got {}',
    'tlsVersion: must be a string such as "tls1.2" or { min, max }, got 12',
    'tlsAuth[0].domains: must be a list of hostnames, got "x"',
  ]);
});

test('suites this OpenSSL cannot offer are left out with one warning; none usable is a problem', () => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const available = new Set(['aes128-gcm-sha256']);
  const k6List = ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_AES_128_GCM_SHA256'];
  assert.deepEqual(tlsSettingsFrom({ tlsCipherSuites: k6List }, problems, warnings, available), { ciphers: 'AES128-GCM-SHA256' });
  assert.deepEqual(problems, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^tlsCipherSuites: TLS_RSA_WITH_RC4_128_SHA, TLS_RSA_WITH_3DES_EDE_CBC_SHA cannot be offered/);

  tlsSettingsFrom({ tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA'] }, problems, warnings, available);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^tlsCipherSuites: none of the listed suites can be offered .*TLS_RSA_WITH_RC4_128_SHA/);

  // TLS 1.3 suites are always usable
  const p2: string[] = [];
  tlsSettingsFrom({ tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_AES_128_GCM_SHA256'] }, p2, [], available);
  assert.deepEqual(p2, []);
});

test('the real runtime: RC4 is warned about, not refused, when listed next to a modern suite', () => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const s = tlsSettingsFrom({ tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }, problems, warnings);
  assert.deepEqual(problems, []);
  assert.ok(s?.ciphers?.includes('ECDHE-RSA-AES128-GCM-SHA256'));
});
