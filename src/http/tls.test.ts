import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createHttpEngine } from './index.ts';

// A self-signed test certificate for "localhost", valid 2020–2120 (no real trust anywhere).
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgcFSWoc1gXJjN5B7l
qNfC2+Ng93Oo7/du3YUMPXb5y8uhRANCAAR9kcCHFvuXABwr5NMsKuKlpwexd3Sc
DhZQlzA7vMnF6Bejnrymw3CO2h7jAVLOZajQCXMYFqtS3nUGSLqQpziu
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBYTCCAQegAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABH2RwIcW+5cAHCvk
0ywq4qWnB7F3dJwOFlCXMDu8ycXoF6OevKbDcI7aHuMBUs5lqNAJcxgWq1LedQZI
upCnOK6jSDBGMBQGA1UdEQQNMAuCCWxvY2FsaG9zdDAPBgNVHRMBAf8EBTADAQH/
MB0GA1UdDgQWBBR53SxTRSvk4Y50v9rkjCwqSCOx4zAKBggqhkjOPQQDAgNIADBF
AiEArrjf+lO3svWTb8cmuLyP7lUHKxud58eTv4CxuEnIKNECIEevlsBQbCSph9eX
MzNiodFF5Fnk7O9wJg+e49zcixa5
-----END CERTIFICATE-----`;

let h1: https.Server;
let h2: http2.Http2SecureServer;
let h1Port = 0;
let h2Port = 0;

before(async () => {
  h1 = https.createServer({ key: KEY, cert: CERT }, (_req, res) => res.end('secure'));
  h2 = http2.createSecureServer({ key: KEY, cert: CERT, allowHTTP1: true }, (_req, res) => res.end('h2'));
  await new Promise<void>((r) => h1.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
  h1Port = (h1.address() as AddressInfo).port;
  h2Port = (h2.address() as AddressInfo).port;
});

after(() => {
  h1.closeAllConnections();
  h1.close();
  h2.close();
});

test('https reports a TLS handshake only on the request that opened the connection', async () => {
  const engine = createHttpEngine({ insecureSkipTLSVerify: true, hosts: { 'localhost': '127.0.0.1' } });
  const first = (await engine.request({ method: 'GET', url: `https://localhost:${h1Port}/` })).response;
  const second = (await engine.request({ method: 'GET', url: `https://localhost:${h1Port}/` })).response;
  await engine.close();
  assert.equal(first.status, 200);
  assert.equal(first.body, 'secure');
  assert.ok(first.timings.tlsHandshaking > 0);
  assert.ok(first.timings.connecting > 0);
  assert.equal(first.tlsVersion, 'tls1.3');
  assert.equal(second.timings.tlsHandshaking, 0);
  assert.equal(second.timings.connecting, 0);
});

test('an untrusted certificate fails with error code 1310 unless insecureSkipTLSVerify', async () => {
  const engine = createHttpEngine({ hosts: { 'localhost': '127.0.0.1' } });
  const r = (await engine.request({ method: 'GET', url: `https://localhost:${h1Port}/` })).response;
  await engine.close();
  assert.equal(r.status, 0);
  assert.equal(r.errorCode, 1310);
  assert.equal(r.error, 'x509: unknown authority');
});

test('servers that offer HTTP/2 over ALPN are spoken to in HTTP/2', async () => {
  const engine = createHttpEngine({ insecureSkipTLSVerify: true, hosts: { 'localhost': '127.0.0.1' } });
  const r = (await engine.request({ method: 'GET', url: `https://localhost:${h2Port}/` })).response;
  const again = (await engine.request({ method: 'GET', url: `https://localhost:${h2Port}/` })).response;
  await engine.close();
  assert.equal(r.status, 200);
  assert.equal(r.proto, 'HTTP/2.0');
  assert.equal(r.body, 'h2');
  assert.equal(r.statusText, '200 OK');
  assert.ok(r.bytesReceived > 0 && r.bytesSent > 0);
  assert.equal(again.timings.connecting, 0);
});
