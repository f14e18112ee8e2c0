/**
 * TLS as the plans meet it (issue #4), with certificates made by openssl in
 * the test: a target whose CA the VU does not trust fails with k6's TLS
 * error code unless insecureSkipTLSVerify; HTTP/2 is negotiated and shows in
 * `proto`; tlsAuth presents a client certificate to a server that demands
 * one; tlsVersion pins the protocol version.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { makeTestCerts, type TestCerts } from './helpers/certs.ts';

let certs: TestCerts;
let h2: http2.Http2SecureServer;
let mtls: http2.Http2SecureServer;
const seen = { h2: 0, mtlsClients: [] as string[] };

before(async () => {
  certs = await makeTestCerts();
  h2 = http2.createSecureServer({ key: certs.serverKey, cert: certs.serverCert, allowHTTP1: true }, (req, res) => {
    seen.h2++;
    res.end(`hello over ${req.httpVersion}`);
  });
  mtls = http2.createSecureServer({ key: certs.serverKey, cert: certs.serverCert, ca: certs.caCert, requestCert: true, rejectUnauthorized: true, allowHTTP1: true }, (req, res) => {
    seen.mtlsClients.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? ''));
    res.end(`tls ${(req.socket as TLSSocket).getProtocol()}`);
  });
  await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => mtls.listen(0, '127.0.0.1', r));
});

after(() => { h2.close(); mtls.close(); });

const port = (s: http2.Http2SecureServer) => (s.address() as AddressInfo).port;

async function run(script: string, extra: string[] = []) {
  const dir = await scriptDir({ 's.js': script });
  const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), ...extra, path.join(dir, 's.js')]);
  const summary = r.code === 0 || r.code === 99 ? JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) : undefined;
  return { ...r, summary };
}

test('an untrusted certificate fails with error_code 1310 unless insecureSkipTLSVerify; HTTP/2 shows in proto', async () => {
  const url = `https://localhost:${port(h2)}/`;
  const strict = await run(`import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 2, thresholds: { 'http_reqs{error_code:1310}': ['count==2'] } };
export default function () {
  const r = http.get('${url}');
  check(r, { 'refused as untrusted': (r) => r.status === 0 && r.error_code === 1310 && /x509|certificate/i.test(r.error) });
}
`);
  assert.equal(strict.code, 0, strict.stdout + strict.stderr);
  assert.equal(strict.summary.metrics.checks.fails, 0, strict.stdout);
  assert.equal(strict.summary.metrics.http_req_failed.value, 1);

  const before = seen.h2;
  const skip = await run(`import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 3, insecureSkipTLSVerify: true, thresholds: { 'http_reqs{proto:HTTP/2.0}': ['count==3'] } };
export default function () {
  const r = http.get('${url}');
  check(r, { 'h2': (r) => r.status === 200 && r.proto === 'HTTP/2.0' && r.body === 'hello over 2.0' && r.tls_version === 'tls1.3' });
}
`);
  assert.equal(skip.code, 0, skip.stdout + skip.stderr);
  assert.equal(skip.summary.metrics.checks.fails, 0, skip.stdout);
  assert.equal(seen.h2 - before, 3);
  assert.equal(skip.summary.metrics['http_reqs{proto:HTTP/2.0}'].count, 3);
});

test('tlsAuth presents the client certificate for its domains; tlsVersion pins TLS 1.2', async () => {
  const url = `https://localhost:${port(mtls)}/`;
  seen.mtlsClients.length = 0;
  const r = await run(`import http from 'k6/http';
import { check } from 'k6';
export const options = {
  iterations: 2, insecureSkipTLSVerify: true, tlsVersion: { min: 'tls1.2', max: 'tls1.2' },
  tlsAuth: [{ domains: ['localhost'], cert: open('${certs.files.clientCert}'), key: open('${certs.files.clientKey}') }],
};
export default function () {
  const r = http.get('${url}');
  check(r, { 'mutual TLS 1.2': (r) => r.status === 200 && r.body === 'tls TLSv1.2' && r.tls_version === 'tls1.2' });
}
`);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.summary.metrics.checks.fails, 0, r.stdout);
  assert.deepEqual(seen.mtlsClients, ['stampede-vu', 'stampede-vu']);

  const without = await run(`import http from 'k6/http';
export const options = { iterations: 1, insecureSkipTLSVerify: true };
export default function () { http.get('${url}'); }
`);
  assert.equal(without.code, 0, without.stderr);
  assert.equal(without.summary.metrics.http_req_failed.value, 1, 'the server refuses a client without a certificate');
});
