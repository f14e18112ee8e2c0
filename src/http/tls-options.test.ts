import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tlsSettingsFrom, nodeTlsOptions, clientCertificateFor } from './tls-options.ts';

test('k6 TLS options become Node tls.connect options', () => {
  const { settings, problems } = tlsSettingsFrom({
    tlsVersion: { min: 'tls1.2', max: 'tls1.3' },
    tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305'],
    tlsAuth: [{ domains: ['api.example'], cert: 'C1', key: 'K1' }, { cert: 'C2', key: 'K2', password: 'pw' }],
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(nodeTlsOptions(settings, 'api.example'), {
    minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305', cert: 'C1', key: 'K1',
  });
  assert.equal(clientCertificateFor(settings, 'other.example')?.cert, 'C2', 'an entry without domains serves every host');
  assert.equal(nodeTlsOptions(settings, 'other.example').passphrase, 'pw');
  assert.deepEqual(nodeTlsOptions(tlsSettingsFrom({ tlsVersion: 'tls1.3' }).settings, 'x'), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
});

test('bad TLS options are named by path', () => {
  const { problems } = tlsSettingsFrom({ tlsVersion: 'ssl3', tlsCipherSuites: ['TLS_NOPE'], tlsAuth: [{ domains: ['x'] }] });
  assert.deepEqual(problems, [
    'tlsVersion: unknown TLS version "ssl3"; use tls1.0, tls1.1, tls1.2 or tls1.3',
    'tlsCipherSuites[0]: unknown cipher suite "TLS_NOPE"',
    "tlsAuth[0]: needs cert and key as PEM strings (e.g. open('client.crt'))",
  ]);
});
