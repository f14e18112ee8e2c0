import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeTlsOptions, clientCertificateFor, type TlsSettings } from './tls-options.ts';

test('TLS settings become Node tls.connect options, with the client certificate for the host', () => {
  const settings: TlsSettings = {
    minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
    clientCertificates: [{ domains: ['API.example'], cert: 'C1', key: 'K1' }, { domains: [], cert: 'C2', key: 'K2', password: 'pw' }],
  };
  assert.deepEqual(nodeTlsOptions(settings, 'api.example'), {
    minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305', cert: 'C1', key: 'K1',
  });
  assert.equal(clientCertificateFor(settings, 'other.example')?.cert, 'C2', 'an entry without domains serves every host');
  assert.equal(nodeTlsOptions(settings, 'other.example').passphrase, 'pw');
  assert.deepEqual(nodeTlsOptions({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }, 'x'), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
  assert.deepEqual(nodeTlsOptions({}, 'x'), {});
});
